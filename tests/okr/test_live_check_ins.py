"""Bound key results read the metric registry; the weekly tasks add one check-in or
reminder per week, however often they run."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from hospital import metric_registry
from hospital.models import Notification
from okr import services, tasks
from okr.models import CheckIn, CheckInSource, Confidence, KeyResultKind
from tests.okr.factories import KeyResultFactory

pytestmark = pytest.mark.django_db

MONDAY = dt.datetime(2026, 7, 6, 6, 0, tzinfo=dt.UTC)
calls = []


def surgical_error_rate(department, start, end):
    calls.append((department, start, end))
    return Decimal("0.2")


@pytest.fixture
def error_rate_metric():
    metric = metric_registry.register(
        metric_registry.Metric(
            key="test.surgical_error_rate",
            label="Surgical error rate",
            unit="%",
            direction=metric_registry.Direction.LOWER_IS_BETTER,
            compute=surgical_error_rate,
        )
    )
    calls.clear()
    yield metric
    metric_registry.unregister(metric.key)


@pytest.fixture
def bound(okrs, hospital, error_rate_metric):
    return KeyResultFactory(
        objective=okrs.surgery,
        title="Surgical error rate 0.3% → 0.1%",
        kind=KeyResultKind.DECREASE,
        baseline=Decimal("0.3"),
        target=Decimal("0.1"),
        metric_key=error_rate_metric.key,
        metric_department=hospital.surgery,
    )


def test_bound_key_result_reads_the_registry_for_its_department(bound, hospital):
    assert services.live_value(bound, dt.date(2026, 7, 6)) == Decimal("0.2")
    assert calls == [(hospital.surgery, dt.date(2026, 6, 9), dt.date(2026, 7, 6))]  # the 28 days to the date


def test_weekly_task_creates_exactly_one_check_in_per_key_result_per_week_when_run_twice(bound):
    with time_machine.travel(MONDAY, tick=False):
        assert tasks.record_live_check_ins.delay().get() == 1
        assert tasks.record_live_check_ins.delay().get() == 0
    with time_machine.travel(MONDAY + dt.timedelta(days=3), tick=False):  # same week, Thursday
        tasks.record_live_check_ins.delay()
    automatic = CheckIn.objects.filter(key_result=bound, source=CheckInSource.AUTOMATIC)
    assert automatic.count() == 1
    bound.refresh_from_db()
    # 0.3 → 0.1 at 0.2: 50% progress, about half the year gone: on track
    assert (bound.current_value, bound.progress, bound.confidence) == (
        Decimal("0.2"),
        Decimal("50.00"),
        Confidence.ON_TRACK,
    )
    with time_machine.travel(MONDAY + dt.timedelta(days=7), tick=False):
        tasks.record_live_check_ins.delay()
    assert automatic.count() == 2


def test_unbound_key_results_get_no_live_check_in(okrs, error_rate_metric):
    with time_machine.travel(MONDAY, tick=False):
        assert services.record_live_check_ins() == 0
    assert CheckIn.objects.count() == 0


def test_reminder_goes_once_a_week_to_heads_of_departments_with_stale_key_results(hospital, okrs):
    with time_machine.travel(dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC), tick=False):
        services.record_check_in(
            user=hospital.head_surgery,
            key_result=okrs.surgery_success,
            value="92",
            confidence=Confidence.ON_TRACK,
        )
    with time_machine.travel(dt.datetime(2026, 3, 5, 1, 0, tzinfo=dt.UTC), tick=False):
        tasks.send_check_in_reminders.delay()
        tasks.send_check_in_reminders.delay()
    reminders = Notification.objects.filter(dedupe_key__startswith="okr.check_in_reminder")
    # Cardiology never checked in: reminded once; Surgery checked in 3 days ago: not reminded
    assert list(reminders.values_list("recipient__username", flat=True)) == ["head_cardiology"]
    with time_machine.travel(dt.datetime(2026, 3, 12, 1, 0, tzinfo=dt.UTC), tick=False):
        services.send_check_in_reminders()
    assert reminders.filter(recipient=hospital.head_surgery).count() == 1  # now 10 days stale
    assert reminders.filter(recipient=hospital.head_cardiology).count() == 2  # a new week


def test_a_failing_metric_does_not_keep_other_key_results_from_their_weekly_check_in(bound, okrs, hospital):
    def broken(department, start, end):
        raise ZeroDivisionError("no surgeries yet")

    metric_registry.register(
        metric_registry.Metric(
            key="test.broken",
            label="Broken",
            unit="%",
            direction=metric_registry.Direction.HIGHER_IS_BETTER,
            compute=broken,
        )
    )
    try:
        failing = KeyResultFactory(objective=okrs.cardiology, title="Broken feed", metric_key="test.broken")
        with time_machine.travel(MONDAY, tick=False):
            assert services.record_live_check_ins() == 1
    finally:
        metric_registry.unregister("test.broken")
    assert CheckIn.objects.filter(key_result=bound, source=CheckInSource.AUTOMATIC).count() == 1
    assert not CheckIn.objects.filter(key_result=failing).exists()


def test_binding_a_key_result_reads_its_live_value_at_once_and_rebinding_replaces_the_weeks_point(
    okrs, hospital, error_rate_metric
):
    key_result = KeyResultFactory(
        objective=okrs.surgery, kind=KeyResultKind.DECREASE, baseline=Decimal("0.3"), target=Decimal("0.1")
    )
    with time_machine.travel(MONDAY + dt.timedelta(days=2), tick=False):
        services.update_key_result(
            user=hospital.head_surgery,
            key_result=key_result,
            metric_key=error_rate_metric.key,
            metric_department=hospital.surgery,
        )
        key_result.refresh_from_db()
        assert (key_result.current_value, key_result.progress) == (Decimal("0.2"), Decimal("50.00"))
        # the whole hospital instead
        services.update_key_result(user=hospital.admin, key_result=key_result, metric_department=None)
        assert services.record_live_check_ins() == 0  # this week is done
    automatic = CheckIn.objects.filter(key_result=key_result, source=CheckInSource.AUTOMATIC)
    assert automatic.count() == 1
    assert calls[-1][0] is None  # read again, for the hospital
