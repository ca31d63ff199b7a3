"""An allocation run fills its drivers from the census, equipment and inventory, allocates
the month's costs and stores a matrix whose totals agree to the cent."""

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine

from hospital.errors import DomainError
from hospital.models import DailyCensus
from performance import services
from performance.models import AllocationRule, AllocationRun, DriverKind, DriverValue
from tests.performance.conftest import MONTH

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cost_centres")]


@pytest.fixture(autouse=True)
def _in_april():
    with time_machine.travel(dt.datetime(2026, 4, 15, 10, tzinfo=dt.UTC), tick=False):
        yield


def _cost(hospital, categories, department, amount):
    services.record_cost_entry(
        department=department, month=MONTH, category=categories["overhead"], amount=amount, user=hospital.finance
    )


def _census(department, days, inpatients):
    DailyCensus.objects.bulk_create(
        DailyCensus(department=department, date=MONTH + dt.timedelta(days=i), inpatients=inpatients, staffed_beds=40)
        for i in range(days)
    )


def test_step_down_by_patient_days_from_the_census(hospital, categories):
    # Quality Office 10,000.00 allocated by March patient-days: Cardiology 31 × 30 = 930,
    # ICU 31 × 10 = 310: 10,000 × 930/1,240 = 7,500.00 and 2,500.00.
    _cost(hospital, categories, hospital.quality_office, "10000.00")
    _cost(hospital, categories, hospital.cardiology, "50000.00")
    _cost(hospital, categories, hospital.icu, "20000.00")
    _census(hospital.cardiology, 31, 30)
    _census(hospital.icu, 31, 10)
    AllocationRule.objects.create(order=1, department=hospital.quality_office, driver=DriverKind.PATIENT_DAYS)

    run = services.run_allocation(month=MONTH, method="step_down", user=hospital.finance)

    final = run.matrix["final"]
    assert D(final[str(hospital.cardiology.pk)]) == D("57500.00")
    assert D(final[str(hospital.icu.pk)]) == D("22500.00")
    assert D(final[str(hospital.quality_office.pk)]) == D("0.00")
    assert run.total_before == run.total_after == D("80000.00")
    assert run.matrix["names"][str(hospital.cardiology.pk)]["code"] == "CARD"
    assert run.matrix["drivers"][str(hospital.quality_office.pk)][str(hospital.cardiology.pk)] == "930.0000"
    assert DriverValue.objects.get(department=hospital.icu, kind=DriverKind.PATIENT_DAYS).value == 310


def test_a_typed_driver_value_wins_over_the_filled_one(hospital, categories):
    _cost(hospital, categories, hospital.quality_office, "900.00")
    _census(hospital.cardiology, 31, 30)
    _census(hospital.icu, 31, 10)
    services.set_driver_value(
        department=hospital.icu, month=MONTH, kind=DriverKind.PATIENT_DAYS, value="930", user=hospital.finance
    )
    AllocationRule.objects.create(order=1, department=hospital.quality_office, driver=DriverKind.PATIENT_DAYS)
    run = services.run_allocation(month=MONTH, method="step_down", user=hospital.finance)
    assert run.matrix["steps"][0]["shares"] == {str(hospital.cardiology.pk): "450.00", str(hospital.icu.pk): "450.00"}


def test_support_costs_without_a_driver_are_refused_and_nothing_stored(hospital, categories):
    _cost(hospital, categories, hospital.quality_office, "900.00")
    AllocationRule.objects.create(order=1, department=hospital.quality_office, driver=DriverKind.FTE)
    with pytest.raises(DomainError, match="Quality Office"):
        services.run_allocation(month=MONTH, method="direct", user=hospital.finance)
    assert not AllocationRun.objects.exists()


def test_an_unknown_method_is_refused(hospital):
    with pytest.raises(DomainError):
        services.run_allocation(month=MONTH, method="reciprocal", user=hospital.finance)
