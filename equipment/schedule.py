"""Maintenance schedules: default intervals by risk and category, and the next due date.

Pure functions of values, no database (hospital.periods does the calendar).
"""

import datetime as dt
from dataclasses import dataclass

from equipment.models import Category, IntervalUnit, PlanKind, RiskClass
from hospital.periods import add_months


@dataclass(frozen=True)
class Interval:
    value: int
    unit: str  # IntervalUnit


def advance(day: dt.date, interval: Interval, *, anchor_day: int | None = None) -> dt.date:
    """`day` plus one interval; monthly intervals keep `anchor_day` (31 Jan → 28 Feb → 31 Mar)."""
    if interval.unit == IntervalUnit.MONTHS:
        return add_months(day, interval.value, anchor_day=anchor_day or day.day)
    return day + dt.timedelta(days=interval.value)


def next_due_after(*, due: dt.date, done_on: dt.date, interval: Interval, anchor_day: int | None = None) -> dt.date:
    """The plan's next due date once the check due on `due` was done on `done_on`.

    The schedule keeps its own dates: done early or a little late, the next one is
    one interval after `due`; done so late that dates were missed, the first
    scheduled date after `done_on` (a missed check is not owed twice).
    """
    following = advance(due, interval, anchor_day=anchor_day)
    while following <= done_on:
        following = advance(following, interval, anchor_day=anchor_day)
    return following


M, D = IntervalUnit.MONTHS, IntervalUnit.DAYS
# Manufacturers' usual schedules for high-risk devices (EC.02.04.01: followed as given).
HIGH_RISK_PLANS = {
    PlanKind.PREVENTIVE: Interval(6, M),
    PlanKind.CALIBRATION: Interval(12, M),
    PlanKind.SAFETY_TEST: Interval(12, M),
}
MEDIUM_RISK_PLANS = {PlanKind.PREVENTIVE: Interval(12, M), PlanKind.SAFETY_TEST: Interval(12, M)}
LOW_RISK_PLANS = {PlanKind.INSPECTION: Interval(24, M), PlanKind.SAFETY_TEST: Interval(24, M)}
# Category additions on top of the risk class's plans.
CATEGORY_PLANS = {
    # a defibrillator must work the first time: a monthly shock-and-battery inspection
    Category.DEFIBRILLATOR: {PlanKind.INSPECTION: Interval(30, D)},
    Category.INFUSION_PUMP: {PlanKind.CALIBRATION: Interval(12, M)},
    Category.SYRINGE_PUMP: {PlanKind.CALIBRATION: Interval(12, M)},
    Category.PATIENT_MONITOR: {PlanKind.CALIBRATION: Interval(12, M)},
    Category.ANALYSER: {PlanKind.CALIBRATION: Interval(6, M)},
    Category.XRAY: {PlanKind.PREVENTIVE: Interval(6, M), PlanKind.CALIBRATION: Interval(12, M)},
    Category.CT: {PlanKind.PREVENTIVE: Interval(3, M), PlanKind.CALIBRATION: Interval(12, M)},
    Category.MRI: {PlanKind.PREVENTIVE: Interval(3, M), PlanKind.CALIBRATION: Interval(12, M)},
}
CHECKLISTS = {
    PlanKind.PREVENTIVE: ["Clean and inspect housing and cables", "Replace wear parts", "Run self-test"],
    PlanKind.CALIBRATION: ["Measure against the reference", "Adjust within tolerance", "Record readings"],
    PlanKind.SAFETY_TEST: ["Earth resistance", "Leakage current", "Insulation"],
    PlanKind.INSPECTION: ["Visual inspection", "Alarms sound", "Battery holds charge"],
}


def default_plans(*, risk_class: str, is_life_support: bool, category: str) -> dict[str, Interval]:
    """The plans a device gets when it enters service: by risk class (life support counts
    as high), with its category's additions. A category's interval wins over the class's."""
    if risk_class == RiskClass.HIGH or is_life_support:
        plans = dict(HIGH_RISK_PLANS)
    elif risk_class == RiskClass.MEDIUM:
        plans = dict(MEDIUM_RISK_PLANS)
    else:
        plans = dict(LOW_RISK_PLANS)
    plans.update(CATEGORY_PLANS.get(category, {}))
    return plans
