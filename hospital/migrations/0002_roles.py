"""The hospital's roles as Django groups, with the core's permissions.

Record-level access (which departments) is decided in hospital.access; these
model permissions let administrators use the Django admin.
"""

from django.db import migrations

from hospital.roles import Role, grant_permissions

CORE_MODELS = ["user", "department", "notification", "dailycensus"]

ROLE_PERMISSIONS = {
    Role.ADMINISTRATOR: [f"{verb}_{model}" for model in CORE_MODELS for verb in ("add", "change", "delete", "view")],
    Role.DEPARTMENT_HEAD: ["view_department", "view_user", "view_dailycensus", "add_dailycensus", "change_dailycensus"],
    Role.NURSE: ["view_department", "view_dailycensus"],
    Role.PHYSICIAN: ["view_department"],
    Role.PHARMACIST: ["view_department"],
    Role.BIOMEDICAL_ENGINEER: ["view_department"],
    Role.QUALITY_MANAGER: ["view_department", "view_dailycensus"],
    Role.FINANCE: ["view_department", "view_dailycensus"],
    Role.HR_SCHEDULER: ["view_department", "view_user"],
}


def create_roles(apps, schema_editor):
    grant_permissions(apps, schema_editor, {str(role): perms for role, perms in ROLE_PERMISSIONS.items()}, "hospital")


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[str(role) for role in Role]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("hospital", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
