from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hospital.department_lists import register_department_list
from hospital.navigation import EVERYONE, Section, register_section, register_shortcut
from okr import access


class OkrConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "okr"
    verbose_name = _("OKR")

    def ready(self):
        from okr.department_lists import department_objectives_list

        register_department_list("okr", department_objectives_list)
        register_section(Section("okr", _("OKR"), "okr:cascade", (EVERYONE,), order=10))
        register_shortcut(
            Section(
                "okr.check_ins",
                _("Record this week's OKR check-ins"),
                "okr:my_department",
                access.WEEKLY_CHECK_IN_ROLES,
                order=1,
                description=_("All of your department's key results on one form."),
            )
        )
