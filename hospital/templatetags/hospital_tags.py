"""Template helpers every app loads: charts (drawn by hospital.charts), metric values,
role labels, pagination links."""

from decimal import Decimal

from django import template
from django.utils.html import format_html_join

from hospital import charts
from hospital.roles import Role

register = template.Library()


@register.simple_tag
def sparkline(values, label=""):
    """A card's small trend line (hospital.charts.sparkline)."""
    return charts.sparkline(values, label=label)


@register.simple_tag
def trend_chart(values, labels, label="", unit="", reference=None, reference_label=""):
    """One value per period with labelled axes and values (hospital.charts.trend_chart);
    `reference` draws a target or threshold line labelled `reference_label`."""
    line = charts.Reference(float(reference), reference_label) if reference is not None else None
    return charts.trend_chart(values, labels, label=label, unit=unit, reference=line)


@register.simple_tag
def bar_chart(rows, label="", value_key="count", label_key="label", line_key=""):
    """Horizontal bars of rows[value_key] labelled by rows[label_key]; with `line_key`
    (a percentage such as a Pareto chart's cumulative share) written after each value."""
    bars = [
        charts.Bar(
            label=str(row[label_key]),
            value=float(row[value_key] or 0),
            note=f"{Decimal(row[line_key]):.0f}%" if line_key and row.get(line_key) is not None else "",
        )
        for row in rows
    ]
    return charts.bar_chart(bars, label=label)


@register.filter
def metric_value(value, decimals=1):
    """A Decimal rounded for display; an em dash when there is no data."""
    if value is None:
        return "—"
    quantum = Decimal(1).scaleb(-int(decimals))
    return f"{Decimal(value).quantize(quantum):,}"


@register.filter
def role_label(group_name):
    """The translated label of a role (a group name), or the name itself for other groups."""
    return Role(group_name).label if group_name in Role.values else group_name


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.simple_tag
def options(choices, selected=""):
    """<option> tags for (value, label) pairs."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if str(value) == str(selected) else "", label) for value, label in choices),
    )
