"""Model permissions for the admin: pharmacists keep the catalogue; administrators read.
What each user may see and do with stock is still decided by inventory.access."""

from django.db import migrations

from hospital.roles import grant_permissions, revoke_permissions

CATALOGUE = ["item", "store", "supplier"]
READ_ONLY = ["lot", "stockmovement", "stockbalance", "purchaseorder", "receipt", "requisition", "stocktake"]


def grant(apps, schema_editor):
    grant_permissions(
        apps,
        schema_editor,
        {
            "Pharmacist": [f"{verb}_{model}" for model in CATALOGUE for verb in ("add", "change", "view")]
            + [f"view_{model}" for model in READ_ONLY],
            "Administrator": [f"view_{model}" for model in CATALOGUE + READ_ONLY],
        },
        "inventory",
    )


def revoke(apps, schema_editor):
    revoke_permissions(apps, "inventory")


class Migration(migrations.Migration):
    dependencies = [
        ("hospital", "0002_roles"),
        ("inventory", "0002_movements_append_only"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
