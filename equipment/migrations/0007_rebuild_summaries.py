"""Rebuild the equipment summaries of a database that already has equipment.

A database upgraded past 0004/0005 has the summary tables but not the rows for the
devices, status changes and work orders it held before (only the services and
`manage.py rebuild_equipment_summaries` write them), so its KPI page and failure-risk
list would read empty summaries. This recomputes them from the raw rows through the
historical models (equipment.summaries.rebuild with this migration's `apps`), the same
arithmetic the command runs. Nothing happens on a database without devices (a new
installation or a test database). On the large demo data set (15,000 devices, ~155,000
work orders) it takes a few minutes.
"""

from django.db import migrations


def rebuild_summaries(apps, schema_editor):
    if not apps.get_model("equipment", "Equipment").objects.exists():
        return
    from equipment import summaries  # the rows' arithmetic; the models come from `apps`

    summaries.rebuild(apps)


class Migration(migrations.Migration):
    dependencies = [("equipment", "0006_board_index_and_failure_risk_ranking")]

    operations = [migrations.RunPython(rebuild_summaries, migrations.RunPython.noop, elidable=True)]
