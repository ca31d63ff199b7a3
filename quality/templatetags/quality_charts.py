"""Server-drawn SVG charts for the quality dashboards: bars (Pareto, harm) and trends.

No JavaScript chart library: the hospital intranet may be offline, and an SVG
drawn here prints, scales on a phone and needs no build step.
"""

from decimal import Decimal

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()

BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, BAR_AREA = 22, 6, 230, 260
TREND_W, TREND_H, TREND_PAD = 640, 200, 34


def _shorten(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@register.simple_tag
def bar_chart(rows, label="", value_key="count", label_key="label", line_key=""):
    """Horizontal bars of rows[value_key], labelled by rows[label_key].

    With `line_key` (e.g. "cumulative", a percentage), its value is written at
    each bar's end: the Pareto chart's cumulative share.
    """
    rows = list(rows)
    if not rows:
        return ""
    top = max((float(r[value_key] or 0) for r in rows), default=0) or 1.0
    height = len(rows) * (BAR_HEIGHT + BAR_GAP)
    width = LABEL_WIDTH + BAR_AREA + 90
    parts = []
    for i, row in enumerate(rows):
        y = i * (BAR_HEIGHT + BAR_GAP)
        value = float(row[value_key] or 0)
        bar = max(value / top * BAR_AREA, 1 if value else 0)
        extra = ""
        if line_key and row.get(line_key) is not None:
            extra = f" · {Decimal(row[line_key]):.0f}%"
        parts.append(
            format_html(
                '<text x="{lx}" y="{ty}" text-anchor="end" font-size="12">{text}<title>{full}</title></text>'
                '<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="2" fill-opacity=".75"/>'
                '<text x="{vx}" y="{ty}" font-size="12">{value}{extra}</text>',
                lx=LABEL_WIDTH - 6,
                ty=y + BAR_HEIGHT - 6,
                text=_shorten(str(row[label_key])),
                full=row[label_key],
                x=LABEL_WIDTH,
                y=y,
                w=f"{bar:.1f}",
                h=BAR_HEIGHT,
                vx=f"{LABEL_WIDTH + bar + 4:.1f}",
                value=row[value_key],
                extra=extra,
            )
        )
    return format_html(
        '<svg class="quality-chart w-100" viewBox="0 0 {w} {h}" role="img" aria-label="{label}" '
        'preserveAspectRatio="xMinYMin meet" fill="currentColor">{body}</svg>',
        w=width,
        h=height,
        label=label,
        body=format_html("{}" * len(parts), *parts),
    )


@register.simple_tag
def trend_chart(values, labels, label="", unit=""):
    """A line of values over periods (None leaves a gap), with the first and last labels."""
    points = [(i, float(v)) for i, v in enumerate(values) if v is not None]
    if not points:
        return ""
    high = max(v for _i, v in points) or 1.0
    step = (TREND_W - 2 * TREND_PAD) / max(len(values) - 1, 1)

    def xy(i, v):
        return TREND_PAD + i * step, TREND_H - TREND_PAD - v / high * (TREND_H - 2 * TREND_PAD)

    coords = [xy(i, v) for i, v in points]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="3"><title>{}: {}</title></circle>',
        ((f"{x:.1f}", f"{y:.1f}", labels[i], f"{v:.2f}") for (x, y), (i, v) in zip(coords, points, strict=True)),
    )
    axis = format_html(
        '<line x1="{p}" y1="{b}" x2="{r}" y2="{b}" stroke="currentColor" stroke-opacity=".3"/>'
        '<text x="{p}" y="{ly}" font-size="11">{first}</text>'
        '<text x="{r}" y="{ly}" font-size="11" text-anchor="end">{last}</text>'
        '<text x="2" y="{ty}" font-size="11">{top} {unit}</text>',
        p=TREND_PAD,
        b=TREND_H - TREND_PAD,
        r=TREND_W - TREND_PAD,
        ly=TREND_H - 12,
        first=labels[0] if labels else "",
        last=labels[-1] if labels else "",
        ty=TREND_PAD - 8,
        top=f"{high:.2f}",
        unit=unit,
    )
    return format_html(
        '<svg class="quality-chart w-100" viewBox="0 0 {w} {h}" role="img" aria-label="{label}" '
        'fill="currentColor">{axis}<polyline fill="none" stroke="currentColor" stroke-width="2" '
        'points="{line}"/>{dots}</svg>',
        w=TREND_W,
        h=TREND_H,
        label=label,
        axis=axis,
        line=line,
        dots=dots,
    )
