from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hospital.navigation import EVERYONE, Section, register_section, register_shortcut
from hospital.roles import Role


class InventoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "inventory"
    verbose_name = _("Inventory")

    def ready(self):
        register_section(Section("inventory", _("Inventory"), "inventory:item_list", (EVERYONE,), order=20))
        register_shortcut(
            Section(
                "inventory.issue",
                _("Issue stock"),
                "inventory:issue",
                (Role.PHARMACIST, Role.ADMINISTRATOR),
                order=20,
                description=_("Scan, choose the department: earliest expiry first."),
            )
        )
        register_shortcut(
            Section("inventory.receive", _("Receive a delivery"), "inventory:receive", (Role.PHARMACIST,), order=21)
        )
        register_shortcut(
            Section(
                "inventory.requisition",
                _("Ask for stock for the ward"),
                "inventory:requisition_new",
                (Role.NURSE, Role.DEPARTMENT_HEAD),
                order=22,
            )
        )
        register_shortcut(
            Section(
                "inventory.expiry", _("Stock expiring soon"), "inventory:expiry_report", (Role.PHARMACIST,), order=23
            )
        )
