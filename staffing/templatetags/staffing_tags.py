"""The staffing section's tab bar, and small helpers of the roster grid."""

from django import template
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
