"""Seed the cost categories that collection and the reports rely on, and give the
roles their model permissions (what each user sees is still decided by
performance.access)."""

from django.db import migrations

from hospital.roles import grant_permissions

# code, English name (translated on the pages through the category list in performance.categories)
CATEGORIES = [
    ("personnel", "Personnel"),
    ("drugs", "Drugs"),
    ("consumables", "Consumables"),
    ("depreciation", "Equipment depreciation"),
    ("maintenance", "Maintenance"),
    ("utilities", "Utilities"),
    ("overhead", "Administrative overhead"),
    ("other", "Other"),
]
WRITTEN = ["costentry", "revenueentry", "budget", "drivervalue", "allocationrun", "monthclose"]
ALL = ["costcentre", "costcategory", "allocationrule", "allocationshare", *WRITTEN]


def seed(apps, schema_editor):
    category = apps.get_model("performance", "CostCategory")
    for order, (code, name) in enumerate(CATEGORIES, start=1):
        category.objects.get_or_create(code=code, defaults={"name": name, "order": order * 10})
    view_all = [f"view_{model}" for model in ALL]
    grant_permissions(
        apps,
        schema_editor,
        {
            "Finance": view_all + [f"{verb}_{m}" for m in ALL for verb in ("add", "change")],
            "Administrator": view_all,
        },
        "performance",
    )


def unseed(apps, schema_editor):
    permission_model = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.all():
        group.permissions.remove(*permission_model.objects.filter(content_type__app_label="performance"))


class Migration(migrations.Migration):
    dependencies = [
        ("hospital", "0002_roles"),
        ("performance", "0001_cost_centres_entries_budgets_allocation"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
