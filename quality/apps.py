from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "quality"
    verbose_name = _("Quality")

    def ready(self):
        from hospital.navigation import EVERYONE, Section, register_section
        from quality.metrics import register_quality_metrics

        register_quality_metrics()
        register_section(Section("quality", _("Safety & quality"), "quality:index", (EVERYONE,), order=60))
