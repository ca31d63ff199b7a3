"""Template helpers every app loads: charts (drawn by hospital.charts), metric values,
role labels, pagination links, sortable column headers."""

from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils.html import format_html_join

from hospital import charts
from hospital.pagination import AFTER, BEFORE, CURSOR_PARAMS
from hospital.roles import Role
from hospital.sorting import SORT_PARAM

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
def signed_value(value, decimals=1):
    """A change written with its sign (+2.5, −1.0), as metric_value rounds it."""
    if value is None:
        return "—"
    text = metric_value(abs(value), decimals)
    return f"+{text}" if value > 0 else f"−{text}" if value < 0 else text


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


@register.simple_tag(takes_context=True)
def page_query(context, page_obj, number):
    """The query string of page `number` of the list: the neighbours of a keyset page
    (hospital.pagination) carry its cursor, so that "Next" is read by key; any other
    page goes by number."""
    query = context["request"].GET.copy()
    for name in CURSOR_PARAMS:
        query.pop(name, None)
    query["page"] = number
    if number == page_obj.number + 1 and getattr(page_obj, "next_cursor", None):
        query[AFTER] = page_obj.next_cursor
    elif number == page_obj.number - 1 and getattr(page_obj, "previous_cursor", None):
        query[BEFORE] = page_obj.previous_cursor
    return query.urlencode()


@register.simple_tag(takes_context=True)
def hidden_query_fields(context, *excluded):
    """Hidden inputs carrying the current query string except `excluded` names, so a
    small GET form (the page-number jump) keeps the list's filters and order."""
    query = context["request"].GET
    return format_html_join(
        "",
        '<input type="hidden" name="{}" value="{}">',
        ((name, value) for name in query if name not in excluded for value in query.getlist(name)),
    )


@register.simple_tag(takes_context=True)
def export_url(context, url_name, *args):
    """The address of a list's export with the page's filters and order (its query
    string without the page number), so that the file holds what the page lists."""
    query = context["request"].GET.copy()
    for name in ("page", *CURSOR_PARAMS):
        query.pop(name, None)
    url = reverse(url_name, args=args)
    return f"{url}?{query.urlencode()}" if query else url


@register.inclusion_tag("_sort_header.html", takes_context=True)
def sort_header(context, sort, key, label, css_class=""):
    """A column header that sorts the list by `key` (hospital.sorting): the sorted column
    shows its direction and flips it when clicked; the other query parameters are kept
    and the list starts again at page 1."""
    if not sort:  # a list shown without sorting (e.g. an included table): a plain header
        return {"label": label, "css_class": css_class}
    current = sort.key == key
    query = context["request"].GET.copy()
    query[SORT_PARAM] = f"-{key}" if current and not sort.descending else key
    for name in ("page", *CURSOR_PARAMS):
        query.pop(name, None)
    state = ("descending" if sort.descending else "ascending") if current else "none"
    return {"url": f"?{query.urlencode()}", "label": label, "key": key, "state": state, "css_class": css_class}


@register.simple_tag
def page_numbers(page_obj, around=2):
    """The page numbers to link around the current one, with None for a gap:
    1 … 4 5 [6] 7 8 … 20."""
    last, current = page_obj.paginator.num_pages, page_obj.number
    shown = {1, last, *range(max(1, current - around), min(last, current + around) + 1)}
    numbers, previous = [], 0
    for number in sorted(shown):
        if number - previous > 1:
            numbers.append(None)
        numbers.append(number)
        previous = number
    return numbers


@register.simple_tag
def options(choices, selected=""):
    """<option> tags for (value, label) pairs."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if str(value) == str(selected) else "", label) for value, label in choices),
    )
