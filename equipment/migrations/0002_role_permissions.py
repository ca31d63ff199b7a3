"""Give the roles their model permissions (for the admin and Django's perms); what each
user may see is still decided by the QuerySets' visible_to (equipment.access)."""

from django.db import migrations

from hospital.roles import grant_permissions, revoke_permissions

MODELS = ["equipment", "statuschange", "acceptancetest", "maintenanceplan", "workorder"]
ENGINEER = [f"{verb}_{model}" for model in MODELS for verb in ("add", "change", "view")]
VIEW_ALL = [f"view_{model}" for model in MODELS]


def grant(apps, schema_editor):
    grant_permissions(
        apps,
        schema_editor,
        {
            "Biomedical engineer": ENGINEER,
            "Administrator": VIEW_ALL,
            "Finance": VIEW_ALL,
            "Department head": ["view_equipment", "view_workorder"],
        },
        "equipment",
    )


def revoke(apps, schema_editor):
    revoke_permissions(apps, "equipment")


class Migration(migrations.Migration):
    dependencies = [
        ("hospital", "0002_roles"),
        ("equipment", "0001_device_register_plans_work_orders"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
