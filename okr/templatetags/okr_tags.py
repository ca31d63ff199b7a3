"""OKR template helpers: progress bars and the check-in chart, drawn as SVG on the server."""

import datetime as dt
from decimal import Decimal

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from okr.models import KeyResultKind
from okr.scoring import CONFIDENCE_COLOURS, score_colour

register = template.Library()

WIDTH, HEIGHT, PAD_X, PAD_Y = 640, 220, 48, 18
COLOURS = {"success": "#198754", "warning": "#ffc107", "danger": "#dc3545", "secondary": "#6c757d"}


def _n(value: float) -> str:
    return f"{value:.1f}"


@register.simple_tag
def progress_bar(progress, colour="secondary", label=""):
    return render_to_string(
        "okr/_progress.html", {"progress": Decimal(progress or 0), "colour": colour, "label": label}
    )


@register.filter
def confidence_colour(confidence):
    return CONFIDENCE_COLOURS.get(confidence, "secondary")


@register.filter(name="score_colour")
def score_colour_filter(score):
    return score_colour(score)


@register.filter
def number(value):
    """A stored Decimal without trailing zeros (4.5000 → 4.5); an em dash for none."""
    if value is None or value == "":
        return "—"
    value = Decimal(value)
    text = f"{value.normalize():f}"
    return text


@register.simple_tag
def check_in_chart(key_result, check_ins):
    """Check-ins against the line from baseline (cycle start) to target (due date or cycle end).

    Keep-within key results show their band instead of a line; points are coloured by confidence.
    """
    cycle = key_result.objective.cycle
    start, end = cycle.start, key_result.due_date or cycle.end
    end = max(end, start + dt.timedelta(days=1))
    points = [(c.date, float(c.value), c.confidence) for c in check_ins if c.value is not None]
    levels = [
        float(v) for v in (key_result.baseline, key_result.target, key_result.lower, key_result.upper) if v is not None
    ]
    levels += [p[1] for p in points]
    if not levels:
        return format_html('<p class="text-body-secondary small">{}</p>', _("No check-ins yet."))
    low, high = min(levels), max(levels)
    margin = (high - low) * 0.1 or abs(high) * 0.1 or 1.0
    low, high = low - margin, high + margin
    last_day = max([end, *[p[0] for p in points]])
    span_days = (last_day - start).days or 1

    def x(day: dt.date) -> float:
        return PAD_X + (day - start).days / span_days * (WIDTH - 2 * PAD_X)

    def y(value: float) -> float:
        return HEIGHT - PAD_Y - (value - low) / (high - low) * (HEIGHT - 2 * PAD_Y)

    parts = []
    if key_result.kind == KeyResultKind.RANGE:
        top = float(key_result.upper) if key_result.upper is not None else high
        bottom = float(key_result.lower) if key_result.lower is not None else low
        parts.append(
            format_html(
                '<rect class="okr-band" x="{}" y="{}" width="{}" height="{}" fill="#198754" opacity=".12"/>',
                PAD_X,
                _n(y(top)),
                WIDTH - 2 * PAD_X,
                _n(y(bottom) - y(top)),
            )
        )
    elif key_result.baseline is not None and key_result.target is not None:
        parts.append(
            format_html(
                '<line class="okr-plan" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#6c757d" '
                'stroke-dasharray="6 4" stroke-width="1.5"/>',
                _n(x(start)),
                _n(y(float(key_result.baseline))),
                _n(x(end)),
                _n(y(float(key_result.target))),
            )
        )
    for value in (low + margin, high - margin):
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" text-anchor="end" fill="#6c757d">{}</text>',
                PAD_X - 6,
                _n(y(value) + 4),
                f"{value:g}",
            )
        )
    parts.append(
        format_html(
            '<text x="{}" y="{}" font-size="11" fill="#6c757d">{}</text>'
            '<text x="{}" y="{}" font-size="11" text-anchor="end" fill="#6c757d">{}</text>',
            PAD_X,
            HEIGHT - 2,
            start.isoformat(),
            WIDTH - PAD_X,
            HEIGHT - 2,
            end.isoformat(),
        )
    )
    if len(points) > 1:
        line = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v, _c in points)
        parts.append(format_html('<polyline fill="none" stroke="#0d6efd" stroke-width="2" points="{}"/>', line))
    parts.append(
        format_html_join(
            "",
            '<circle class="okr-point" cx="{}" cy="{}" r="4" fill="{}"><title>{}: {}</title></circle>',
            (
                (_n(x(d)), _n(y(v)), COLOURS[CONFIDENCE_COLOURS.get(c, "secondary")], d.isoformat(), f"{v:g}")
                for d, v, c in points
            ),
        )
    )
    return format_html(
        '<svg class="okr-chart mw-100 h-auto" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'aria-label="{label}">{body}</svg>',
        w=WIDTH,
        h=HEIGHT,
        label=_("Check-ins of “%(kr)s” against the planned line") % {"kr": key_result.title},
        body=mark_safe("".join(str(p) for p in parts)),  # noqa: S308 - every part is built with format_html
    )
