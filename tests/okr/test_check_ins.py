"""Recording check-ins: what is stored, and every refusal leaves the database unchanged."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from hospital.errors import AccessDenied, ConflictError, DomainError
from hospital.models import Notification
from okr import services
from okr.models import CheckIn, Confidence, CycleStatus, KeyResultKind, ObjectiveStatus
from tests.okr.factories import KeyResultFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 4)


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel(dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def test_check_in_updates_the_key_results_value_and_progress(hospital, okrs):
    services.record_check_in(
        user=hospital.head_cardiology,
        key_result=okrs.mortality,
        value="4",
        confidence=Confidence.ON_TRACK,
        comment="New chest-pain pathway.",
    )
    okrs.mortality.refresh_from_db()
    # decrease 5 → 3 at 4: 50%
    assert okrs.mortality.current_value == Decimal("4")
    assert okrs.mortality.progress == Decimal("50.00")
    assert okrs.mortality.last_check_in_on == TODAY
    assert okrs.mortality.check_ins.get().author == hospital.head_cardiology


def test_second_check_in_the_same_day_replaces_the_first(hospital, okrs):
    for value in ("4.5", "4.2"):
        services.record_check_in(
            user=hospital.head_cardiology, key_result=okrs.mortality, value=value, confidence=Confidence.AT_RISK
        )
    assert okrs.mortality.check_ins.count() == 1
    assert okrs.mortality.check_ins.get().value == Decimal("4.2")


def test_confidence_may_be_given_on_a_0_to_10_scale(hospital, okrs):
    check_in = services.record_check_in(
        user=hospital.head_cardiology, key_result=okrs.mortality, value="4", confidence_score=3
    )
    assert check_in.confidence == Confidence.OFF_TRACK
    assert check_in.confidence_score == 3


def refused(hospital, okrs, **kwargs):
    arguments = {
        "user": hospital.head_cardiology,
        "key_result": okrs.mortality,
        "value": "4",
        "confidence": Confidence.ON_TRACK,
    }
    arguments.update(kwargs)
    before = (CheckIn.objects.count(), okrs.mortality.current_value, okrs.mortality.progress)
    with pytest.raises(DomainError) as error:
        services.record_check_in(**arguments)
    okrs.mortality.refresh_from_db()
    assert (CheckIn.objects.count(), okrs.mortality.current_value, okrs.mortality.progress) == before
    return error


def test_check_in_dated_outside_the_cycle_is_refused(hospital, okrs):
    error = refused(hospital, okrs, date=dt.date(2025, 12, 31))
    assert "outside the cycle" in error.value.message
    assert "2025-12-31" in error.value.message


def test_check_in_dated_in_the_future_is_refused(hospital, okrs):
    error = refused(hospital, okrs, date=TODAY + dt.timedelta(days=1))
    assert error.value.message == "A check-in cannot be dated in the future."


def test_non_numeric_value_for_a_numeric_key_result_is_refused(hospital, okrs):
    error = refused(hospital, okrs, value="about four")
    assert "“about four” is not a number" in error.value.message


def test_check_in_without_a_confidence_is_refused(hospital, okrs):
    error = refused(hospital, okrs, confidence="")
    assert "on track, at risk or off track" in error.value.message


def test_closed_cycle_is_read_only(hospital, okrs):
    okrs.cycle.status = CycleStatus.CLOSED
    okrs.cycle.save()
    okrs.mortality.objective.cycle.refresh_from_db()
    error = refused(hospital, okrs)
    assert isinstance(error.value, ConflictError)
    assert "is closed" in error.value.message


def test_head_cannot_check_in_for_a_sibling_department(hospital, okrs):
    error = refused(hospital, okrs, user=hospital.head_respiratory)
    assert isinstance(error.value, AccessDenied)
    assert "You may not record check-ins" in error.value.message


def test_nurse_cannot_check_in_for_the_departments_key_results(hospital, okrs):
    error = refused(hospital, okrs, user=hospital.nurse_cardiology)
    assert isinstance(error.value, AccessDenied)


def test_head_of_the_parent_department_may_check_in(hospital, okrs):
    services.record_check_in(
        user=hospital.head_medicine, key_result=okrs.mortality, value="4", confidence=Confidence.ON_TRACK
    )
    assert okrs.mortality.check_ins.count() == 1


def test_milestone_takes_done_or_not_done(hospital, okrs):
    milestone = KeyResultFactory(objective=okrs.cardiology, kind=KeyResultKind.MILESTONE, baseline=None, target=None)
    services.record_check_in(
        user=hospital.head_cardiology, key_result=milestone, value="done", confidence=Confidence.ON_TRACK
    )
    milestone.refresh_from_db()
    assert milestone.progress == 100
    with pytest.raises(DomainError, match="done"):
        services.record_check_in(
            user=hospital.head_cardiology, key_result=milestone, value="soon", confidence=Confidence.ON_TRACK
        )


def test_a_weeks_check_ins_are_saved_all_or_none(hospital, okrs):
    head = hospital.head_medicine
    other = KeyResultFactory(objective=okrs.cardiology, title="Door-to-balloon time")
    entries = [
        services.CheckInEntry(okrs.mortality, "4", Confidence.ON_TRACK),
        services.CheckInEntry(other, "eighty", Confidence.ON_TRACK),
    ]
    with pytest.raises(services.CheckInBatchError) as error:
        services.record_check_ins(user=head, entries=entries)
    assert CheckIn.objects.count() == 0
    assert set(error.value.errors) == {other.pk}
    assert "not a number" in error.value.errors[other.pk]
    entries[1].value = "85"
    assert len(services.record_check_ins(user=head, entries=entries)) == 2


def test_owner_is_notified_once_when_a_key_result_turns_off_track(hospital, okrs):
    for value in ("4.9", "5"):
        services.record_check_in(
            user=hospital.head_cardiology, key_result=okrs.mortality, value=value, confidence=Confidence.OFF_TRACK
        )
    alerts = Notification.objects.filter(recipient=hospital.head_cardiology)
    assert alerts.count() == 1
    assert "off track" in alerts.get().title


def test_a_negative_value_for_a_key_result_planned_above_zero_is_refused(hospital, okrs):
    error = refused(hospital, okrs, value="-4")
    assert error.value.message == "Enter a value of zero or more for “Cardiovascular mortality 5% → 3%”."
    assert error.value.field == "value"


def test_a_key_result_planned_below_zero_takes_negative_values(hospital, okrs):
    growth = KeyResultFactory(
        objective=okrs.cardiology,
        title="Drug spend growth 4% → -2%",
        kind=KeyResultKind.DECREASE,
        baseline=4,
        target=-2,
    )
    services.record_check_in(
        user=hospital.head_cardiology, key_result=growth, value="-0.5", confidence=Confidence.ON_TRACK
    )
    growth.refresh_from_db()
    assert growth.current_value == Decimal("-0.5")
    assert growth.progress == Decimal("75.00")  # (−0.5 − 4) ÷ (−2 − 4)


@pytest.mark.parametrize("status", [ObjectiveStatus.CANCELLED, ObjectiveStatus.CLOSED])
def test_a_cancelled_or_closed_objective_takes_no_more_check_ins(hospital, okrs, status):
    okrs.cardiology.status = status
    okrs.cardiology.save()
    error = refused(hospital, okrs)
    assert isinstance(error.value, ConflictError)
    assert "take no more check-ins" in error.value.message


@pytest.mark.parametrize("typed", ["1,5", "1e-30", "1E3", "½", "4.00001", "1,23", "--4"])
def test_a_value_that_would_be_read_as_another_number_is_refused(hospital, okrs, typed):
    refused(hospital, okrs, value=typed)


@pytest.mark.parametrize(
    ("typed", "stored"), [("1,250", "1250"), ("4.5", "4.5"), (".5", "0.5"), ("1,250.75", "1250.75")]
)
def test_thousands_separators_and_decimals_are_read_as_written(hospital, okrs, typed, stored):
    check_in = services.record_check_in(
        user=hospital.head_cardiology, key_result=okrs.mortality, value=typed, confidence=Confidence.ON_TRACK
    )
    assert check_in.value == Decimal(stored)


def test_page_and_api_refuse_a_decimal_comma_alike(hospital, okrs, api_for):
    response = api_for(hospital.head_cardiology).post(
        "/api/v1/okr/check-ins/", {"key_result": okrs.mortality.pk, "value": "1,5", "confidence": "on_track"}
    )
    assert response.status_code == 400
    assert "commas only between thousands" in response.json()["detail"]
    assert not CheckIn.objects.exists()
