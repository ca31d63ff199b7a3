"""How many staff a department needs on each day and shift, and how many it has.

A day's coverage rules: the department's rules for that date if any; else its holiday rules
on a public holiday (the `holidays` library for settings.STAFFING_HOLIDAY_COUNTRY, corrected
by HolidayOverride rows) if any; else its rules for that weekday. A ratio rule requires
⌈expected patients ÷ patients per staff member⌉, the expected patients being the mean
in-patients of the last CENSUS_WEEKS censuses on the same weekday before the roster starts
(the core's DailyCensus; no peer reads it this way).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import holidays
from django.conf import settings
from django.db.models import Avg

from hospital.models import DailyCensus, Department
from staffing.models import CoverageRule, CoverageScope, HolidayOverride, Roster, ShiftType, Skill

CENSUS_WEEKS = 8


@dataclass(frozen=True)
class Requirement:
    date: dt.date
    shift_type: ShiftType
    skill: Skill | None
    minimum: int
    preferred: int | None
    expected_patients: Decimal | None
    rule_id: int


@dataclass(frozen=True)
class CoverageLine:
    date: dt.date
    shift_type: ShiftType
    skill: Skill | None
    minimum: int
    preferred: int | None
    assigned: int

    @property
    def is_short(self) -> bool:
        return self.assigned < self.minimum


@lru_cache(maxsize=32)
def _library_holidays(country: str, year: int) -> dict[dt.date, str]:
    return dict(holidays.country_holidays(country, years=year))


def _holidays_between(first: dt.date, last: dt.date) -> dict[dt.date, str]:
    country = settings.STAFFING_HOLIDAY_COUNTRY
    found: dict[dt.date, str] = {}
    for year in range(first.year, last.year + 1):
        found.update({d: n for d, n in _library_holidays(country, year).items() if first <= d <= last})
    for override in HolidayOverride.objects.filter(date__gte=first, date__lte=last):
        if override.is_holiday:
            found[override.date] = override.name
        else:
            found.pop(override.date, None)
    return found


def is_public_holiday(day: dt.date) -> bool:
    return day in _holidays_between(day, day)


def holiday_name(day: dt.date) -> str:
    return _holidays_between(day, day).get(day, "")


def expected_patients(*, department: Department, weekday: int, before: dt.date) -> Decimal | None:
    """Mean in-patients of the department's last CENSUS_WEEKS censuses on `weekday` before
    `before` (None without any census)."""
    return _expected_by_weekday(department, before).get(weekday)


def _expected_by_weekday(department: Department, before: dt.date) -> dict[int, Decimal]:
    since = before - dt.timedelta(weeks=CENSUS_WEEKS)
    rows = (
        DailyCensus.objects.filter(department=department, date__gte=since, date__lt=before)
        .values("date__iso_week_day")
        .annotate(mean=Avg("inpatients"))
    )
    return {row["date__iso_week_day"] - 1: Decimal(str(row["mean"])) for row in rows if row["mean"] is not None}


def required_by_ratio(expected: Decimal | None, patients_per_staff: Decimal) -> int:
    """⌈expected patients ÷ patients per staff member⌉ (0 without a census)."""
    if not expected:
        return 0
    return math.ceil(Decimal(expected) / Decimal(patients_per_staff))


def _requirements(department: Department, days: list[dt.date]) -> dict[dt.date, list[Requirement]]:
    if not days:
        return {}
    rules = list(
        CoverageRule.objects.filter(department=department)
        .select_related("shift_type", "skill")
        .order_by("shift_type__sort_order", "id")
    )
    by_date: dict[dt.date, list[CoverageRule]] = defaultdict(list)
    by_weekday: dict[int, list[CoverageRule]] = defaultdict(list)
    on_holiday: list[CoverageRule] = []
    for rule in rules:
        if rule.scope == CoverageScope.DATE:
            by_date[rule.date].append(rule)
        elif rule.scope == CoverageScope.HOLIDAY:
            on_holiday.append(rule)
        else:
            by_weekday[rule.weekday].append(rule)
    public = _holidays_between(days[0], days[-1]) if on_holiday else {}
    expected = _expected_by_weekday(department, days[0]) if any(r.patients_per_staff for r in rules) else {}
    found: dict[dt.date, list[Requirement]] = {}
    for day in days:
        if day in by_date:
            applying = by_date[day]
        elif day in public:
            applying = on_holiday
        else:
            applying = by_weekday.get(day.weekday(), [])
        lines = []
        for rule in applying:
            patients = None
            minimum = rule.minimum
            if rule.patients_per_staff:
                patients = expected.get(day.weekday())
                minimum = required_by_ratio(patients, rule.patients_per_staff)
            preferred = None if rule.preferred is None else max(rule.preferred, minimum)
            lines.append(Requirement(day, rule.shift_type, rule.skill, minimum, preferred, patients, rule.pk))
        found[day] = lines
    return found


def coverage_requirements(*, department: Department, day: dt.date) -> list[Requirement]:
    """Minimum and preferred staff per shift (and skill) of `department` on `day`."""
    return _requirements(department, [day])[day]


def coverage_for_roster(roster: Roster) -> dict[dt.date, list[Requirement]]:
    """The requirements of every day of the roster, in a fixed number of queries."""
    return _requirements(roster.department, roster.days)
