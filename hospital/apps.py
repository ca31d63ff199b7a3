from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HospitalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "hospital"
    verbose_name = _("Hospital")

    def ready(self):
        from hospital import checks, metric_registry, navigation  # noqa: F401 - checks register themselves

        metric_registry.discover_app_metrics()
        navigation.register_core_sections()
