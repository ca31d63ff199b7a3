"""The boundary with the department's previous roster: rest time and forbidden successions
after its last day, and runs of days and nights that began in it, are checked on manual
edits (flagged, publishing refused) and kept by a generated roster. The rules' findings are
said in the reader's language; contract limits count paid hours, not a shift's length."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from staffing import services
from staffing.models import Assignment, RosterStatus, ShiftType, WorkRules
from staffing.selectors import hours_worked
from staffing.services.errors import RosterHasViolations
from staffing.solver.checker import check_problem
from tests.staffing.factories import MONDAY, cover, nurse, roster, shift_types

pytestmark = pytest.mark.django_db
SUNDAY = MONDAY - dt.timedelta(days=1)


@pytest.fixture
def wards(hospital):
    """Cardiology: last week published (Mon 22 Feb to Sun 28 Feb), this week a draft."""
    shifts = shift_types()
    WorkRules.objects.update_or_create(
        department=hospital.cardiology,
        defaults={"forbidden_successions": [["N", "A"]], "max_consecutive_days": 5, "max_consecutive_nights": 3},
    )
    people = [nurse(hospital.cardiology, name) for name in ("ann", "bo", "cy", "di")]
    previous = roster(hospital.cardiology, first_day=MONDAY - dt.timedelta(days=7), length_days=7)
    draft = roster(hospital.cardiology, length_days=7)
    return previous, draft, shifts, people


def work(roster_, person, shifts, codes, *, last_day):
    first = last_day - dt.timedelta(days=len(codes) - 1)
    for offset, code in enumerate(codes):
        if code:
            Assignment.objects.create(
                roster=roster_, person=person, date=first + dt.timedelta(days=offset), shift_type=shifts[code]
            )


def publish(roster_):
    roster_.status = RosterStatus.PUBLISHED
    roster_.save(update_fields=["status"])


def test_a_day_after_the_previous_rosters_last_night_is_flagged_and_blocks_publishing(hospital, wards):
    previous, draft, shifts, (ann, bo, _cy, _di) = wards
    work(previous, ann, shifts, ["N"], last_day=SUNDAY)
    work(previous, bo, shifts, ["P"], last_day=SUNDAY)
    head = hospital.head_cardiology
    services.set_assignment(user=head, roster=draft, person=ann, date=MONDAY, shift_type=shifts["A"])
    check = services.set_assignment(user=head, roster=draft, person=bo, date=MONDAY, shift_type=shifts["A"])
    # nothing is flagged while the previous roster is a draft: only what was published counts
    assert not check.has_hard_violations

    publish(previous)
    check = services.check_roster(draft)
    assert [v.rule for v in check.by_cell[(ann.pk, MONDAY)]] == ["after_previous_roster"]
    assert check.by_cell[(ann.pk, MONDAY)][0].message == (
        "Ann: Day on Mon 1 Mar is too soon after Night on the last day of the previous roster"
    )
    assert [v.rule for v in check.by_cell[(bo.pk, MONDAY)]] == ["after_previous_roster"]  # 8 h rest after P
    with pytest.raises(RosterHasViolations) as refused:
        services.publish_roster(user=head, roster=draft)
    assert {v.rule for v in refused.value.violations} == {"after_previous_roster"}

    # a night after the night is fine; archiving the previous roster keeps its history
    services.set_assignment(user=head, roster=draft, person=ann, date=MONDAY, shift_type=shifts["N"])
    services.set_assignment(user=head, roster=draft, person=bo, date=MONDAY, shift_type=shifts["P"])
    services.archive_roster(user=head, roster=previous)
    assert not services.check_roster(draft).has_hard_violations


def test_runs_of_days_and_nights_count_the_days_before(hospital, wards):
    previous, draft, shifts, (ann, bo, _cy, _di) = wards
    work(previous, ann, shifts, ["A", "A", "A", "A"], last_day=SUNDAY)  # four days in a row, at most five
    work(previous, bo, shifts, ["A", None, "N", "N"], last_day=SUNDAY)  # two nights in a row, at most three
    publish(previous)
    head = hospital.head_cardiology
    services.set_assignment(user=head, roster=draft, person=ann, date=MONDAY, shift_type=shifts["A"])
    services.set_assignment(user=head, roster=draft, person=bo, date=MONDAY, shift_type=shifts["N"])
    assert not services.check_roster(draft).has_hard_violations

    tuesday = MONDAY + dt.timedelta(days=1)
    services.set_assignment(user=head, roster=draft, person=ann, date=tuesday, shift_type=shifts["A"])
    check = services.set_assignment(user=head, roster=draft, person=bo, date=tuesday, shift_type=shifts["N"])
    assert [v.rule for v in check.by_cell[(ann.pk, tuesday)]] == ["max_consecutive_days"]
    assert check.by_cell[(ann.pk, tuesday)][0].message == ("Ann: 6 working days in a row from Thu 25 Feb, at most 5")
    assert [v.rule for v in check.by_cell[(bo.pk, tuesday)]] == ["max_consecutive_nights"]
    with translation.override("zh-hans"):
        said = services.check_roster(draft).by_cell[(ann.pk, tuesday)][0]
        assert said.message == "Ann：自 2月25日 星期四 起连续工作 6 天，最多 5 天"
        assert said.label == "连续工作天数过多"


def test_a_generated_roster_keeps_the_boundary(hospital, wards):
    previous, draft, shifts, people = wards
    cover(hospital.cardiology, shifts["A"], minimum=1)
    cover(hospital.cardiology, shifts["N"], minimum=1)
    work(previous, people[0], shifts, ["N", "N", "N"], last_day=SUNDAY)
    work(previous, people[1], shifts, ["A", "A", "A", "A", "A"], last_day=SUNDAY)
    work(previous, people[2], shifts, ["P"], last_day=SUNDAY)
    publish(previous)
    solution = services.generate_roster_now(roster=draft, time_limit=2, workers=1)
    assert solution is not None

    bundle = services.build_problem(draft)
    assert bundle.problem.employees[0].nights_before == 3
    assert check_problem(bundle.problem, bundle.assignments()).violations == []
    mondays = dict(
        Assignment.objects.filter(roster=draft, date=MONDAY).values_list("person__username", "shift_type__code")
    )
    assert mondays.get("ann") not in ("A", "N")  # no day after nights, no fourth night
    assert "bo" not in mondays  # a sixth day in a row
    assert mondays.get("cy") not in ("A", "N")  # too little rest after P


def test_contract_limits_count_paid_hours_not_the_shifts_length(hospital, wards):
    _previous, draft, shifts, (ann, *_others) = wards
    long_day = ShiftType.objects.create(
        code="L", name="Long day", start=dt.time(7), end=dt.time(20), paid_hours=Decimal("12.5")
    )
    WorkRules.objects.filter(department=hospital.cardiology).update(max_hours_percent=100)
    bundle = services.build_problem(draft)
    assert bundle.problem.shift("A").minutes == 8 * 60
    head = hospital.head_cardiology
    # ann's contract: 40 h a week; four long days are 50 paid hours (52 h on the clock)
    for offset in range(4):
        day = MONDAY + dt.timedelta(days=2 * offset)
        services.set_assignment(user=head, roster=draft, person=ann, date=day, shift_type=long_day)
    check = services.check_roster(draft)
    [over] = check.by_person[ann.pk]
    assert over.rule == "contract_hours"
    assert over.message == "Ann: 50 hours, the contract allows at most 40"
    lines = {line.person.pk: line for line in hours_worked(draft)}
    assert lines[ann.pk].hours == Decimal("50.00")
    assert lines[ann.pk].over_contract == Decimal("10.00")


def test_a_chinese_request_shows_the_rules_in_chinese(hospital, wards, client_for, api_for, settings):
    previous, draft, shifts, (ann, *_others) = wards
    work(previous, ann, shifts, ["N"], last_day=SUNDAY)
    publish(previous)
    services.set_assignment(
        user=hospital.head_cardiology, roster=draft, person=ann, date=MONDAY, shift_type=shifts["A"]
    )
    client = client_for(hospital.head_cardiology)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    html = client.get(reverse("staffing:roster_detail", args=[draft.pk])).content.decode()
    assert "Ann：3月1日 星期一 的Day与上一排班表最后一天的Night间隔过近" in html
    assert "too soon after" not in html
    api = api_for(hospital.head_cardiology)
    rows = api.get(f"/api/v1/staffing/rosters/{draft.pk}/check/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert rows[0]["message"] == "Ann：3月1日 星期一 的Day与上一排班表最后一天的Night间隔过近"
