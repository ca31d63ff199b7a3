"""The one chart module: SVG drawn on the server for every app's pages.

No JavaScript chart library: hospital intranets are often offline, and an SVG
drawn here prints, scales on a phone and needs no build step. Each chart has
labelled axes, values written beside the marks (touch screens have no hover),
a reference line (target, threshold) where there is one, and a legend when it
shows more than one series. Templates use the tags in `hospital_tags`
(`bar_chart`, `trend_chart`, `sparkline`); apps with a chart of their own (the
OKR check-in chart) build it from `plot`.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 220
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 52, 16, 24, 34
MUTED = "#6c757d"
SERIES_COLOURS = ("#0d6efd", "#d63384", "#198754", "#fd7e14")
MAX_VALUE_LABELS = 13  # above this many points, values are in the tooltips only
MIN_LABEL_SPACING = 30  # pixels between two written values


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    title: str = ""
    colour: str = ""  # a point's own colour (e.g. an OKR check-in's confidence)


@dataclass(frozen=True)
class Line:
    name: str
    points: Sequence[Point]
    dashed: bool = False
    show_values: bool = True


@dataclass(frozen=True)
class Reference:
    """A horizontal line across the plot: a target or a threshold."""

    y: float
    label: str


@dataclass
class Plot:
    label: str
    x_min: float
    x_max: float
    x_ticks: Sequence[tuple[float, str]]
    lines: Sequence[Line] = ()
    references: Sequence[Reference] = ()
    band: tuple[float, float] | None = None  # a shaded range of y (keep-within targets)
    unit: str = ""
    y_values: list[float] = field(default_factory=list)  # extra values the y axis must show


def _c(value: float) -> str:
    """A coordinate, to one decimal (format_html escapes its arguments to text first)."""
    return f"{value:.1f}"


def _number(value: float) -> str:
    """A value for a label: no trailing zeros, at most two decimals."""
    return f"{Decimal(str(round(value, 2))).normalize():f}"


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round tick values covering low..high (1, 2, 2.5 or 5 times a power of ten apart)."""
    if high <= low:
        high = low + (abs(low) or 1.0)
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(value, 10))
    return ticks


def plot(chart: Plot) -> SafeString:
    """Draw a plot: axes with labelled ticks, lines with their points, references, legend."""
    ys = [p.y for line in chart.lines for p in line.points] + [r.y for r in chart.references] + chart.y_values
    if chart.band:
        ys += list(chart.band)
    ticks = nice_ticks(min(ys, default=0.0), max(ys, default=1.0))
    y_low, y_high = ticks[0], ticks[-1]
    x_span = (chart.x_max - chart.x_min) or 1.0
    legend = len(chart.lines) > 1
    top = PAD_TOP + (16 if legend else 0)
    inner_w, inner_h = WIDTH - PAD_LEFT - PAD_RIGHT, HEIGHT - top - PAD_BOTTOM

    def sx(x: float) -> float:
        return PAD_LEFT + (x - chart.x_min) / x_span * inner_w

    def sy(y: float) -> float:
        return top + inner_h - (y - y_low) / ((y_high - y_low) or 1.0) * inner_h

    parts = []
    if chart.band:
        low, high = chart.band
        parts.append(
            format_html(
                '<rect class="chart-band" x="{}" y="{}" width="{}" height="{}" fill="#198754" opacity=".12"/>',
                PAD_LEFT,
                _c(sy(high)),
                inner_w,
                _c(sy(low) - sy(high)),
            )
        )
    for tick in ticks:
        parts.append(
            format_html(
                '<line x1="{l}" x2="{r}" y1="{y}" y2="{y}" stroke="{c}" stroke-opacity=".2"/>'
                '<text class="chart-y-tick" x="{tx}" y="{ty}" font-size="11" text-anchor="end" fill="{c}">'
                "{v}</text>",
                l=PAD_LEFT,
                r=WIDTH - PAD_RIGHT,
                y=_c(sy(tick)),
                tx=PAD_LEFT - 6,
                ty=_c(sy(tick) + 4),
                c=MUTED,
                v=_number(tick),
            )
        )
    if chart.unit:
        parts.append(format_html('<text x="4" y="{}" font-size="11" fill="{}">{}</text>', top - 10, MUTED, chart.unit))
    for x, text in chart.x_ticks:
        # a label at either edge is anchored inwards so that it is not cut off
        anchor = "end" if sx(x) > WIDTH - PAD_RIGHT - 40 else "start" if sx(x) < PAD_LEFT + 10 else "middle"
        parts.append(
            format_html(
                '<text class="chart-x-tick" x="{}" y="{}" font-size="11" text-anchor="{}" fill="{}">{}</text>',
                _c(sx(x)),
                HEIGHT - 10,
                anchor,
                MUTED,
                text,
            )
        )
    for reference in chart.references:
        parts.append(
            format_html(
                '<line class="chart-reference" x1="{l}" x2="{r}" y1="{y}" y2="{y}" stroke="#dc3545" '
                'stroke-dasharray="6 4"/><text x="{r}" y="{ty}" font-size="11" text-anchor="end" '
                'fill="#dc3545">{label}</text>',
                l=PAD_LEFT,
                r=WIDTH - PAD_RIGHT,
                y=_c(sy(reference.y)),
                ty=_c(sy(reference.y) - 4),
                label=reference.label,
            )
        )
    for index, line in enumerate(chart.lines):
        colour = MUTED if line.dashed else SERIES_COLOURS[index % len(SERIES_COLOURS)]
        parts.append(_line(line, colour, sx, sy))
        if legend:
            parts.append(
                format_html(
                    '<rect x="{x}" y="6" width="12" height="3" fill="{c}"/>'
                    '<text class="chart-legend" x="{tx}" y="12" font-size="11">{name}</text>',
                    x=PAD_LEFT + index * 150,
                    tx=PAD_LEFT + index * 150 + 16,
                    c=colour,
                    name=line.name,
                )
            )
    return format_html(
        '<svg class="chart mw-100 h-auto" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'aria-label="{label}">{body}</svg>',
        w=WIDTH,
        h=HEIGHT,
        label=chart.label,
        body=mark_safe("".join(str(p) for p in parts)),  # noqa: S308 - every part is built with format_html
    )


def _points_to_label(points: Sequence[Point], sx) -> set[int]:
    """Indexes of the points whose value is written: the latest always, then each one
    that does not run into the value written after it."""
    labelled, next_x = set(), math.inf
    for index in range(len(points) - 1, -1, -1):
        x = sx(points[index].x)
        if next_x - x >= MIN_LABEL_SPACING:
            labelled.add(index)
            next_x = x
    return labelled


def _line(line: Line, colour: str, sx, sy) -> SafeString:
    points = list(line.points)
    parts = []
    if len(points) > 1:
        coordinates = " ".join(f"{sx(p.x):.1f},{sy(p.y):.1f}" for p in points)
        parts.append(
            format_html(
                '<polyline class="{}" fill="none" stroke="{}" stroke-width="{}" {}points="{}"/>',
                "chart-plan" if line.dashed else "chart-line",
                MUTED if line.dashed else colour,
                "1.5" if line.dashed else "2",
                mark_safe('stroke-dasharray="6 4" ') if line.dashed else "",
                coordinates,
            )
        )
    if line.dashed:
        return mark_safe("".join(str(p) for p in parts))  # noqa: S308 - built with format_html
    labelled = _points_to_label(points, sx) if line.show_values and len(points) <= MAX_VALUE_LABELS else set()
    for index, point in enumerate(points):
        x, y = sx(point.x), sy(point.y)
        write_value = index in labelled
        parts.append(
            format_html(
                '<circle class="chart-point" cx="{}" cy="{}" r="3.5" fill="{}"><title>{}</title></circle>',
                _c(x),
                _c(y),
                point.colour or colour,
                point.title or _number(point.y),
            )
        )
        if write_value:
            parts.append(
                format_html(
                    '<text class="chart-value" x="{}" y="{}" font-size="10" text-anchor="middle">{}</text>',
                    _c(x),
                    _c(y - 7),
                    _number(point.y),
                )
            )
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 - built with format_html


def trend_chart(
    values: Sequence, labels: Sequence[str], *, label: str, unit: str = "", reference: Reference | None = None
) -> SafeString:
    """One value per period (None leaves a gap), every period labelled on the x axis."""
    points = [Point(i, float(v), f"{labels[i]}: {_number(float(v))}") for i, v in enumerate(values) if v is not None]
    if not points:
        return SafeString("")
    step = max(1, math.ceil(len(labels) / 12))
    return plot(
        Plot(
            label=label,
            x_min=-0.5,
            x_max=len(values) - 0.5,
            x_ticks=[(i, text) for i, text in enumerate(labels) if i % step == 0],
            lines=[Line(label, points)],
            references=[reference] if reference else [],
            unit=unit,
            y_values=[0.0],
        )
    )


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    note: str = ""  # written after the value, e.g. a Pareto chart's cumulative share


BAR_HEIGHT, BAR_GAP, BAR_LABEL_WIDTH, BAR_AREA = 22, 6, 230, 260


def _shorten(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(bars: Sequence[Bar], *, label: str) -> SafeString:
    """Horizontal bars, each labelled and with its value written at its end."""
    bars = list(bars)
    if not bars:
        return SafeString("")
    top = max((b.value for b in bars), default=0) or 1.0
    rows = []
    for i, bar in enumerate(bars):
        y = i * (BAR_HEIGHT + BAR_GAP)
        length = max(bar.value / top * BAR_AREA, 1 if bar.value else 0)
        rows.append(
            format_html(
                '<text x="{lx}" y="{ty}" text-anchor="end" font-size="12">{text}<title>{full}</title></text>'
                '<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="2" fill-opacity=".75"/>'
                '<text class="chart-value" x="{vx}" y="{ty}" font-size="12">{value}{note}</text>',
                lx=BAR_LABEL_WIDTH - 6,
                ty=y + BAR_HEIGHT - 6,
                text=_shorten(bar.label),
                full=bar.label,
                x=BAR_LABEL_WIDTH,
                y=y,
                w=_c(length),
                h=BAR_HEIGHT,
                vx=_c(BAR_LABEL_WIDTH + length + 4),
                value=_number(bar.value),
                note=f" · {bar.note}" if bar.note else "",
            )
        )
    return format_html(
        '<svg class="chart w-100" viewBox="0 0 {w} {h}" role="img" aria-label="{label}" '
        'preserveAspectRatio="xMinYMin meet" fill="currentColor">{body}</svg>',
        w=BAR_LABEL_WIDTH + BAR_AREA + 90,
        h=len(bars) * (BAR_HEIGHT + BAR_GAP),
        label=label,
        body=format_html_join("", "{}", ((row,) for row in rows)),
    )


SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 120, 32, 3


def sparkline(values: Sequence, *, label: str) -> SafeString:
    """A small line of the values for a card (None leaves a gap); the card prints the numbers."""
    points = [(i, float(v)) for i, v in enumerate(values) if v is not None]
    if len(points) < 2:
        return SafeString("")
    low, high = min(v for _i, v in points), max(v for _i, v in points)
    span = (high - low) or 1.0
    step = (SPARK_WIDTH - 2 * SPARK_PAD) / max(len(values) - 1, 1)

    def xy(i: int, v: float) -> tuple[str, str]:
        return (
            _c(SPARK_PAD + i * step),
            _c(SPARK_HEIGHT - SPARK_PAD - (v - low) / span * (SPARK_HEIGHT - 2 * SPARK_PAD)),
        )

    coordinates = " ".join(",".join(xy(i, v)) for i, v in points)
    last_x, last_y = xy(*points[-1])
    return format_html(
        '<svg class="sparkline" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{label}">'
        '<polyline fill="none" stroke="currentColor" stroke-width="1.5" points="{points}"/>'
        '<circle cx="{cx}" cy="{cy}" r="2.5" fill="currentColor"/></svg>',
        w=SPARK_WIDTH,
        h=SPARK_HEIGHT,
        label=label,
        points=coordinates,
        cx=last_x,
        cy=last_y,
    )


# Cards: one metric's latest value, its trend and the page behind it.

BETTER, WORSE, STEADY = "better", "worse", "steady"
TONE_CLASSES = {BETTER: "text-success", WORSE: "text-danger", STEADY: "text-body-secondary"}


def judgement(direction: str, current, previous) -> str | None:
    """Whether `current` is better or worse than `previous` for a metric whose good
    direction is `direction` ("higher" or "lower"); None without both values."""
    if current is None or previous is None:
        return None
    if current == previous:
        return STEADY
    went_up = current > previous
    return BETTER if went_up == (direction == "higher") else WORSE


@dataclass(frozen=True)
class MetricCard:
    """What `templates/_metric_card.html` shows for one metric: `values` are the
    complete months (the last is the headline value), `url` the page behind it."""

    metric: object  # hospital.metric_registry.Metric
    values: Sequence
    month_to_date: object = None
    url: str = ""
    pending: bool = False  # not computed yet: the card says it is being computed
    computed_at: object = None  # when the values were computed (a datetime), shown as their age

    @property
    def value(self):
        return self.values[-1] if self.values else None

    @property
    def previous(self):
        return self.values[-2] if len(self.values) > 1 else None

    @property
    def has_data(self) -> bool:
        return any(v is not None for v in self.values) or self.month_to_date is not None

    def _shown(self, value):
        """The value as the card writes it: a change too small to show is no change."""
        return None if value is None else round(Decimal(value), self.metric.decimals)

    @property
    def trend(self) -> str | None:
        return judgement(self.metric.direction, self._shown(self.value), self._shown(self.previous))

    @property
    def tone_class(self) -> str:
        return TONE_CLASSES.get(self.trend, "")

    @property
    def change(self):
        """The change since the previous month (positive: up)."""
        return None if self.trend is None else self._shown(self.value) - self._shown(self.previous)
