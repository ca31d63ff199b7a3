from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hospital.navigation import DepartmentPage, Section, register_department_page, register_section, register_shortcut
from hospital.roles import Role


class PerformanceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "performance"
    verbose_name = _("Performance")

    def ready(self):
        from performance import access

        register_section(Section("performance", _("Costs"), "performance:costs", access.READERS, order=70))
        register_shortcut(
            Section(
                "performance.budget",
                _("Budget against actual"),
                "performance:budget",
                access.READERS,
                order=30,
                description=_("Which department overspent, and the entries behind it."),
            )
        )
        register_shortcut(
            Section(
                "performance.cockpit",
                _("Department cockpits"),
                "performance:cockpit_index",
                (Role.ADMINISTRATOR, Role.DEPARTMENT_HEAD),
                order=5,
                description=_("A department's goals, stock, equipment, staff, safety and cost on one page."),
            )
        )
        register_department_page(
            DepartmentPage("performance.cockpit", _("Cockpit"), "performance:cockpit", access.READERS)
        )
