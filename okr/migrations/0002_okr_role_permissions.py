"""Grant the OKR model permissions to the hospital's roles (record-level rules live in okr.access)."""

from django.db import migrations

from hospital.roles import grant_permissions

MODELS = ["cycle", "objective", "keyresult", "checkin", "targetchange"]
VIEW = [f"view_{m}" for m in MODELS]
KEEP_OWN = ["add_objective", "change_objective", "add_keyresult", "change_keyresult", "add_checkin", "change_checkin"]
EVERYONE_ELSE = ["Nurse", "Physician", "Pharmacist", "Biomedical engineer", "Quality manager", "Finance", "HR scheduler"]


def grant(apps, schema_editor):
    mapping = {
        "Administrator": [f"{action}_{m}" for m in MODELS for action in ("add", "change", "delete", "view")],
        "Department head": VIEW + KEEP_OWN + ["add_targetchange"],
    }
    # Everybody may keep individual objectives of their own.
    mapping.update({role: VIEW + KEEP_OWN for role in EVERYONE_ELSE})
    grant_permissions(apps, schema_editor, mapping, "okr")


class Migration(migrations.Migration):
    dependencies = [
        ("okr", "0001_okr_cycles_objectives_key_results"),
        ("hospital", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
