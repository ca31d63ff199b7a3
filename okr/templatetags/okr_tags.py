"""OKR template helpers: progress bars and the check-in chart (drawn by hospital.charts)."""

import datetime as dt
from decimal import Decimal

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext as _

from hospital import charts
from okr.models import KeyResultKind
from okr.scoring import CONFIDENCE_COLOURS, score_colour

register = template.Library()

COLOURS = {"success": "#198754", "warning": "#ffc107", "danger": "#dc3545", "secondary": "#6c757d"}


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
    """Check-ins against the planned line from baseline (cycle start) to target (due date
    or cycle end), drawn by the core's chart module.

    Keep-within key results show their band instead of a line; points are coloured by
    confidence, and the target is a labelled reference line.
    """
    cycle = key_result.objective.cycle
    start, end = cycle.start, key_result.due_date or cycle.end
    end = max(end, start + dt.timedelta(days=1))
    check_ins = [c for c in check_ins if c.value is not None]
    if not check_ins and key_result.baseline is None and key_result.target is None:
        return format_html('<p class="text-body-secondary small">{}</p>', _("No check-ins yet."))
    last_day = max([end, *[c.date for c in check_ins]])

    def x(day: dt.date) -> float:
        return float((day - start).days)

    points = [
        charts.Point(
            x(c.date),
            float(c.value),
            title=f"{c.date.isoformat()}: {c.value.normalize():f}",
            colour=COLOURS[CONFIDENCE_COLOURS.get(c.confidence, "secondary")],
        )
        for c in check_ins
    ]
    lines = [charts.Line(_("Check-ins"), points)]
    band, references = None, []
    if key_result.kind == KeyResultKind.RANGE:
        if key_result.lower is not None and key_result.upper is not None:
            band = (float(key_result.lower), float(key_result.upper))
    elif key_result.baseline is not None and key_result.target is not None:
        plan = [charts.Point(x(start), float(key_result.baseline)), charts.Point(x(end), float(key_result.target))]
        lines.append(charts.Line(_("Plan"), plan, dashed=True))
        references.append(charts.Reference(float(key_result.target), _("Target")))
    return charts.plot(
        charts.Plot(
            label=_("Check-ins of “%(kr)s” against the planned line") % {"kr": key_result.title},
            x_min=0.0,
            x_max=x(last_day),
            x_ticks=[(0.0, start.isoformat()), (x(end), end.isoformat())],
            lines=lines,
            references=references,
            band=band,
            unit=key_result.get_unit_display(),
        )
    )
