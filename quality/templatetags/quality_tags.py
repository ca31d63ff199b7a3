"""The quality section's tab bar: each user sees the pages their role may open."""

from django import template
from django.utils.translation import gettext_lazy as _

from quality import access

register = template.Library()


@register.inclusion_tag("quality/_nav.html", takes_context=True)
def quality_nav(context, active=""):
    user = context["request"].user
    triage = access.may_triage(user)
    dashboards = access.may_use_dashboards(user)
    tabs = [
        ("report", _("Report an event"), "quality:report_event", True),
        ("mine", _("My reports"), "quality:my_reports", True),
        ("triage", _("Triage"), "quality:triage_queue", triage),
        ("events", _("Events"), "quality:event_list", True),
        ("investigations", _("Investigations"), "quality:investigation_list", dashboards),
        ("actions", _("Actions"), "quality:action_list", True),
        ("dashboard", _("Dashboard"), "quality:dashboard", dashboards),
        ("infections", _("Infections"), "quality:infection_dashboard", dashboards),
        ("satisfaction", _("Satisfaction"), "quality:satisfaction_dashboard", dashboards),
    ]
    return {"tabs": [(key, label, url) for key, label, url, shown in tabs if shown], "active": active}


@register.filter
def may_update(user, action) -> bool:
    """{% if request.user|may_update:action %}: quality.access.may_update_action."""
    return access.may_update_action(user, action)
