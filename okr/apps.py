from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OkrConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "okr"
    verbose_name = _("OKR")
