"""The KPIs from the database, on a hand-built month (docs/standards.md, section 5).

March 2026 (31 days, 744 hours) in Cardiology:
- A: a fault on 10 Mar 08:00, answered at 10:00 (2 h), repaired from 11:00 to 11 Mar 11:00 (24 h down);
- B: a fault on 20 Mar 09:00, answered at 15:00 (6 h), not started yet; up all month;
- C (high risk): its calibration failed on 25 Mar: out of service from then to the month's end (168 h);
- D: retired in February: not in use.
"""

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine
from django.utils import timezone

from equipment import selectors, summaries
from equipment.models import StatusChange, WorkOrder
from hospital import metric_registry
from tests.equipment.factories import EquipmentFactory, PlanFactory

pytestmark = pytest.mark.django_db
MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def at(day, hour=0, month=3):
    return timezone.make_aware(dt.datetime(2026, month, day, hour))


@pytest.fixture
def month(hospital):
    with time_machine.travel(at(10, 12, month=4), tick=False):
        common = {
            "department": hospital.cardiology,
            "commissioned_on": dt.date(2025, 1, 15),
            "history": at(20, month=1),
        }
        a = EquipmentFactory(asset_tag="A", **common)
        b = EquipmentFactory(asset_tag="B", **common)
        c = EquipmentFactory(asset_tag="C", risk_class="high", status="out_of_service", **common)
        d = EquipmentFactory(asset_tag="D", status="retired", retired_on=dt.date(2026, 2, 10), **common)
        StatusChange.objects.filter(equipment__in=[c, d]).update(to_status="in_service")
        for device, when, before, after in (
            (a, at(10, 11), "in_service", "under_repair"),
            (a, at(11, 11), "under_repair", "in_service"),
            (c, at(25), "in_service", "out_of_service"),
            (d, at(10, month=2), "in_service", "retired"),
        ):
            StatusChange.objects.create(equipment=device, from_status=before, to_status=after, at=when)
        WorkOrder.objects.create(
            equipment=a,
            kind="corrective",
            reported_at=at(10, 8),
            responded_at=at(10, 10),
            started_at=at(10, 11),
            completed_at=at(11, 11),
            status="completed",
            outcome="repaired",
            parts_cost=D(300),
        )
        WorkOrder.objects.create(
            equipment=b, kind="corrective", reported_at=at(20, 9), responded_at=at(20, 15), status="assigned"
        )
        plan = PlanFactory(equipment=b, kind="preventive", next_due=dt.date(2026, 9, 5))
        for device, due, done, outcome, parts in (
            (a, 5, at(5, 15), "passed", D(120)),
            (b, 15, at(18, 15), "passed", D(0)),
            (c, 25, at(25, 15), "failed", D(0)),
            (b, 28, None, "", D(0)),
        ):
            WorkOrder.objects.create(
                equipment=device,
                plan=plan if device == b else None,
                kind="calibration" if device == c else "preventive",
                reported_at=at(1),
                due_date=dt.date(2026, 3, due),
                completed_at=done,
                started_at=done,
                status="completed" if done else "assigned",
                outcome=outcome,
                parts_cost=parts,
            )
        summaries.rebuild()  # the history above was written around the services
        yield


def test_status_kpis_of_the_month(hospital, month):
    with time_machine.travel(at(10, 12, month=4), tick=False):
        row = selectors.status_rows_by_period(hospital.cardiology, [MARCH])[0]
    # in use at the month's end: A, B, C; in service: A, B
    assert (row["in_use"], row["good"], row["intact_rate"]) == (3, 2, D("66.67"))
    # (3 × 744 − 24 − 168) ÷ (3 × 744) = 2,040 ÷ 2,232
    assert row["availability"] == D("91.40")
    assert row["downtime_hours"] == 192
    # two faults reported; operating time 2,040 h: MTBF 1,020 h
    assert (row["failures"], row["mtbf_hours"]) == (2, D("1020.00"))


def test_work_kpis_of_the_month(hospital, month):
    with time_machine.travel(at(10, 12, month=4), tick=False):
        row = selectors.work_rows_by_period(hospital.cardiology, [MARCH])[0]
    # due 5, 15, 25, 28 Mar: done on time 5 and 25 (a failed check was still done on time)
    assert (row["pm_due"], row["pm_on_time"]) == (4, D("50.00"))
    assert row["pm_on_time_high_risk"] == D("100.00")  # C's calibration
    assert row["mean_response_hours"] == D("4.00")  # (2 + 6) ÷ 2
    assert row["mttr_hours"] == D("24.00")
    assert row["maintenance_cost"] == D("420.00")  # 300 + 120


def test_depreciation_overdue_and_costs_per_department(hospital, month):
    with time_machine.travel(at(10, 12, month=4), tick=False):
        # 120,000 over 96 months = 1,250 for A, B and C; D retired in February
        assert selectors.depreciation_by_period(hospital.cardiology, [MARCH])[0]["depreciation"] == D("3750.00")
        assert selectors.overdue_maintenance_by_period(hospital.cardiology, [MARCH])[0]["overdue"] == 1
        rows = selectors.costs_by_department_and_month(*MARCH)
    assert rows == [
        {
            "department_id": hospital.cardiology.pk,
            "month": dt.date(2026, 3, 1),
            "maintenance_cost": D("420.00"),
            "depreciation": D("3750.00"),
        }
    ]


def test_the_registered_metrics_give_the_same_numbers(hospital, month):
    with time_machine.travel(at(10, 12, month=4), tick=False):
        assert metric_registry.compute("equipment.intact_rate", hospital.medicine, *MARCH) == D("66.67")
        assert metric_registry.compute("equipment.availability", hospital.cardiology, *MARCH) == D("91.40")
        assert metric_registry.compute("equipment.mean_response_hours", None, *MARCH) == D("4.00")
        assert metric_registry.compute("equipment.intact_rate", hospital.icu, *MARCH) is None


def test_failure_risk_ranks_the_device_with_failures_and_overdue_checks_first(hospital, client_for):
    now = timezone.now()
    worn = EquipmentFactory(
        department=hospital.icu, asset_tag="WORN", commissioned_on=timezone.localdate() - dt.timedelta(days=9 * 365)
    )
    EquipmentFactory(department=hospital.icu, asset_tag="CLEAN")
    PlanFactory(equipment=worn, next_due=timezone.localdate() - dt.timedelta(days=40))
    PlanFactory(equipment=worn, kind="preventive")  # two plans must not count its repairs twice
    for days in (200, 100, 10):
        WorkOrder.objects.create(
            equipment=worn,
            kind="corrective",
            reported_at=now - dt.timedelta(days=days, hours=2),
            started_at=now - dt.timedelta(days=days, hours=1),
            completed_at=now - dt.timedelta(days=days),
            status="completed",
            outcome="repaired",
        )
    summaries.rebuild()
    rows = selectors.failure_risk_ranking(hospital.engineer)
    assert [row.equipment.asset_tag for row in rows] == ["WORN", "CLEAN"]
    worn_risk = rows[0].risk
    # 3 failures in the 8,760 hours since its history began (a year, from the factory):
    # 3.5 × 720 ÷ 8,760 → 25.0 %; + 15 past its 8-year life + 20 overdue 40 days + 10 repaired 10 days ago
    assert worn_risk.chance == D("25.0")
    assert worn_risk.score == D("70.0")
    assert rows[1].risk.score == D("4.0")
    html = client_for(hospital.engineer).get("/equipment/risk/").content.decode()
    assert html.index('data-tag="WORN"') < html.index('data-tag="CLEAN"')
    assert "Poisson" in html
