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

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_a_valid_roster_per_ward_and_is_idempotent(monkeypatch):
    monkeypatch.setattr(demo, "DEMO_SECONDS", 0.5)
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
