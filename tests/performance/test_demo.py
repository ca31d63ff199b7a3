"""The demo costs: two years of months, every run conserved, all but the last month closed,
Cardiology's stent consignment the first entry behind its overspend; idempotent."""

import io

import pytest
from django.utils import timezone

from hospital import demo as core_demo
from hospital import metric_registry
from hospital.models import Department, User
from hospital.periods import last_complete_month
from performance import demo, selectors
from performance.models import AllocationRun, CostEntry, MonthClose

pytestmark = pytest.mark.django_db


def test_demo_costs_show_the_overspend_and_run_twice_without_change():
    out = io.StringIO()
    core_demo.seed(scale="small", stdout=out)
    demo.seed(scale="small", stdout=out)
    start, end = last_complete_month(timezone.localdate())
    runs = AllocationRun.objects.all()
    assert runs.count() == demo.SCALE_MONTHS["small"]
    assert all(run.total_before == run.total_after for run in runs)
    assert MonthClose.objects.count() == demo.SCALE_MONTHS["small"] - 1
    assert not MonthClose.objects.filter(month=start).exists()

    finance = User.objects.get(username="finance")
    cardiology = Department.objects.get(code="CARD")
    report = selectors.budget_report(finance, first=start, last=start)
    card_rows = next(rows for dept, rows, _t in report.departments if dept.code == "CARD")
    consumables = next(r for r in card_rows if r.category.code == "consumables")
    assert consumables.variance_percent > 50
    first_entry = selectors.cell_entries(
        finance, department=cardiology, category=consumables.category, first=start, last=start
    ).first()
    assert first_entry.reference.startswith("Consignment settlement")

    cost = metric_registry.compute("performance.cost_per_patient_day", None, start, end)
    assert 900 < cost < 1600  # around the OKR's 1,200 → 1,100 CNY
    entries = CostEntry.objects.count()
    demo.seed(scale="small", stdout=out)
    assert CostEntry.objects.count() == entries
