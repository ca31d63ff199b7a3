"""The equipment section's tab bar: each user sees the pages their role may open."""

from django import template
from django.utils.translation import gettext_lazy as _

from equipment import access

register = template.Library()


@register.inclusion_tag("equipment/_nav.html", takes_context=True)
def equipment_nav(context, active=""):
    user = context["request"].user
    board = access.may_use_board(user)
    tabs = [
        ("register", _("Register"), "equipment:device_list", True),
        ("report", _("Report a fault"), "equipment:report_lookup", True),
        ("board", _("Work orders"), "equipment:board", board),
        ("maintenance", _("Maintenance"), "equipment:maintenance", board),
        ("risk", _("Failure risk"), "equipment:failure_risk", board),
        ("kpis", _("KPIs"), "equipment:kpis", access.may_see_kpis(user)),
    ]
    return {"tabs": [(key, label, url) for key, label, url, shown in tabs if shown], "active": active}


@register.filter
def duration_hours(duration) -> str:
    """A timedelta as hours with one decimal (downtime on the timeline)."""
    if duration is None:
        return "—"
    return f"{duration.total_seconds() / 3600:.1f}"


@register.filter
def get_label(labels, key):
    return labels.get(key, key)
