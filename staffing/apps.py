from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hospital.navigation import EVERYONE, Section, register_section, register_shortcut


class StaffingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "staffing"
    verbose_name = _("Staffing")

    def ready(self):
        from staffing import access

        register_section(Section("staffing", _("Rosters"), "staffing:roster_list", (EVERYONE,), order=45))
        register_shortcut(
            Section(
                "staffing.mine",
                _("My roster"),
                "staffing:my_roster",
                (EVERYONE,),
                order=14,
                description=_("Your shifts for the coming weeks, and a link for your phone's calendar."),
            )
        )
        register_shortcut(Section("staffing.leave", _("Request leave"), "staffing:leave_list", (EVERYONE,), order=15))
        register_shortcut(
            Section("staffing.rosters", _("Build a roster"), "staffing:roster_list", access.SCHEDULERS, order=8)
        )
