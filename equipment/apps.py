from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hospital.navigation import EVERYONE, Section, register_section, register_shortcut


class EquipmentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "equipment"
    verbose_name = _("Equipment")

    def ready(self):
        from equipment import access

        register_section(Section("equipment", _("Equipment"), "equipment:device_list", (EVERYONE,), order=40))
        register_shortcut(
            Section(
                "equipment.report",
                _("Report a faulty device"),
                "equipment:report_lookup",
                (EVERYONE,),
                order=12,
                description=_("Scan the label or type the asset tag: the engineers are told at once."),
            )
        )
        register_shortcut(
            Section("equipment.board", _("Work-order board"), "equipment:board", access.MANAGERS, order=6)
        )
        register_shortcut(
            Section("equipment.maintenance", _("Maintenance due"), "equipment:maintenance", access.MANAGERS, order=7)
        )
