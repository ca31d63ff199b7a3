"""The safety dashboard's numbers match a hand count on a small hospital."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from tests.hospital.factories import DailyCensusFactory
from tests.quality.factories import AdverseEventFactory

pytestmark = pytest.mark.django_db
NOON = dt.datetime(2026, 11, 16, 4, 0, tzinfo=dt.UTC)  # noon in the hospital's zone


@pytest.fixture(autouse=True)
def _mid_november():
    with time_machine.travel(dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def november(hospital):
    for day in range(10):  # 10 days × 10 in-patients = 100 patient-days
        DailyCensusFactory(department=hospital.cardiology, date=dt.date(2026, 11, 1 + day), inpatients=10)
    cardiology = [
        ("incident", "fall", "mild", ""),
        ("incident", "fall", "moderate", ""),
        ("near_miss", "medication", "none", "B"),
    ]
    for event_type, category, harm, merp in cardiology:
        AdverseEventFactory(
            department=hospital.cardiology,
            occurred_at=NOON,
            event_type=event_type,
            category=category,
            harm=harm,
            medication_category=merp,
        )
    AdverseEventFactory(department=hospital.icu, occurred_at=NOON, category="device", harm="severe")


def test_department_head_sees_their_department_counted(hospital, client_for, november):
    context = client_for(hospital.head_cardiology).get("/quality/dashboard/").context
    assert context["department"] == hospital.cardiology
    assert context["totals"] == {"events": 3, "near_misses": 1}
    pareto = [(r["key"], r["count"], r["cumulative"].quantize(Decimal("0.1"))) for r in context["pareto"]]
    assert pareto == [("fall", 2, Decimal("66.7")), ("medication", 1, Decimal("100.0"))]
    harms = {r["key"]: r["count"] for r in context["harms"]}
    assert (harms["mild"], harms["moderate"], harms["none"], harms["severe"]) == (1, 1, 0, 0)  # incidents only
    assert context["monthly"][-1]["per_1000"] == Decimal(30)  # 3 ÷ 100 × 1,000
    assert context["near_miss_share"][-1].quantize(Decimal("0.1")) == Decimal("33.3")
    rows = {row["department"].code: row["rates"][-1] for row in context["by_department"]}
    assert rows == {"CARD": Decimal(30)}


def test_quality_office_sees_the_whole_hospital(hospital, client_for, november):
    context = client_for(hospital.quality_manager).get("/quality/dashboard/").context
    assert context["department"] is None
    assert context["totals"] == {"events": 4, "near_misses": 1}
    assert {r["key"]: r["count"] for r in context["harms"]}["severe"] == 1
    assert context["monthly"][-1]["per_1000"] == Decimal(40)  # 4 ÷ 100 (only cardiology has a census)
