from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hospital.background_exports import register_export
from hospital.navigation import EVERYONE, Section, register_section, register_shortcut
from quality import access


class QualityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "quality"
    verbose_name = _("Quality")

    def ready(self):
        from hospital.models import register_path_copy
        from quality.exports import EVENTS_EXPORT

        register_export(EVENTS_EXPORT)
        register_path_copy("quality.CorrectiveAction", "department_path")
        register_section(Section("quality", _("Safety & quality"), "quality:index", (EVERYONE,), order=60))
        register_shortcut(
            Section(
                "quality.report",
                _("Report a safety event"),
                "quality:report_event",
                (EVERYONE,),
                order=10,
                description=_("In under a minute, anonymously if you wish."),
            )
        )
        register_shortcut(Section("quality.mine", _("My safety reports"), "quality:my_reports", (EVERYONE,), order=11))
        register_shortcut(
            Section("quality.triage", _("Triage new reports"), "quality:triage_queue", access.QUALITY_OFFICE, order=5)
        )
