"""Staffing test data: the A/P/N shift pattern, skills gated by certifications, nurses with
profiles, coverage rules and rosters. Plain functions: each test builds the ward it reads."""

import datetime as dt
from decimal import Decimal

from hospital.roles import Role
from staffing.models import (
    Certification,
    CoverageRule,
    CoverageScope,
    LeaveRequest,
    RequestStatus,
    Roster,
    ShiftType,
    Skill,
)
from staffing.services.people import build_staff_profile
from tests.hospital.factories import make_user

MONDAY = dt.date(2027, 3, 1)  # a Monday without public holidays in the following weeks


def shift_types() -> dict[str, ShiftType]:
    specs = [
        ("A", "Day", dt.time(8), dt.time(16), False, "amber", 1),
        ("P", "Evening", dt.time(16), dt.time(0), False, "blue", 2),
        ("N", "Night", dt.time(0), dt.time(8), True, "indigo", 3),
    ]
    found = {}
    for code, name, start, end, night, colour, order in specs:
        found[code], _ = ShiftType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "start": start,
                "end": end,
                "paid_hours": Decimal(8),
                "is_night": night,
                "colour": colour,
                "sort_order": order,
            },
        )
    return found


def icu_skill() -> Skill:
    skill, _ = Skill.objects.get_or_create(code="ICU", defaults={"name": "ICU", "certification_kind": "acls"})
    return skill


def nurse(department, username, *, skills=(), hours=40, role=Role.NURSE, **profile):
    user = make_user(role, department, username=username, display_name=username.title())
    build_staff_profile(user, skills=skills, contract_hours_per_week=hours, **profile)
    return user


def certify(person, *, kind="acls", issued=dt.date(2020, 1, 1), expires=None):
    return Certification.objects.create(person=person, kind=kind, issued=issued, expires=expires)


def cover(department, shift, *, minimum=1, preferred=None, skill=None, weekdays=range(7), **fields):
    return [
        CoverageRule.objects.create(
            department=department,
            scope=CoverageScope.WEEKDAY,
            weekday=w,
            shift_type=shift,
            minimum=minimum,
            preferred=preferred,
            skill=skill,
            **fields,
        )
        for w in weekdays
    ]


def leave(person, start, end, *, status=RequestStatus.APPROVED):
    return LeaveRequest.objects.create(person=person, start=start, end=end, status=status)


def roster(department, *, first_day=MONDAY, length_days=14, **fields):
    return Roster.objects.create(department=department, first_day=first_day, length_days=length_days, **fields)
