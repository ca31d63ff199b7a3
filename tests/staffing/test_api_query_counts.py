"""Every list of the staffing API runs a fixed number of queries: the same for a ward of 10
people as for one of 60 (each with leave, a shift request, a swap and a week of shifts, and
as many skills, coverage rules and rosters)."""

import datetime as dt

import pytest

from staffing.models import Assignment, CoverageRule, CoverageScope, RosterStatus, ShiftRequest, ShiftSwap, Skill
from tests.staffing.factories import MONDAY, leave, nurse, roster, shift_types

pytestmark = pytest.mark.django_db
BASE = "/api/v1/staffing"

# (user, list, most queries): the COUNT and the page; for the scope, the user's roles (but for
# reference data) and the departments a head schedules; the roster of a roster's assignments.
LISTS = [
    ("scheduler", "skills/", 2),
    ("scheduler", "shift-types/", 2),
    ("scheduler", "coverage-rules/", 3),
    ("scheduler", "work-rules/", 3),
    ("scheduler", "leave-requests/", 3),
    ("scheduler", "shift-requests/", 3),
    ("scheduler", "swaps/", 3),
    ("scheduler", "rosters/", 3),
    ("scheduler", "assignments/", 3),
    ("scheduler", "rosters/{roster}/assignments/", 4),
    ("head_cardiology", "coverage-rules/", 4),
    ("head_cardiology", "leave-requests/", 4),
    ("head_cardiology", "swaps/", 4),
    ("head_cardiology", "rosters/", 4),
    ("head_cardiology", "assignments/", 4),
    ("nurse", "leave-requests/", 3),
    ("nurse", "swaps/", 3),
    ("nurse", "assignments/?mine=1", 4),
]


def staff_cardiology(hospital, size: int):
    """`size` nurses of Cardiology, each with approved leave, a shift request, a swap asked of
    the next and seven shifts of a published week; `size` skills, coverage rules and rosters
    (draft, each with a shortfall the API says in words)."""
    shifts = shift_types()
    skills = [Skill.objects.create(code=f"skill{i}", name=f"Skill {i}") for i in range(size)]
    nurses = [nurse(hospital.cardiology, f"card{i:03d}", skills=skills[i : i + 2]) for i in range(size)]
    week = roster(hospital.cardiology, first_day=MONDAY, length_days=7)
    shifts_of = {}
    for i, person in enumerate(nurses):
        shifts_of[person] = Assignment.objects.bulk_create(
            Assignment(roster=week, person=person, date=day, shift_type=shifts["APN"[(i + d) % 3]])
            for d, day in enumerate(week.days)
        )
    week.status = RosterStatus.PUBLISHED
    week.save()
    for i, person in enumerate(nurses):
        partner = nurses[(i + 1) % size]
        leave(person, MONDAY + dt.timedelta(days=30 + i), MONDAY + dt.timedelta(days=31 + i))
        ShiftRequest.objects.create(person=person, date=MONDAY + dt.timedelta(days=i), shift_type=shifts["A"])
        ShiftSwap.objects.create(
            requester=person,
            partner=partner,
            requester_assignment=shifts_of[person][0],
            partner_assignment=shifts_of[partner][1],
        )
        CoverageRule.objects.create(
            department=hospital.cardiology,
            scope=CoverageScope.DATE,
            date=MONDAY + dt.timedelta(days=i),
            shift_type=shifts["A"],
            minimum=1,
            skill=skills[i],
        )
        shortfall = {"date": MONDAY.isoformat(), "shift": "Day", "assigned": 0, "required": 1}
        roster(
            hospital.cardiology,
            first_day=MONDAY + dt.timedelta(days=7 * (i + 1)),
            length_days=7,
            shortfalls=[shortfall],
        )
    return week, nurses


@pytest.mark.parametrize("size", [10, 60])
@pytest.mark.parametrize(("who", "url", "limit"), LISTS)
def test_api_lists_run_fixed_queries(hospital, api_for, django_assert_max_num_queries, size, who, url, limit):
    week, nurses = staff_cardiology(hospital, size)
    client = api_for(nurses[0] if who == "nurse" else getattr(hospital, who))
    with django_assert_max_num_queries(limit):
        response = client.get(f"{BASE}/{url.format(roster=week.pk)}")
    assert response.status_code == 200
    assert response.json()["results"]
