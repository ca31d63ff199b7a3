"""Equipment arithmetic (docs/standards.md, section 5): downtime and availability from a
status history, the intact rate, PM completion on time, response time, MTTR, MTBF,
straight-line depreciation and the 30-day failure-risk score.

Pure functions of values, no database; tested by worked examples
(tests/equipment/test_reliability.py).
"""

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from equipment.models import DOWN_STATUSES, IN_USE_STATUSES
from hospital.periods import add_months, month_start

HOUR = dt.timedelta(hours=1)
# plain strings in sets: looked up hundreds of thousands of times by the KPIs
IN_USE = frozenset(str(status) for status in IN_USE_STATUSES)
DOWN = frozenset(str(status) for status in DOWN_STATUSES)
CENT = Decimal("0.01")


def _round(value: Decimal, places: str = "0.01") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def percent(numerator, denominator) -> Decimal | None:
    """numerator ÷ denominator × 100, two decimals; None (no data) for a zero denominator."""
    if not denominator:
        return None
    return _round(Decimal(numerator) * 100 / Decimal(denominator))


def hours(duration: dt.timedelta) -> Decimal:
    return Decimal(duration.total_seconds()) / Decimal(3600)


# Status history


@dataclass(frozen=True)
class Usage:
    """A device's time in a period: in use (commissioned, not retired) and down within it."""

    in_use: dt.timedelta
    down: dt.timedelta

    @property
    def up(self) -> dt.timedelta:
        return self.in_use - self.down


def usage(
    changes: Sequence[tuple[dt.datetime, str]], *, start: dt.datetime, end: dt.datetime, status_at_start: str
) -> Usage:
    """Time in use and downtime between `start` and `end` from the device's status changes.

    `changes` are (when, new status) in time order; those outside the period are
    ignored. Downtime is time under repair or out of service, nothing else; time
    before commissioning or after retirement is not in use at all.
    """
    in_use = down = dt.timedelta()
    status, since = status_at_start, start
    for at, new_status in [*((at, s) for at, s in changes if start < at < end), (end, None)]:
        span = at - since
        if status in IN_USE_STATUSES:
            in_use += span
        if status in DOWN_STATUSES:
            down += span
        status, since = new_status, at
    return Usage(in_use=in_use, down=down)


def usage_by_period(
    changes: Sequence[tuple[dt.datetime, str]], bounds: Sequence[tuple[dt.datetime, dt.datetime]]
) -> list[tuple[Usage, str]]:
    """`usage` for several periods in one pass over the device's whole history.

    `changes` are the device's (when, new status) in time order from its first status;
    `bounds` are periods in time order. For each period: the Usage within it and the
    status at its end ("" before the first change), as `usage` and a look-up would give.
    """
    result = []
    count = len(changes)
    first = 0  # the first change after the period's start
    for start, end in bounds:
        while first < count and changes[first][0] <= start:
            first += 1
        status = changes[first - 1][1] if first else ""
        since, in_use, down = start, dt.timedelta(), dt.timedelta()
        index = first
        while index < count and changes[index][0] < end:
            at, new_status = changes[index]
            if status in IN_USE:
                in_use += at - since
            if status in DOWN:
                down += at - since
            status, since = new_status, at
            index += 1
        if status in IN_USE:
            in_use += end - since
        if status in DOWN:
            down += end - since
        while index < count and changes[index][0] <= end:  # a change at the very end sets the status there
            status = changes[index][1]
            index += 1
        result.append((Usage(in_use=in_use, down=down), status))
    return result


def availability(usages: Iterable[Usage]) -> Decimal | None:
    """(time in use − downtime) ÷ time in use × 100 over devices (None: nothing in use)."""
    in_use = down = dt.timedelta()
    for u in usages:
        in_use += u.in_use
        down += u.down
    if not in_use:
        return None
    return percent((in_use - down).total_seconds(), in_use.total_seconds())


def intact_rate(good: int, in_use: int) -> Decimal | None:
    """Devices in good working condition (in service) ÷ devices in use × 100 (设备完好率)."""
    return percent(good, in_use)


# Work orders


def pm_on_time(orders: Iterable[tuple[dt.date, dt.date | None]]) -> Decimal | None:
    """Planned orders completed by their due date ÷ planned orders due × 100.

    `orders` are (due date, date completed or None) of the orders due in the period.
    """
    due = on_time = 0
    for due_date, completed_on in orders:
        due += 1
        if completed_on is not None and completed_on <= due_date:
            on_time += 1
    return percent(on_time, due)


def mean_hours(durations: Iterable[dt.timedelta]) -> Decimal | None:
    """The mean of durations in hours, two decimals (mean response time, MTTR); None if none."""
    durations = list(durations)
    return mean_of_total(sum(durations, dt.timedelta()), len(durations))


def mean_of_total(total: dt.timedelta, count: int) -> Decimal | None:
    """A total duration ÷ how many, in hours, two decimals; None if none."""
    if not count:
        return None
    return _round(hours(total) / count)


def mtbf_hours(operating: dt.timedelta, failures: int) -> Decimal | None:
    """Operating time ÷ number of failures, in hours; None without a failure."""
    if not failures:
        return None
    return _round(hours(operating) / failures)


# Depreciation


def monthly_depreciation(*, cost: Decimal, salvage: Decimal, life_years: int) -> Decimal:
    """Straight line: (cost − salvage) ÷ useful life in months."""
    return _round((cost - salvage) / (life_years * 12))


def depreciation_months(
    *, commissioned_on: dt.date | None, life_years: int, retired_on: dt.date | None = None
) -> tuple[dt.date, dt.date] | None:
    """The first and last month charged: from the month after commissioning, for the useful
    life, and no later than the month of retirement (charged that month, not after); None
    if never charged."""
    if commissioned_on is None:
        return None
    first = add_months(month_start(commissioned_on), 1)
    last = add_months(first, life_years * 12 - 1)
    if retired_on is not None:
        last = min(last, month_start(retired_on))
    return (first, last) if last >= first else None


def depreciation_for_month(
    *,
    cost: Decimal,
    salvage: Decimal,
    life_years: int,
    commissioned_on: dt.date | None,
    month: dt.date,
    retired_on: dt.date | None = None,
) -> Decimal:
    """The charge of the month `month` is in (zero outside the charged months)."""
    months = depreciation_months(commissioned_on=commissioned_on, life_years=life_years, retired_on=retired_on)
    if months is None or not months[0] <= month_start(month) <= months[1]:
        return Decimal("0.00")
    return monthly_depreciation(cost=cost, salvage=salvage, life_years=life_years)


# Failure risk

HORIZON_DAYS = 30
# Half a failure is added to every history, so a device with a clean record still
# has a small chance rather than none; a history shorter than a month counts as a month.
PRIOR_FAILURES = Decimal("0.5")
MIN_OPERATING_HOURS = Decimal(30 * 24)
POINTS_PAST_LIFE = 15
POINTS_NEAR_END_OF_LIFE = 5  # from 80 % of the useful life
POINTS_OVERDUE = 10
POINTS_LONG_OVERDUE = 20  # more than 30 days overdue
POINTS_RECENT_REPAIR = 10  # repaired in the last 30 days: repeat failures cluster after repairs


@dataclass(frozen=True)
class RiskScore:
    score: Decimal  # 0–100
    chance: Decimal  # the history's own chance of a failure in the horizon, %
    reasons: list[str] = field(default_factory=list)


def failure_risk(
    *,
    failures: int,
    operating_hours: Decimal,
    age_years: Decimal,
    useful_life_years: int,
    days_overdue: int,
    days_since_last_repair: int | None,
    horizon_days: int = HORIZON_DAYS,
    explain: bool = True,
) -> RiskScore:
    """A 0–100 score of how likely the device is to fail in the next `horizon_days`.

    Method: the device's own failure rate λ = (failures + ½) ÷ operating hours gives the
    chance of at least one failure in the horizon, 1 − e^(−λ·hours) (failures as a
    Poisson process), in per cent. Points are added for age against the useful life
    (+5 from 80 %, +15 past it), overdue maintenance (+10, +20 past 30 days) and a
    repair in the last 30 days (+10). Capped at 100. Each part is given as a reason
    (with `explain=False` the reasons are left out: ranking thousands of devices only
    needs the score, and only the rows shown need the words).
    """
    rate = (Decimal(failures) + PRIOR_FAILURES) / max(Decimal(operating_hours), MIN_OPERATING_HOURS)
    expected = float(rate * horizon_days * 24)
    chance = _round(Decimal(str(1 - math.exp(-expected))) * 100, "0.1")
    reasons = []
    if explain:
        reasons.append(
            _("%(failures)s failures in %(hours)s operating hours: %(chance)s%% chance in %(days)s days")
            % {"failures": failures, "hours": f"{operating_hours:.0f}", "chance": chance, "days": horizon_days}
        )
    score = chance
    life_used = Decimal(age_years) / useful_life_years if useful_life_years else Decimal(0)
    if life_used > 1:
        score += POINTS_PAST_LIFE
        if explain:
            reasons.append(
                _("past its useful life (%(age)s of %(life)s years): +%(points)s")
                % {"age": f"{age_years:.1f}", "life": useful_life_years, "points": POINTS_PAST_LIFE}
            )
    elif life_used >= Decimal("0.8"):
        score += POINTS_NEAR_END_OF_LIFE
        if explain:
            reasons.append(
                _("near the end of its useful life (%(age)s of %(life)s years): +%(points)s")
                % {"age": f"{age_years:.1f}", "life": useful_life_years, "points": POINTS_NEAR_END_OF_LIFE}
            )
    if days_overdue > 0:
        points = POINTS_LONG_OVERDUE if days_overdue > 30 else POINTS_OVERDUE
        score += points
        if explain:
            reasons.append(
                _("maintenance %(days)s days overdue: +%(points)s") % {"days": days_overdue, "points": points}
            )
    if days_since_last_repair is not None and days_since_last_repair <= 30:
        score += POINTS_RECENT_REPAIR
        if explain:
            reasons.append(
                _("repaired %(days)s days ago: +%(points)s")
                % {"days": days_since_last_repair, "points": POINTS_RECENT_REPAIR}
            )
    return RiskScore(score=min(score, Decimal(100)), chance=chance, reasons=reasons)
