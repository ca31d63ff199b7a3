"""Monthly collection of personnel cost from staffing: paid hours on published rosters ×
the most specific cost rate; FTE drivers from staffing; the scheduled collection."""

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine
from django.conf import settings
from django.db.models import Sum

from hospital.celery import app as celery_app
from hospital.roles import Role
from performance import services, tasks
from performance.models import CostEntry, CostRate, CostSource, DriverKind, DriverSource, DriverValue, MonthClose
from performance.services.collection import collect_previous_month
from staffing.models import Assignment, Job, RosterStatus
from staffing.selectors import hours_worked
from tests.staffing.factories import nurse, roster, shift_types

pytestmark = pytest.mark.django_db
MONTH = dt.date(2026, 3, 1)
AFTER = dt.datetime(2026, 4, 2, 9, tzinfo=dt.UTC)


def _work(plan, person, days, shift):
    for day in days:
        Assignment.objects.create(roster=plan, person=person, date=dt.date(2026, 3, day), shift_type=shift)


@pytest.fixture
def rostered(hospital, categories):
    """ICU's roster of 2–15 March: Alice (nurse, N2) 5 shifts, Bob (nurse, N3, half-time) 4,
    Carol (physician) 3, Dave (technician, no rate) 2; Cardiology's: Erin (nurse, N3) 2.
    Every shift is 8 paid hours. Rates: any nurse 80.00, ICU's N3 nurses 95.00, physicians 150.00."""
    shifts = shift_types()
    icu = roster(hospital.icu, first_day=dt.date(2026, 3, 2), status=RosterStatus.PUBLISHED)
    card = roster(hospital.cardiology, first_day=dt.date(2026, 3, 2), status=RosterStatus.PUBLISHED)
    alice = nurse(hospital.icu, "alice", job=Job.NURSE, grade="N2")
    bob = nurse(hospital.icu, "bob", job=Job.NURSE, grade="N3", fte=D("0.5"))
    carol = nurse(hospital.icu, "carol", job=Job.PHYSICIAN, role=Role.PHYSICIAN)
    dave = nurse(hospital.icu, "dave", job=Job.TECHNICIAN)
    erin = nurse(hospital.cardiology, "erin", job=Job.NURSE, grade="N3")
    _work(icu, alice, [2, 3, 4, 5, 6], shifts["A"])
    _work(icu, bob, [2, 3, 4, 5], shifts["N"])
    _work(icu, carol, [7, 8, 9], shifts["A"])
    _work(icu, dave, [10, 11], shifts["P"])
    _work(card, erin, [2, 3], shifts["A"])
    CostRate.objects.create(job=Job.NURSE, hourly_rate=D("80.00"))
    CostRate.objects.create(department=hospital.icu, job=Job.NURSE, grade="N3", hourly_rate=D("95.00"))
    CostRate.objects.create(job=Job.PHYSICIAN, hourly_rate=D("150.00"))
    return icu


def _personnel():
    return dict(
        CostEntry.objects.filter(month=MONTH, source=CostSource.STAFFING, category__code="personnel").values_list(
            "department__code", "amount"
        )
    )


@time_machine.travel(AFTER, tick=False)
def test_staffed_hours_times_the_most_specific_rate(hospital, rostered):
    result = services.collect_month(month=MONTH, user=hospital.finance)
    # ICU: 40 h × 80 + 32 h × 95 + 24 h × 150 = 3,200 + 3,040 + 3,600; Cardiology: 16 h × 80
    assert _personnel() == {"ICU": D("9840.00"), "CARD": D("1280.00")}
    assert result.totals[CostSource.STAFFING] == D("11120.00")
    assert result.unpriced_hours == D(16)  # Dave's: no rate fits a technician


@time_machine.travel(AFTER, tick=False)
def test_staffing_total_equals_the_rosters_hours_worked(hospital, rostered):
    """The source app's figure: staffing's hours_worked for the roster, priced per person."""
    services.collect_month(month=MONTH, user=hospital.finance)
    rates = CostRate.objects.all()
    expected = D(0)
    for line in hours_worked(rostered):
        profile = line.person.staff_profile
        rate = rates.rate_for(department_id=hospital.icu.pk, job=profile.job, grade=profile.grade)
        if rate is not None:
            expected += line.hours * rate.hourly_rate
    collected = CostEntry.objects.filter(department=hospital.icu, source=CostSource.STAFFING).aggregate(
        t=Sum("amount")
    )["t"]
    assert collected == expected == D("9840.00")


@time_machine.travel(AFTER, tick=False)
def test_only_published_rosters_and_the_months_own_shifts_count(hospital, rostered):
    shifts = shift_types()
    alice = rostered.assignments.filter(person__username="alice").first().person
    late = roster(hospital.icu, first_day=dt.date(2026, 3, 30), length_days=7, status=RosterStatus.PUBLISHED)
    _work(late, alice, [30, 31], shifts["A"])
    Assignment.objects.create(roster=late, person=alice, date=dt.date(2026, 4, 1), shift_type=shifts["A"])
    draft = roster(hospital.icu, first_day=dt.date(2026, 3, 16))
    _work(draft, alice, [16, 17], shifts["A"])
    services.collect_month(month=MONTH, user=hospital.finance)
    assert _personnel()["ICU"] == D("9840.00") + 16 * D("80.00")  # 30 and 31 March only


@time_machine.travel(AFTER, tick=False)
def test_collecting_staffing_twice_replaces_it_and_keeps_finances_personnel(hospital, categories, rostered):
    manual = services.record_cost_entry(
        department=hospital.icu, month=MONTH, category=categories["personnel"], amount="5000.00", user=hospital.finance
    )
    services.collect_month(month=MONTH, user=hospital.finance)
    first = list(CostEntry.objects.filter(month=MONTH).order_by("pk").values_list("department_id", "amount", "source"))
    CostRate.objects.filter(job=Job.PHYSICIAN).update(hourly_rate=D("160.00"))
    services.collect_month(month=MONTH, user=hospital.finance)
    assert _personnel()["ICU"] == D("10080.00")  # Carol's 24 h now at 160.00
    CostRate.objects.filter(job=Job.PHYSICIAN).update(hourly_rate=D("150.00"))
    services.collect_month(month=MONTH, user=hospital.finance)
    again = list(CostEntry.objects.filter(month=MONTH).order_by("pk").values_list("department_id", "amount", "source"))
    assert sorted(again) == sorted(first) and len(again) == 3
    assert CostEntry.objects.filter(pk=manual.pk, amount=D("5000.00"), source=CostSource.MANUAL).exists()


@time_machine.travel(AFTER, tick=False)
def test_fte_drivers_come_from_staffing_and_typed_values_win(hospital, rostered):
    services.set_driver_value(
        department=hospital.cardiology, month=MONTH, kind=DriverKind.FTE, value="12", user=hospital.finance
    )
    services.fill_drivers(month=MONTH)
    fte = {
        (v.department.code, v.source): v.value
        for v in DriverValue.objects.filter(month=MONTH, kind=DriverKind.FTE).select_related("department")
    }
    # ICU: 1 + 0.5 + 1 + 1 (Alice, Bob, Carol, Dave); Cardiology's typed 12 is kept
    assert fte[("ICU", DriverSource.STAFFING)] == D("3.5")
    assert fte[("CARD", DriverSource.MANUAL)] == D("12")
    assert ("CARD", DriverSource.STAFFING) not in fte


def test_the_monthly_collection_is_scheduled():
    entry = settings.CELERY_BEAT_SCHEDULE["performance.collect_previous_month"]
    assert entry["task"] == "performance.tasks.collect_previous_month"
    assert tasks.collect_last_month.name == entry["task"]
    assert entry["task"] in celery_app.tasks
    assert set(entry["schedule"].day_of_month) == {1, 2}


def test_scheduled_collection_takes_the_previous_open_month(hospital, rostered):
    with time_machine.travel(dt.datetime(2026, 4, 1, 20, tzinfo=dt.UTC), tick=False):  # 2 April in Shanghai
        assert tasks.collect_last_month() == "2026-03: 2 entries"
    assert _personnel() == {"ICU": D("9840.00"), "CARD": D("1280.00")}
    assert collect_previous_month(today=dt.date(2026, 4, 3)) is None  # only on the 1st and 2nd
    MonthClose.objects.create(month=MONTH)
    assert collect_previous_month(today=dt.date(2026, 4, 1)) is None  # closed: left alone
    assert _personnel() == {"ICU": D("9840.00"), "CARD": D("1280.00")}
