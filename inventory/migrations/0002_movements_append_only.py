"""The ledger is append-only: PostgreSQL refuses UPDATE and DELETE of a stock movement.

The trigger is django-pgtrigger's `Protect`, compiled against the model and installed
here rather than through pgtrigger's app (not installed: its migration hooks would
change every app's autodetector). SQLite (the quick start) has no such trigger: there
the services are the only writers, as everywhere.
"""

import pgtrigger
from django.db import migrations

TRIGGER = pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)


def _compiled(apps):
    return TRIGGER.compile(apps.get_model("inventory", "StockMovement"))


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_compiled(apps).install_sql, params=None)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_compiled(apps).uninstall_sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("inventory", "0001_items_stores_purchasing_ledger")]

    operations = [migrations.RunPython(install, uninstall)]
