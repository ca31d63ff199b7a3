"""Every number the dashboards and metric cards read from the summaries equals the same
number counted from the raw rows, on a hand-built hospital: whole months (summary),
the month to date, and periods that cut months in two (raw rows for the cut days)."""

import datetime as dt
import random
from decimal import Decimal

import pytest
import time_machine

from hospital.models import DailyCensus, Department
from hospital.periods import month_periods
from hospital.selectors import census_totals_by_department, census_totals_by_period, ratio
from quality import selectors
from quality.models import ActionStatus, AdverseEvent, CorrectiveAction, DeviceDays, InfectionCase, SurveyAnswer
from quality.models.events import SURGICAL_CATEGORIES
from tests.hospital.factories import DailyCensusFactory
from tests.quality.factories import (
    AdverseEventFactory,
    CorrectiveActionFactory,
    make_infection_case,
    make_survey,
    make_survey_response,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)
PERIODS = {
    "twelve months": month_periods(TODAY, 12),
    "cut months": [(dt.date(2026, 8, 10), dt.date(2026, 9, 30)), (dt.date(2026, 10, 1), dt.date(2026, 11, 5))],
    "one odd period": [(dt.date(2026, 9, 15), dt.date(2026, 11, 23))],
}


@pytest.fixture(autouse=True)
def _november():
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


def _noon(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 4, 0, tzinfo=dt.UTC)  # noon in Shanghai


@pytest.fixture
def data(hospital):
    rng = random.Random(7)
    wards = [hospital.cardiology, hospital.icu, hospital.general_surgery]
    start = dt.date(2025, 11, 1)
    survey = make_survey(questions=3)
    for offset in range(0, (TODAY - start).days + 1, 6):
        day = start + dt.timedelta(days=offset)
        for ward in wards:
            DailyCensusFactory(department=ward, date=day, inpatients=rng.randint(5, 30), surgeries=rng.randint(0, 4))
        ward = rng.choice(wards)
        event = AdverseEventFactory(
            department=ward,
            occurred_at=_noon(day),
            event_type=rng.choice(["incident", "near_miss", "unsafe_condition"]),
            category=rng.choice(["fall", "medication", "surgery", "anaesthesia", "device"]),
            harm=rng.choice(["none", "mild", "severe", "unknown"]),
            status=rng.choice(["submitted", "triaged", "closed"]),
        )
        due = day + dt.timedelta(days=rng.randint(5, 40))
        done = rng.random() < 0.6
        CorrectiveActionFactory(
            event=event,
            due_date=due,
            status=rng.choice([ActionStatus.DONE, ActionStatus.CANCELLED]) if done else ActionStatus.OPEN,
            completed_on=min(due + dt.timedelta(days=rng.randint(-5, 20)), TODAY) if done else None,
        )
        make_infection_case(department=rng.choice(wards), kind=rng.choice(["clabsi", "cauti", "ssi"]), onset_date=day)
        make_survey_response(survey=survey, department=ward, responded_on=day, scores=[rng.randint(1, 5)] * 3)
    for month in {dt.date(d.year, d.month, 1) for d in (start + dt.timedelta(days=n * 30) for n in range(13))}:
        for ward in wards:
            DeviceDays.objects.create(department=ward, month=month, central_line_days=rng.randint(50, 90))
    return wards


def _in(day, period):
    return period[0] <= day <= period[1]


def _subtree(department):
    return {d.pk for d in Department.objects.all() if department is None or d.path.startswith(department.path)}


def _raw_events(department, period):
    inside = _subtree(department)
    return [e for e in AdverseEvent.objects.all() if e.department_id in inside and _in(e.occurred_on, period)]


def _raw_patient_days(department, period):
    inside = _subtree(department)
    return sum(c.inpatients for c in DailyCensus.objects.all() if c.department_id in inside and _in(c.date, period))


@pytest.mark.parametrize("name", PERIODS)
@pytest.mark.parametrize("department", [None, "medicine", "icu"])
def test_event_rates_equal_the_raw_count(hospital, data, name, department):
    department = getattr(hospital, department) if department else None
    periods = PERIODS[name]
    rows = selectors.event_rates_by_period(department, periods)
    for period, row in zip(periods, rows, strict=True):
        events = _raw_events(department, period)
        assert row["all"] == len(events)
        assert row["near_miss"] == sum(e.event_type == "near_miss" for e in events)
        medication = sum(e.category == "medication" and e.event_type != "unsafe_condition" for e in events)
        assert row["medication"] == medication
        assert row["surgical"] == sum(e.category in SURGICAL_CATEGORIES for e in events)
        assert row["per_1000"] == ratio(len(events), _raw_patient_days(department, period), scale=1000)


def test_safety_dashboard_equals_the_raw_count(hospital, data):
    periods = PERIODS["twelve months"]
    year = (periods[0][0], periods[-1][1])
    numbers = selectors.safety_dashboard(None, periods, data, periods[-6:])
    events = _raw_events(None, year)
    by_category = {}
    for e in events:
        by_category[e.category] = by_category.get(e.category, 0) + 1
    assert {r["key"]: r["count"] for r in numbers["pareto"]} == by_category
    assert [r["count"] for r in numbers["pareto"]] == sorted(by_category.values(), reverse=True)
    harms = {r["key"]: r["count"] for r in numbers["harms"] if r["count"]}
    incidents = [e for e in events if e.event_type == "incident"]
    assert harms == {h: sum(e.harm == h for e in incidents) for h in {e.harm for e in incidents}}
    for row in numbers["by_department"]:
        expected = [
            ratio(len(_raw_events(row["department"], p)), _raw_patient_days(row["department"], p), scale=1000)
            for p in periods[-6:]
        ]
        assert row["rates"] == expected


@pytest.mark.parametrize("name", PERIODS)
def test_infection_rates_equal_the_raw_count(hospital, data, name):
    periods = PERIODS[name]
    cases = list(InfectionCase.objects.all())
    for department in (None, hospital.icu):
        inside = _subtree(department)
        for period, row in zip(periods, selectors.hai_rates_by_period(department, periods), strict=True):
            for kind in ("clabsi", "cauti", "vae", "ssi"):
                expected = sum(
                    c.kind == kind and c.department_id in inside and _in(c.onset_date, period) for c in cases
                )
                assert row[f"{kind}_cases"] == expected
            lines = sum(
                d.central_line_days
                for d in DeviceDays.objects.all()
                if d.department_id in inside and period[0].replace(day=1) <= d.month <= period[1]
            )
            assert row["central_line_days"] == lines
            assert row["patient_days"] == _raw_patient_days(department, period)
    last = PERIODS["twelve months"][-2]
    for row in selectors.hai_rates_by_ward([hospital.icu, hospital.surgery], last):
        inside = _subtree(row["department"])
        assert row["ssi_cases"] == sum(
            c.kind == "ssi" and c.department_id in inside and _in(c.onset_date, last) for c in cases
        )
        assert row["patient_days"] == _raw_patient_days(row["department"], last)


@pytest.mark.parametrize("name", PERIODS)
def test_satisfaction_equals_the_raw_count(hospital, data, name):
    periods = PERIODS[name]
    answers = list(SurveyAnswer.objects.select_related("response__department", "question"))
    for department in (None, hospital.medicine):
        inside = _subtree(department)
        mine = [a for a in answers if a.response.department_id in inside]
        for period, row in zip(periods, selectors.satisfaction_by_period(department, periods), strict=True):
            within = [a for a in mine if _in(a.response.responded_on, period)]
            assert (row["answers"], row["satisfied"]) == (len(within), sum(a.score >= 4 for a in within))
        span = (periods[0][0], periods[-1][1])
        within = [a for a in mine if _in(a.response.responded_on, span)]
        by_department = {
            r["response__department__name"]: (r["n"], r["good"])
            for r in selectors.satisfaction_by_department(department, span)
        }
        expected = {}
        for a in within:
            n, good = expected.get(a.response.department.name, (0, 0))
            expected[a.response.department.name] = (n + 1, good + (a.score >= 4))
        assert by_department == expected
        by_question = {r["question__number"]: r["n"] for r in selectors.satisfaction_by_question(department, span)}
        assert by_question == {q: sum(a.question.number == q for a in within) for q in (1, 2, 3)}


def test_overdue_actions_equal_the_raw_count(hospital, data):
    periods = PERIODS["twelve months"]
    actions = list(CorrectiveAction.objects.select_related("event"))
    for department in (None, hospital.cardiology):
        inside = _subtree(department)
        values = selectors.overdue_actions_by_period(department, periods)
        for (_start, end), value in zip(periods, values, strict=True):
            expected = sum(
                a.event.department_id in inside
                and a.status != ActionStatus.CANCELLED
                and a.due_date < end
                and (a.completed_on is None or a.completed_on > end)
                for a in actions
            )
            assert value == Decimal(expected)
            assert selectors.overdue_actions_count(department, _start, end) == Decimal(expected)


def test_census_by_department_rolls_up_the_tree(hospital, data):
    periods = PERIODS["cut months"]
    totals = census_totals_by_department([hospital.medicine, hospital.icu], periods)
    for department in (hospital.medicine, hospital.icu):
        for period, row in zip(periods, totals[department.pk], strict=True):
            assert row["patient_days"] == _raw_patient_days(department, period)
            assert row["patient_days"] == census_totals_by_period(department, [period])[0]["patient_days"]
