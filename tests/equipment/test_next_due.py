"""Next due dates: monthly plans keep their anchor day across month ends and leap years."""

import datetime as dt

import pytest

from equipment.schedule import Interval, advance, default_plans, next_due_after

d = dt.date
MONTHLY, YEARLY = Interval(1, "months"), Interval(12, "months")


def test_month_end_anchor_is_kept_jan_31_feb_28_mar_31():
    feb = next_due_after(due=d(2025, 1, 31), done_on=d(2025, 1, 30), interval=MONTHLY, anchor_day=31)
    assert feb == d(2025, 2, 28)
    mar = next_due_after(due=feb, done_on=feb, interval=MONTHLY, anchor_day=31)
    assert mar == d(2025, 3, 31)
    assert next_due_after(due=mar, done_on=mar, interval=MONTHLY, anchor_day=31) == d(2025, 4, 30)


def test_leap_year_february_has_29_days():
    assert advance(d(2024, 1, 31), MONTHLY, anchor_day=31) == d(2024, 2, 29)
    assert advance(d(2024, 2, 29), MONTHLY, anchor_day=31) == d(2024, 3, 31)


def test_yearly_plan_anchored_on_29_february():
    due = d(2024, 2, 29)
    dates = []
    for _ in range(4):
        due = next_due_after(due=due, done_on=due, interval=YEARLY, anchor_day=29)
        dates.append(due)
    assert dates == [d(2025, 2, 28), d(2026, 2, 28), d(2027, 2, 28), d(2028, 2, 29)]


def test_quarterly_across_year_end():
    assert advance(d(2025, 11, 30), Interval(3, "months"), anchor_day=30) == d(2026, 2, 28)
    assert advance(d(2026, 2, 28), Interval(3, "months"), anchor_day=30) == d(2026, 5, 30)


def test_done_early_keeps_the_schedule():
    assert next_due_after(due=d(2025, 6, 15), done_on=d(2025, 6, 1), interval=MONTHLY, anchor_day=15) == d(2025, 7, 15)


def test_done_so_late_that_dates_were_missed_is_not_owed_twice():
    # due 15 Jan, done 20 Mar: 15 Feb and 15 Mar were missed; next is 15 Apr
    assert next_due_after(due=d(2025, 1, 15), done_on=d(2025, 3, 20), interval=MONTHLY, anchor_day=15) == d(2025, 4, 15)


def test_day_intervals_count_days_across_the_year():
    assert next_due_after(due=d(2025, 12, 25), done_on=d(2025, 12, 20), interval=Interval(30, "days")) == d(2026, 1, 24)


@pytest.mark.parametrize(
    ("risk", "life_support", "category", "expected"),
    [
        ("high", False, "ventilator", {"preventive": 6, "calibration": 12, "safety_test": 12}),
        ("low", True, "other", {"preventive": 6, "calibration": 12, "safety_test": 12}),  # life support = high
        ("medium", False, "infusion_pump", {"preventive": 12, "safety_test": 12, "calibration": 12}),
        ("low", False, "other", {"inspection": 24, "safety_test": 24}),
        ("high", False, "ct", {"preventive": 3, "calibration": 12, "safety_test": 12}),
    ],
)
def test_default_intervals_follow_risk_and_category(risk, life_support, category, expected):
    plans = default_plans(risk_class=risk, is_life_support=life_support, category=category)
    assert {kind: interval.value for kind, interval in plans.items()} == expected


def test_defibrillators_get_a_monthly_inspection_in_days():
    plans = default_plans(risk_class="high", is_life_support=True, category="defibrillator")
    assert plans["inspection"] == Interval(30, "days")
