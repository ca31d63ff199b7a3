"""The hospital's roles: Django groups, and the questions asked of them.

Groups are created by migration 0002_roles. Apps grant their own model
permissions to roles from their migrations with `grant_permissions`.
"""

from django.contrib.auth.management import create_permissions
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "Administrator", _("Administrator")
    DEPARTMENT_HEAD = "Department head", _("Department head")
    NURSE = "Nurse", _("Nurse")
    PHYSICIAN = "Physician", _("Physician")
    PHARMACIST = "Pharmacist", _("Pharmacist")
    BIOMEDICAL_ENGINEER = "Biomedical engineer", _("Biomedical engineer")
    QUALITY_MANAGER = "Quality manager", _("Quality manager")
    FINANCE = "Finance", _("Finance")
    HR_SCHEDULER = "HR scheduler", _("HR scheduler")


def role_names(user) -> frozenset[str]:
    """The names of the user's roles, read once per user object (one query)."""
    if not user or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached |= {Role.ADMINISTRATOR}
        user._role_names = cached
    return cached


def has_role(user, *roles: str) -> bool:
    """True if the user holds any of `roles` (superusers count as Administrator)."""
    return bool(role_names(user) & set(roles))


def is_administrator(user) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


def grant_permissions(apps, schema_editor, mapping: dict[str, list[str]], app_label: str) -> None:
    """Give each role the listed permission codenames of `app_label`.

    For data migrations: creates the app's permissions first (Django otherwise
    creates them only after all migrations ran) and never imports models.
    """
    app_config = apps.get_app_config(app_label)
    # Migration state apps have no models module; create_permissions needs a truthy one.
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for role, codenames in mapping.items():
        group, _created = group_model.objects.get_or_create(name=role)
        perms = permission_model.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        group.permissions.add(*perms)


def revoke_permissions(apps, app_label: str) -> None:
    """Take every permission of `app_label` away from every role: the reverse of grant_permissions."""
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    perms = permission_model.objects.filter(content_type__app_label=app_label)
    for group in group_model.objects.all():
        group.permissions.remove(*perms)
