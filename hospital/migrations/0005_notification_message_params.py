from django.db import migrations, models


class Migration(migrations.Migration):
    """Notifications keep their message ids and parameters, translated when read.

    Rows written before keep their rendered text and an empty parameter set: they
    are shown as stored (or translated, when the text is itself a message id).
    """

    dependencies = [
        ("hospital", "0004_notification_email_claimed_until"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="params",
            field=models.JSONField(blank=True, default=dict, verbose_name="parameters"),
        ),
    ]
