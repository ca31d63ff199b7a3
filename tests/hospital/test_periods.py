"""Calendar arithmetic shared by every app, checked on worked examples."""

import datetime as dt

from hospital.periods import (
    add_months,
    add_working_days,
    last_complete_month,
    month_end,
    month_periods,
    working_days_between,
)


def test_a_monthly_date_keeps_its_anchor_day():
    jan_31 = dt.date(2026, 1, 31)
    feb = add_months(jan_31, 1)
    assert feb == dt.date(2026, 2, 28)
    assert add_months(feb, 1, anchor_day=31) == dt.date(2026, 3, 31)
    assert add_months(dt.date(2028, 1, 31), 1) == dt.date(2028, 2, 29)  # leap year


def test_months_cross_years_both_ways():
    assert add_months(dt.date(2026, 11, 15), 3) == dt.date(2027, 2, 15)
    assert add_months(dt.date(2026, 1, 15), -1) == dt.date(2025, 12, 15)
    assert add_months(dt.date(2026, 1, 15), -13) == dt.date(2024, 12, 15)


def test_month_periods_end_today_and_go_back_whole_months():
    periods = month_periods(dt.date(2026, 3, 15), 3)
    assert periods == [
        (dt.date(2026, 1, 1), dt.date(2026, 1, 31)),
        (dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
        (dt.date(2026, 3, 1), dt.date(2026, 3, 15)),
    ]


def test_last_complete_month_and_month_end():
    assert last_complete_month(dt.date(2026, 1, 10)) == (dt.date(2025, 12, 1), dt.date(2025, 12, 31))
    assert month_end(dt.date(2026, 2, 3)) == dt.date(2026, 2, 28)


def test_working_days_skip_weekends():
    friday = dt.date(2026, 11, 20)
    assert add_working_days(friday, 1) == dt.date(2026, 11, 23)  # Monday
    assert working_days_between(friday, dt.date(2026, 11, 24)) == 2
    assert working_days_between(friday, friday) == 0
