"""Give the roles their model permissions (for the admin and Django's perms), and create the
hospital's default work rules. What each user may see is still decided by the QuerySets'
visible_to (staffing.access)."""

from django.db import migrations

from hospital.roles import grant_permissions, revoke_permissions

MODELS = [
    "skill",
    "staffprofile",
    "certification",
    "shifttype",
    "coveragerule",
    "holidayoverride",
    "workrules",
    "leaverequest",
    "shiftrequest",
    "shiftswap",
    "roster",
    "assignment",
]
SCHEDULER = [f"{verb}_{model}" for model in MODELS for verb in ("add", "change", "view")]
VIEW_ALL = [f"view_{model}" for model in MODELS]


def grant(apps, schema_editor):
    grant_permissions(
        apps,
        schema_editor,
        {"HR scheduler": SCHEDULER, "Administrator": VIEW_ALL, "Department head": SCHEDULER},
        "staffing",
    )
    work_rules = apps.get_model("staffing", "WorkRules")
    if not work_rules.objects.filter(department__isnull=True).exists():
        work_rules.objects.create(department=None)


def revoke(apps, schema_editor):
    revoke_permissions(apps, "staffing")
    apps.get_model("staffing", "WorkRules").objects.filter(department__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("hospital", "0002_roles"),
        ("staffing", "0001_staff_rules_leave_rosters"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
