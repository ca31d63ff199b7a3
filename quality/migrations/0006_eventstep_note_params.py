from django.db import migrations, models


class Migration(migrations.Migration):
    """Timeline notes the service writes keep a message id and parameters, translated when read."""

    dependencies = [
        ("quality", "0005_action_list_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="eventstep",
            name="note_params",
            field=models.JSONField(blank=True, default=dict, verbose_name="note parameters"),
        ),
    ]
