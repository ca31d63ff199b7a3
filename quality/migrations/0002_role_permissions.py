"""Give the quality office its model permissions (for the admin and Django's perms);
what each user may see is still decided by the QuerySets' visible_to."""

from django.db import migrations

from hospital.roles import grant_permissions, revoke_permissions

MODELS = [
    "adverseevent",
    "correctiveaction",
    "rootcause",
    "eventstep",
    "devicedays",
    "infectioncase",
    "infectionthreshold",
    "survey",
    "surveyquestion",
    "surveyresponse",
    "surveyanswer",
]
QUALITY_MANAGER = [f"{verb}_{model}" for model in MODELS for verb in ("add", "change", "view")]
READERS = [f"view_{model}" for model in ("adverseevent", "correctiveaction", "rootcause", "eventstep")]
REPORTERS = ["add_adverseevent"]


def grant(apps, schema_editor):
    grant_permissions(
        apps,
        schema_editor,
        {
            "Quality manager": QUALITY_MANAGER,
            "Administrator": [f"view_{model}" for model in MODELS],
            "Department head": READERS + REPORTERS,
            "Nurse": REPORTERS,
            "Physician": REPORTERS,
        },
        "quality",
    )


def revoke(apps, schema_editor):
    revoke_permissions(apps, "quality")


class Migration(migrations.Migration):
    dependencies = [
        ("hospital", "0002_roles"),
        ("quality", "0001_safety_events_surveillance_surveys"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
