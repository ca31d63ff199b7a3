from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("hospital", "0003_user_manager_visible_to"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="email_claimed_until",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
