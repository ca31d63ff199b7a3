"""The demo equipment: every device in use has plans, the trends the OKR shows, idempotent."""

import io
from decimal import Decimal

import pytest

from equipment import demo, selectors
from equipment.models import Equipment, EquipmentStatus, MaintenancePlan, StatusChange, WorkOrder, WorkOrderKind
from hospital import demo as core_demo
from hospital import metric_registry

pytestmark = pytest.mark.django_db


def test_demo_seeds_a_year_of_history_that_shows_the_trends_and_runs_twice_without_change():
    out = io.StringIO()
    core_demo.seed(scale="small", stdout=out)
    demo.seed(scale="small", stdout=out)
    counts = (Equipment.objects.count(), WorkOrder.objects.count(), StatusChange.objects.count())
    assert counts[0] == demo.SCALE_DEVICES["small"]
    assert Equipment.objects.filter(status=EquipmentStatus.RETIRED).exists()
    assert Equipment.objects.filter(status=EquipmentStatus.UNDER_REPAIR).exists()
    assert MaintenancePlan.objects.overdue().exists()
    in_use = Equipment.objects.in_use()
    assert not in_use.exclude(pk__in=MaintenancePlan.objects.values("equipment")).exists()
    assert WorkOrder.objects.filter(kind=WorkOrderKind.CORRECTIVE).count() > 1000
    periods = selectors.kpi_periods()
    first, last = (
        selectors.status_rows_by_period(None, periods[:2]),
        selectors.status_rows_by_period(None, periods[-2:]),
    )
    assert first[0]["intact_rate"] < 91 < 93 < last[0]["intact_rate"]
    work = selectors.work_rows_by_period(None, [periods[0], periods[-2]])
    assert work[1]["mean_response_hours"] < work[0]["mean_response_hours"] * Decimal("0.7")
    assert metric_registry.compute("equipment.intact_rate", None, *periods[-2]) == last[0]["intact_rate"]
    demo.seed(scale="small", stdout=out)
    assert (Equipment.objects.count(), WorkOrder.objects.count(), StatusChange.objects.count()) == counts
