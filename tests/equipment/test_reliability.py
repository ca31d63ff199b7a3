"""Equipment KPIs and the failure-risk score, checked against hand-computed examples
(docs/standards.md, section 5)."""

import datetime as dt
from decimal import Decimal as D

from django.utils import translation

from equipment.reliability import (
    Usage,
    availability,
    depreciation_for_month,
    failure_risk,
    intact_rate,
    mean_hours,
    monthly_depreciation,
    mtbf_hours,
    pm_on_time,
    usage,
    usage_by_period,
)

UTC = dt.UTC
START = dt.datetime(2026, 3, 1, tzinfo=UTC)
END = dt.datetime(2026, 3, 31, tzinfo=UTC)  # 30 days = 720 hours
H = dt.timedelta(hours=1)


def at(day, hour=0):
    return dt.datetime(2026, 3, day, hour, tzinfo=UTC)


# A monitor in service all month but for a 36-hour repair and two days out of service.
MONITOR = [
    (at(10, 8), "under_repair"),
    (at(11, 20), "in_service"),  # 36 hours under repair
    (at(20), "out_of_service"),
    (at(22), "in_service"),  # 48 hours out of service
]


def test_downtime_is_time_under_repair_or_out_of_service():
    used = usage(MONITOR, start=START, end=END, status_at_start="in_service")
    assert used.in_use == 720 * H
    assert used.down == 84 * H
    assert used.up == 636 * H


def test_availability_of_one_device():
    used = usage(MONITOR, start=START, end=END, status_at_start="in_service")
    # (720 − 84) ÷ 720 = 88.33 %
    assert availability([used]) == D("88.33")


def test_time_before_commissioning_and_after_retirement_is_not_in_use():
    # commissioned on the 16th (15 days in use), a second device retired on the 21st (20 days)
    new = usage([(at(16), "in_service")], start=START, end=END, status_at_start="acceptance_testing")
    old = usage([(at(21), "retired")], start=START, end=END, status_at_start="in_service")
    assert (new.in_use, new.down) == (360 * H, dt.timedelta())
    assert (old.in_use, old.down) == (480 * H, dt.timedelta())
    monitor = usage(MONITOR, start=START, end=END, status_at_start="in_service")
    # (720 + 360 + 480 − 84) ÷ (720 + 360 + 480) = 1,476 ÷ 1,560 = 94.62 %
    assert availability([monitor, new, old]) == D("94.62")


def test_changes_outside_the_period_are_ignored():
    history = [(START - 10 * H, "under_repair"), (END + H, "in_service")]
    used = usage(history, start=START, end=END, status_at_start="under_repair")
    assert used.down == 720 * H
    assert availability([used]) == D("0.00")


def test_no_device_in_use_is_no_data():
    assert availability([]) is None
    assert availability([Usage(in_use=dt.timedelta(), down=dt.timedelta())]) is None


def test_intact_rate_87_of_100():
    assert intact_rate(87, 100) == D("87.00")
    assert intact_rate(96, 100) == D("96.00")
    assert intact_rate(0, 0) is None


def test_pm_completion_on_time():
    due = dt.date(2026, 3, 10)
    orders = [
        (due, due),  # on the day: on time
        (due, due + dt.timedelta(days=1)),  # a day late
        (due, None),  # not done
        (due, due - dt.timedelta(days=3)),  # early
    ]
    assert pm_on_time(orders) == D("50.00")
    assert pm_on_time([]) is None


def test_mean_response_time_and_mttr():
    # responses of 2, 4 and 9 hours: 5 hours
    assert mean_hours([2 * H, 4 * H, 9 * H]) == D("5.00")
    # repairs of 1.5 and 3 hours: 2.25
    assert mean_hours([dt.timedelta(minutes=90), 3 * H]) == D("2.25")
    assert mean_hours([]) is None


def test_mtbf_is_operating_time_per_failure():
    assert mtbf_hours(1000 * H, 4) == D("250.00")
    assert mtbf_hours(1000 * H, 0) is None


def test_straight_line_depreciation_of_a_ventilator():
    # 360,000, no salvage, 6 years, commissioned 15 Mar 2026: 5,000 a month, April 2026 to March 2032
    assert monthly_depreciation(cost=D(360000), salvage=D(0), life_years=6) == D("5000.00")
    vent = {"cost": D(360000), "salvage": D(0), "life_years": 6, "commissioned_on": dt.date(2026, 3, 15)}
    assert depreciation_for_month(**vent, month=dt.date(2026, 3, 1)) == 0
    assert depreciation_for_month(**vent, month=dt.date(2026, 4, 1)) == D("5000.00")
    assert depreciation_for_month(**vent, month=dt.date(2032, 3, 1)) == D("5000.00")
    assert depreciation_for_month(**vent, month=dt.date(2032, 4, 1)) == 0


def test_depreciation_with_salvage_stops_after_the_month_of_retirement():
    # (100,000 − 4,000) ÷ 96 months = 1,000
    pump = {"cost": D(100000), "salvage": D(4000), "life_years": 8, "commissioned_on": dt.date(2025, 1, 31)}
    retired = dt.date(2028, 1, 10)
    assert depreciation_for_month(**pump, retired_on=retired, month=dt.date(2028, 1, 1)) == D("1000.00")
    assert depreciation_for_month(**pump, retired_on=retired, month=dt.date(2028, 2, 1)) == 0


@translation.override("en")
def test_failure_risk_worked_example():
    # λ = (2 + ½) ÷ 4,380 h; in 30 days (720 h) 2.5 × 720 ÷ 4,380 = 0.411 failures expected,
    # 1 − e^−0.411 = 33.7 %; + 15 past its life (9 of 8 years) + 20 overdue 40 days + 10 repaired 10 days ago
    risk = failure_risk(
        failures=2,
        operating_hours=D(4380),
        age_years=D(9),
        useful_life_years=8,
        days_overdue=40,
        days_since_last_repair=10,
    )
    assert risk.chance == D("33.7")
    assert risk.score == D("78.7")
    assert len(risk.reasons) == 4
    assert "40 days overdue: +20" in risk.reasons[2]


def test_a_clean_young_device_keeps_a_small_chance():
    # a year (8,760 h) without a failure: ½ × 720 ÷ 8,760 → 1 − e^−0.041 = 4.0 %
    risk = failure_risk(
        failures=0,
        operating_hours=D(8760),
        age_years=D(1),
        useful_life_years=8,
        days_overdue=0,
        days_since_last_repair=None,
    )
    assert (risk.chance, risk.score) == (D("4.0"), D("4.0"))
    assert len(risk.reasons) == 1


def test_short_histories_count_as_a_month_and_the_score_is_capped():
    # 10 hours of history count as 720: ½ × 720 ÷ 720 → 1 − e^−0.5 = 39.3 %
    young = failure_risk(
        failures=0,
        operating_hours=D(10),
        age_years=D(0),
        useful_life_years=8,
        days_overdue=0,
        days_since_last_repair=None,
    )
    assert young.chance == D("39.3")
    worst = failure_risk(
        failures=50,
        operating_hours=D(1000),
        age_years=D(12),
        useful_life_years=8,
        days_overdue=90,
        days_since_last_repair=1,
    )
    assert worst.score == D(100)


def test_near_end_of_life_and_short_overdue_points():
    risk = failure_risk(
        failures=0,
        operating_hours=D(8760),
        age_years=D("6.5"),
        useful_life_years=8,
        days_overdue=5,
        days_since_last_repair=45,
    )
    # 4.0 + 5 (81 % of its life) + 10 (5 days overdue); the repair was 45 days ago: nothing
    assert risk.score == D("19.0")


def test_usage_by_period_agrees_with_usage_period_by_period():
    history = [(START - 5 * H, "in_service"), *MONITOR, (END, "under_repair")]
    weeks = [(START + dt.timedelta(days=7 * i), START + dt.timedelta(days=7 * (i + 1))) for i in range(5)]
    for (start, end), (used, at_end) in zip(weeks, usage_by_period(history, weeks), strict=True):
        status_at_start = [s for at, s in history if at <= start][-1]
        assert used == usage(history, start=start, end=end, status_at_start=status_at_start)
        assert at_end == [s for at, s in history if at <= end][-1]
    assert usage_by_period(history, [(START - 10 * H, START - 6 * H)]) == [(Usage(dt.timedelta(), dt.timedelta()), "")]
