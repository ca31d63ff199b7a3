"""The scorecard's four dimensions of the issue (workload, quality, efficiency,
satisfaction), each bound to a metric of the registry; weights editable in the admin."""

from django.db import migrations

from hospital.roles import grant_permissions

DIMENSIONS = [
    ("workload", "Workload", "hospital.patient_days", 25, 10),
    ("quality", "Quality", "quality.events_per_1000_patient_days", 25, 20),
    ("efficiency", "Efficiency", "performance.cost_per_patient_day", 30, 30),
    ("satisfaction", "Satisfaction", "quality.patient_satisfaction", 20, 40),
]


def seed(apps, schema_editor):
    dimension = apps.get_model("performance", "ScorecardDimension")
    for code, name, key, weight, order in DIMENSIONS:
        dimension.objects.get_or_create(code=code, defaults={"name": name, "metric_key": key, "weight": weight, "order": order})
    grant_permissions(
        apps,
        schema_editor,
        {
            "Finance": ["view_scorecarddimension", "change_scorecarddimension"],
            "Administrator": ["view_scorecarddimension"],
        },
        "performance",
    )


def unseed(apps, schema_editor):
    apps.get_model("performance", "ScorecardDimension").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("hospital", "0002_roles"), ("performance", "0003_scorecard_dimensions")]

    operations = [migrations.RunPython(seed, unseed)]
