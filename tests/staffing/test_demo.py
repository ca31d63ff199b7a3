"""The staffing demo: every ward gets a published four-week roster from the solver that
keeps every hard rule (read by the independent checker), and the data shows what the pages
need: expiring certifications, approved leave, shift requests."""

import datetime as dt
import io

import pytest
from django.utils import timezone

from hospital import demo as hospital_demo
from staffing import demo, services
from staffing.models import Certification, LeaveRequest, Roster, RosterStatus, ShiftRequest
from staffing.solver.checker import check_problem
from tests.staffing.factories import cover, nurse, shift_types

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_a_valid_roster_per_ward_and_is_idempotent():
    # the quick start's own time limit per ward (0.3 s: the constructive roster and a short polish)
    departments = hospital_demo.seed_departments()
    hospital_demo.seed_users(departments)
    demo.seed(scale="small", stdout=io.StringIO())
    demo.seed(scale="small", stdout=io.StringIO())

    wards = [d for d in departments.values() if d.staffed_beds]
    rosters = list(Roster.objects.select_related("department"))
    assert len(rosters) == len(wards)
    assert {r.status for r in rosters} == {RosterStatus.PUBLISHED}
    for roster in rosters:
        bundle = services.build_problem(roster)
        assert check_problem(bundle.problem, bundle.assignments()).violations == [], roster
    today = timezone.localdate()
    assert Certification.objects.expiring_within(60, today).exists()
    assert Certification.objects.filter(expires__lt=today).exists()
    assert LeaveRequest.objects.approved().exists() and ShiftRequest.objects.exists()
    assert rosters[0].first_day == today - dt.timedelta(days=today.weekday())


def test_the_large_scale_year_is_published_and_keeps_every_hard_rule(hospital):
    shifts = shift_types()
    cover(hospital.icu, shifts["A"], minimum=2)
    cover(hospital.icu, shifts["N"], minimum=1)
    for i in range(8):
        nurse(hospital.icu, f"n{i}")
    monday = dt.date(2027, 3, 1)
    demo._seed_year([hospital.icu], monday, hospital.admin, io.StringIO())

    year = list(Roster.objects.filter(department=hospital.icu).order_by("first_day"))
    assert len(year) == 13 and year[-1].last_day == monday - dt.timedelta(days=1)
    assert {r.status for r in year} == {RosterStatus.PUBLISHED}
    for roster in (year[0], year[-1]):
        bundle = services.build_problem(roster)
        assert check_problem(bundle.problem, bundle.assignments()).violations == []
        assert sum(met for _required, met in roster.coverage_by_day.values()) > 0
    # each roster follows on from the one before: its history is read, and kept
    assert any(e.worked_before or e.shift_before for e in services.build_problem(year[-1]).problem.employees)
