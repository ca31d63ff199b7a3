"""Scheduled alerts: overdue triage (two working days), investigations, actions and
infection thresholds; a second run sends nothing new."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from hospital.models import Notification
from quality import services, tasks
from quality.models import DeviceDays, InfectionThreshold
from tests.quality.factories import AdverseEventFactory, CorrectiveActionFactory, make_infection_case

pytestmark = pytest.mark.django_db


def _at(day, hour=10):
    return time_machine.travel(dt.datetime(2026, 11, day, hour, 0, tzinfo=dt.UTC), tick=False)


def _titles(user):
    return sorted(n.display_title for n in Notification.objects.filter(recipient=user))


def test_triage_overdue_after_two_working_days(hospital):
    with _at(20):  # Friday
        event = AdverseEventFactory(department=hospital.icu)
    with _at(23):  # Monday: one working day
        services.send_overdue_alerts()
    assert _titles(hospital.quality_manager) == []
    with _at(24):  # Tuesday: two working days
        tasks.send_overdue_alerts.delay()
        tasks.send_overdue_alerts.delay()
    assert _titles(hospital.quality_manager) == [f"Triage overdue: {event.reference}"]


def test_investigation_and_action_overdue_once_each(hospital):
    with _at(23):
        event = AdverseEventFactory(
            department=hospital.icu,
            status="investigating",
            investigator=hospital.head_surgery,
            investigation_due=dt.date(2026, 11, 20),
        )
        acting = AdverseEventFactory(department=hospital.icu, status="actions")
        CorrectiveActionFactory(event=acting, owner=hospital.head_cardiology, due_date=dt.date(2026, 11, 22))
        services.send_overdue_alerts()
        services.send_overdue_alerts()
    assert _titles(hospital.head_surgery) == [f"Investigation overdue: {event.reference}"]
    assert _titles(hospital.head_cardiology) == [f"Action overdue for {acting.reference}"]


def test_infection_rate_above_threshold_alerts_once(hospital):
    DeviceDays.objects.create(department=hospital.icu, month=dt.date(2026, 10, 1), central_line_days=200)
    InfectionThreshold.objects.create(department=hospital.icu, kind="clabsi", rate=Decimal("2.00"))
    InfectionThreshold.objects.create(department=hospital.icu, kind="cauti", rate=Decimal("2.00"))
    make_infection_case(department=hospital.icu, kind="clabsi", onset_date=dt.date(2026, 10, 5))
    with _at(23):
        # CLABSI 1 ÷ 200 × 1000 = 5.0 > 2.0; CAUTI has no catheter-days, so no rate and no alert
        assert services.send_infection_alerts() == 1
    with _at(23):
        services.send_infection_alerts()
    assert _titles(hospital.quality_manager) == ["CLABSI rate above threshold in Intensive Care"]
