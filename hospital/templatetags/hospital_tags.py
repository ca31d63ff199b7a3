"""Template helpers of the base layout: sparklines, metric values, pagination links."""

from decimal import Decimal

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()

SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 120, 32, 3


@register.simple_tag
def sparkline(values, label=""):
    """A small SVG line of the values (None leaves a gap); drawn on the server, no JS."""
    points = [(i, float(v)) for i, v in enumerate(values) if v is not None]
    if len(points) < 2:
        return ""
    low, high = min(v for _i, v in points), max(v for _i, v in points)
    span = (high - low) or 1.0
    step = (SPARK_WIDTH - 2 * SPARK_PAD) / max(len(values) - 1, 1)

    def xy(i, v):
        x = SPARK_PAD + i * step
        y = SPARK_HEIGHT - SPARK_PAD - (v - low) / span * (SPARK_HEIGHT - 2 * SPARK_PAD)
        return f"{x:.1f},{y:.1f}"

    polyline = " ".join(xy(i, v) for i, v in points)
    last_x, last_y = xy(*points[-1]).split(",")
    return format_html(
        '<svg class="sparkline" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{label}">'
        '<polyline fill="none" stroke="currentColor" stroke-width="1.5" points="{points}"/>'
        '<circle cx="{cx}" cy="{cy}" r="2.5" fill="currentColor"/></svg>',
        w=SPARK_WIDTH,
        h=SPARK_HEIGHT,
        label=label,
        points=polyline,
        cx=last_x,
        cy=last_y,
    )


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
    from hospital.roles import Role

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
