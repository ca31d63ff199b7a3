"""The daily alerts: certifications expiring within 60 days reach the person and their head;
leave waiting more than three days reaches the approver; a second run sends nothing new."""

import datetime as dt

import pytest

from hospital.errors import AccessDenied
from hospital.models import Notification
from staffing import services
from staffing.models import LeaveRequest
from tests.staffing.factories import certify, nurse

pytestmark = pytest.mark.django_db
TODAY = dt.date(2027, 3, 1)


def test_expiring_certifications_reach_the_person_and_their_head_once(hospital):
    person = nurse(hospital.cardiology, "ann")
    certify(person, expires=TODAY + dt.timedelta(days=59))
    certify(person, kind="bls", expires=TODAY + dt.timedelta(days=61))  # not yet
    certify(person, kind="pals", expires=TODAY - dt.timedelta(days=1))  # already expired

    assert services.send_certification_alerts(today=TODAY) == 2
    assert services.send_certification_alerts(today=TODAY) == 0
    # the next day the BLS certification enters the 60 days: only its two alerts are new
    assert services.send_certification_alerts(today=TODAY + dt.timedelta(days=1)) == 2
    told = Notification.objects.filter(dedupe_key__startswith="staffing.certification_expiring")
    assert set(told.values_list("recipient__username", flat=True)) == {"ann", "head_cardiology"}


def test_leave_waiting_over_three_days_reaches_the_approver_once(hospital):
    person = nurse(hospital.cardiology, "ann")
    leave = services.request_leave(user=person, kind="annual", start=TODAY, end=TODAY + dt.timedelta(days=4))
    LeaveRequest.objects.filter(pk=leave.pk).update(requested_at=leave.requested_at - dt.timedelta(days=4))
    fresh = services.request_leave(
        user=person, kind="study", start=TODAY + dt.timedelta(days=10), end=TODAY + dt.timedelta(days=10)
    )
    assert fresh.pk

    assert services.send_leave_reminders() == 1
    assert services.send_leave_reminders() == 0
    reminder = Notification.objects.get(dedupe_key=f"staffing.leave_waiting:{leave.pk}")
    assert reminder.recipient == hospital.head_cardiology


def test_leave_is_decided_by_the_head_never_by_the_person(hospital):
    person = nurse(hospital.cardiology, "ann")
    leave = services.request_leave(user=person, kind="annual", start=TODAY, end=TODAY)
    with pytest.raises(AccessDenied):
        services.approve_leave(user=person, leave=leave)
    services.approve_leave(user=hospital.head_cardiology, leave=leave)
    leave.refresh_from_db()
    assert leave.status == "approved" and leave.approver == hospital.head_cardiology
