"""Each corrective action keeps its event's department path, so a department head's
action tracker is one indexed prefix filter (quality.access.action_scope)."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_event_paths(apps, schema_editor):
    action = apps.get_model("quality", "CorrectiveAction")
    event = apps.get_model("quality", "AdverseEvent")
    path = event.objects.filter(pk=OuterRef("event_id")).values("department__path")[:1]
    action.objects.update(department_path=Subquery(path))


class Migration(migrations.Migration):
    dependencies = [
        ("quality", "0006_eventstep_note_params"),
    ]

    operations = [
        migrations.AddField(
            model_name="correctiveaction",
            name="department_path",
            field=models.CharField(db_index=True, default="", editable=False, max_length=255),
        ),
        migrations.AddField(
            model_name="historicalcorrectiveaction",
            name="department_path",
            field=models.CharField(db_index=True, default="", editable=False, max_length=255),
        ),
        migrations.RunPython(copy_event_paths, migrations.RunPython.noop),
    ]
