"""The staffing section's tab bar, and small helpers of the roster grid."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from staffing import access

register = template.Library()


@register.inclusion_tag("staffing/_nav.html", takes_context=True)
def staffing_nav(context, active=""):
    tabs = [
        ("rosters", _("Rosters"), "staffing:roster_list"),
        ("mine", _("My roster"), "staffing:my_roster"),
        ("leave", _("Leave"), "staffing:leave_list"),
        ("requests", _("Shift requests"), "staffing:shift_requests"),
        ("swaps", _("Swaps"), "staffing:swap_list"),
        ("certifications", _("Certifications"), "staffing:certification_list"),
    ]
    return {"tabs": tabs, "active": active}


@register.inclusion_tag("staffing/_roster_tabs.html", takes_context=True)
def roster_tabs(context, roster, active=""):
    """The pages of one roster: the grid, generation and hours for its schedulers, coverage."""
    user = context["request"].user
    schedules = access.may_schedule(user, roster.department)
    tabs = [
        ("grid", _("Grid"), "staffing:roster_detail", True),
        ("generate", _("Generate"), "staffing:generate", schedules),
        ("coverage", _("Coverage"), "staffing:roster_coverage", True),
        ("hours", _("Hours"), "staffing:roster_hours", schedules),
    ]
    return {"tabs": [(k, label, url) for k, label, url, shown in tabs if shown], "roster": roster, "active": active}


@register.filter
def messages_of(violations) -> str:
    """The violations' messages on one line (a cell's tooltip)."""
    return " · ".join(str(v.message) for v in violations)


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.simple_tag
def roster_cells(row, may_edit: bool) -> SafeString:
    """The cells of one line of the roster grid (a `selectors.GridRow`): the shift's code and
    colour, leave, the broken rules' flag and tooltip, and on a draft the link to the cell's
    editor (`cell.url`). A four-week ward is some 800 cells: built here in one pass, they
    cost a tenth of what the template engine spends on the same markup tag by tag."""
    leave_mark, broken_rule = escape(gettext("L")), escape(gettext("Broken rule"))
    html = []
    for cell in row.cells:
        code = escape(cell.shift_code)
        html.append(f'<td class="{escape(cell.css_class)}" data-date="{cell.iso_date}"')
        if code:
            html.append(f' data-shift="{code}"')
        if cell.violations:
            html.append(f' title="{escape(messages_of(cell.violations))}"')
        html.append(">")
        if may_edit:
            url = escape(cell.url)
            html.append(f'<a class="cell-link" href="{url}" hx-get="{url}" hx-target="this" hx-swap="outerHTML">')
        html.append(code or (leave_mark if cell.leave else "·" if may_edit else ""))
        if cell.violations:
            html.append(f'<span class="cell-flag" aria-label="{broken_rule}">!</span>')
        html.append("</a></td>" if may_edit else "</td>")
    return mark_safe("".join(html))  # noqa: S308 - every value above is escaped
