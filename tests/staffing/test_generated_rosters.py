"""Rosters generated from the database keep every hard rule (the independent checker reads
them), respect approved leave and expired certifications, explain a shortfall in words,
and honour a request that costs nothing."""

import datetime as dt

import pytest
from django.utils import translation

from staffing import services
from staffing.models import Assignment, GenerationState, ShiftRequest
from staffing.solver.checker import check_problem
from tests.staffing.factories import MONDAY, certify, cover, icu_skill, leave, nurse, roster, shift_types

pytestmark = pytest.mark.django_db

SECONDS = 2


def generated(ward_roster):
    solution = services.generate_roster_now(roster=ward_roster, time_limit=SECONDS, workers=2)
    assert solution is not None
    ward_roster.refresh_from_db()
    return solution


def test_a_generated_roster_keeps_every_hard_rule(hospital):
    shifts = shift_types()
    for code in "APN":
        cover(hospital.icu, shifts[code], minimum=2, preferred=3)
    people = [nurse(hospital.icu, f"n{i}") for i in range(14)]
    leave(people[0], MONDAY + dt.timedelta(days=3), MONDAY + dt.timedelta(days=6))
    ward = roster(hospital.icu, length_days=28)
    solution = generated(ward)

    bundle = services.build_problem(ward)
    report = check_problem(bundle.problem, bundle.assignments())
    assert report.violations == []
    assert report.penalty == solution.penalty == ward.best_penalty
    assert not services.check_roster(ward).has_hard_violations
    assert ward.generation_state == GenerationState.DONE
    # what the solver reported short is what the checker finds short
    assert len(ward.shortfalls) == len(services.check_roster(ward).shortfalls)
    # rest between shifts, straight from the rows: no P (16-24) followed by an N (00-08) next day
    shifts_by_day = {(a.person_id, a.date): a.shift_type.code for a in Assignment.objects.filter(roster=ward)}
    for (person, day), code in shifts_by_day.items():
        if code == "P":
            assert shifts_by_day.get((person, day + dt.timedelta(days=1))) not in ("A", "N")


def test_leave_and_expired_certifications_are_respected_and_the_shortfall_is_told_in_words(hospital):
    shifts = shift_types()
    icu = icu_skill()
    cover(hospital.icu, shifts["A"], minimum=1, skill=icu)
    valid = nurse(hospital.icu, "valid", skills=[icu])
    certify(valid)
    expired = nurse(hospital.icu, "expired", skills=[icu])
    certify(expired, expires=MONDAY - dt.timedelta(days=1))
    expiring = nurse(hospital.icu, "expiring", skills=[icu])
    certify(expiring, expires=MONDAY + dt.timedelta(days=2))  # valid on days 0-2 only
    leave(valid, MONDAY + dt.timedelta(days=4), MONDAY + dt.timedelta(days=6))
    ward = roster(hospital.icu, length_days=7)
    generated(ward)

    on_leave = Assignment.objects.filter(roster=ward, person=valid, date__gte=MONDAY + dt.timedelta(days=4))
    assert not on_leave.exists()
    assert services.shortfall_texts(ward) == [
        "Intensive Care, Fri 5 Mar, Day: 0 of 1 with skill ICU",
        "Intensive Care, Sat 6 Mar, Day: 0 of 1 with skill ICU",
        "Intensive Care, Sun 7 Mar, Day: 0 of 1 with skill ICU",
    ]
    with translation.override("zh-hans"):
        said = services.shortfall_texts(ward)
    assert said[0] == "Intensive Care，3月5日 星期五，Day：具备 ICU 技能者 0 / 1 人", said
    lines = services.coverage_report(ward)
    assert [line.date.day for line in lines if line.is_short] == [5, 6, 7]
    check = services.check_roster(ward)
    assert not check.has_hard_violations
    assert len(check.shortfalls) == 3


def test_a_request_is_honoured_when_it_costs_nothing(hospital):
    shifts = shift_types()
    cover(hospital.cardiology, shifts["A"], minimum=1)
    asking = nurse(hospital.cardiology, "asking")
    nurse(hospital.cardiology, "other")
    day_off = MONDAY + dt.timedelta(days=2)
    ShiftRequest.objects.create(person=asking, date=day_off, wants_to_work=False, weight=1)
    wants = MONDAY + dt.timedelta(days=4)
    ShiftRequest.objects.create(person=asking, date=wants, shift_type=shifts["A"], wants_to_work=True, weight=1)
    ward = roster(hospital.cardiology, length_days=7)
    generated(ward)

    assert not Assignment.objects.filter(roster=ward, person=asking, date=day_off).exists()
    assert Assignment.objects.get(roster=ward, person=asking, date=wants).shift_type.code == "A"
    assert ward.penalty_by_rule.get("shift_off_request", 0) == 0
    assert ward.penalty_by_rule.get("shift_on_request", 0) == 0


def test_a_person_whose_own_rules_admit_no_roster_is_named(hospital):
    shifts = shift_types()
    cover(hospital.icu, shifts["A"], minimum=1)
    stuck = nurse(hospital.icu, "stuck", hours=40)
    leave(stuck, MONDAY, MONDAY + dt.timedelta(days=1))
    services.save_work_rules(
        user=hospital.admin, department=hospital.icu, max_consecutive_days=1, min_hours_percent=100
    )
    ward = roster(hospital.icu, length_days=7)
    assert services.generate_roster_now(roster=ward, time_limit=SECONDS) is None
    ward.refresh_from_db()
    assert ward.generation_state == GenerationState.FAILED
    assert "Stuck" in ward.generation_error
