from django import template
from django.utils.translation import gettext_lazy as _

from performance import access

register = template.Library()


@register.inclusion_tag("performance/_nav.html", takes_context=True)
def performance_nav(context, active=""):
    user = context["request"].user
    manager = access.may_manage(user)
    tabs = [
        ("costs", _("Costs"), "performance:costs", True),
        ("budget", _("Budget against actual"), "performance:budget", True),
        ("kpis", _("KPIs"), "performance:kpis", True),
        ("scorecard", _("Scorecard"), "performance:scorecard", True),
        ("cockpit", _("Department cockpit"), "performance:cockpit_index", True),
        ("allocation", _("Allocation"), "performance:allocation", manager),
        ("import", _("Import"), "performance:import", manager),
    ]
    return {"tabs": [(key, label, url) for key, label, url, shown in tabs if shown], "active": active}


@register.filter
def money(value):
    """An amount with thousands separators and cents; an em dash for none."""
    if value is None:
        return "—"
    return f"{value:,.2f}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
