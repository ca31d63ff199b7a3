from django import template
from django.utils.translation import gettext_lazy as _

from inventory import access

register = template.Library()


@register.inclusion_tag("inventory/_nav.html", takes_context=True)
def inventory_nav(context, active=""):
    user = context["request"].user
    keeper = access.may_keep_any_store(user)
    tabs = [
        ("items", _("Items"), "inventory:item_list", True),
        ("balances", _("Stock balances"), "inventory:balance_report", True),
        ("expiry", _("Expiry"), "inventory:expiry_report", True),
        ("receive", _("Receive"), "inventory:receive", keeper),
        ("issue", _("Issue"), "inventory:issue", keeper),
        ("transfer", _("Transfer"), "inventory:transfer", keeper),
        ("risk", _("Expiry risk"), "inventory:expiry_risk", True),
        ("suggestions", _("Purchase suggestions"), "inventory:purchase_suggestions", keeper),
        ("requisitions", _("Requisitions"), "inventory:requisition_list", True),
        ("stocktakes", _("Stocktakes"), "inventory:stocktake_list", True),
        ("kpis", _("KPIs"), "inventory:kpis", access.sees_every_store(user)),
        ("consumption", _("Consumption"), "inventory:consumption_report", access.may_see_consumption(user)),
        ("controlled", _("Controlled drugs"), "inventory:controlled_register", keeper or access.sees_every_store(user)),
    ]
    return {"tabs": [(key, label, url) for key, label, url, shown in tabs if shown], "active": active}
