"""Builders of staffing data for the pages' tests (and the export safety test)."""

import datetime as dt

from hospital.models import User
from hospital.roles import Role
from staffing.models import Assignment, Roster, ShiftType, StaffProfile
from tests.hospital.factories import make_user


def make_shift_types() -> dict[str, ShiftType]:
    """The Chinese wards' pattern: A 08–16, P 16–24, N 00–08."""
    rows = [
        ("A", "Day (A)", dt.time(8), dt.time(16), False, "blue", 1),
        ("P", "Evening (P)", dt.time(16), dt.time(0), False, "amber", 2),
        ("N", "Night (N)", dt.time(0), dt.time(8), True, "indigo", 3),
    ]
    return {
        code: ShiftType.objects.create(
            code=code, name=name, start=start, end=end, paid_hours=8, is_night=night, colour=colour, sort_order=order
        )
        for code, name, start, end, night, colour, order in rows
    }


def add_profiles(*users: User) -> None:
    StaffProfile.objects.bulk_create(StaffProfile(user=u, contract_hours_per_week=40) for u in users)


def add_nurses(department, count: int, prefix: str) -> list[User]:
    nurses = [make_user(Role.NURSE, department, username=f"{prefix}{i:03d}") for i in range(count)]
    add_profiles(*nurses)
    return nurses


def fill(roster: Roster, people, shift_types, *, pattern=("A", "A", "P", None, "N", None, None)) -> None:
    """Give each person a shift on each day after `pattern`, shifted by their place."""
    rows = []
    for index, person in enumerate(people):
        for offset, day in enumerate(roster.days):
            code = pattern[(offset + index) % len(pattern)]
            if code:
                rows.append(Assignment(roster=roster, person=person, date=day, shift_type=shift_types[code]))
    Assignment.objects.bulk_create(rows)
