"""Who sees whose staffing records, the private calendar link, and hours per person."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from hospital.errors import AccessDenied
from staffing import services
from staffing.models import Assignment, Certification, LeaveRequest, StaffProfile, WorkRules
from staffing.selectors import hours_worked
from tests.staffing.factories import MONDAY, certify, leave, nurse, roster, shift_types

pytestmark = pytest.mark.django_db


def test_personal_records_are_seen_by_the_person_and_the_schedulers_of_their_department(hospital):
    ann = nurse(hospital.cardiology, "ann")
    leave(ann, MONDAY, MONDAY)
    certify(ann)
    seen_by = {
        "admin": 1,
        "scheduler": 1,
        "head_cardiology": 1,
        "head_medicine": 1,
        "head_surgery": 0,
        "nurse_cardiology": 0,  # a colleague does not see ann's leave
        "finance": 0,
    }
    for who, count in seen_by.items():
        user = getattr(hospital, who)
        assert LeaveRequest.objects.visible_to(user).count() == count, who
        assert Certification.objects.visible_to(user).count() == count, who
        assert StaffProfile.objects.visible_to(user).filter(user=ann).count() == count, who
    assert LeaveRequest.objects.visible_to(ann).count() == 1


def test_the_calendar_link_is_private_and_can_be_rotated(hospital):
    ann = nurse(hospital.cardiology, "ann")
    old = ann.staff_profile.calendar_token
    assert services.person_for_calendar_token(old) == ann
    with pytest.raises(AccessDenied):
        services.rotate_calendar_token(user=hospital.nurse_cardiology, person=ann)
    new = services.rotate_calendar_token(user=ann)
    assert new != old and len(new) >= 40
    assert services.person_for_calendar_token(old) is None
    assert services.person_for_calendar_token(new) == ann
    assert services.person_for_calendar_token("") is None
    ann.is_active = False
    ann.save()
    assert services.person_for_calendar_token(new) is None


def test_hours_worked_against_the_contract(hospital):
    shifts = shift_types()
    ann = nurse(hospital.cardiology, "ann", hours=8)
    bo = nurse(hospital.cardiology, "bo")
    week = roster(hospital.cardiology, length_days=7)
    Assignment.objects.create(roster=week, person=ann, date=MONDAY, shift_type=shifts["A"])
    Assignment.objects.create(roster=week, person=ann, date=MONDAY + dt.timedelta(days=5), shift_type=shifts["N"])
    lines = {line.person: line for line in hours_worked(week)}
    assert (lines[ann].shifts, lines[ann].nights, lines[ann].weekend_days) == (2, 1, 1)
    assert lines[ann].hours == Decimal(16) and lines[ann].over_contract == Decimal(8)
    assert lines[bo].shifts == 0 and lines[bo].over_contract == 0


def test_there_is_one_hospital_default_for_work_rules_and_departments_override_it(hospital):
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkRules.objects.create(department=None, max_consecutive_days=3)
    own = services.save_work_rules(user=hospital.head_cardiology, department=hospital.cardiology, min_rest_hours=12)
    assert services.work_rules_for(hospital.cardiology) == own
    assert services.work_rules_for(hospital.icu).department is None
    with pytest.raises(AccessDenied):
        services.save_work_rules(user=hospital.head_cardiology, department=None, min_rest_hours=8)
