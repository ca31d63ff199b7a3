"""Reads of the core that other apps and the dashboard share."""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Count, Q, Sum

from hospital.models import DailyCensus, Department
from hospital.summaries import disjoint, in_ranges, period_case, period_ranges, rollup

CENSUS_FIELDS = (
    "inpatients",
    "admissions",
    "discharges",
    "deaths",
    "transfers_in",
    "transfers_out",
    "outpatient_visits",
    "surgeries",
    "staffed_beds",
)


def _census_rows(qs, periods: Sequence[tuple[dt.date, dt.date]], *, by_department: bool = False):
    """One grouped query: census sums per period index (and per department path)."""
    ranges = period_ranges(periods)
    qs = qs.filter(in_ranges("date", ranges))
    keys = ["department__path"] if by_department else []
    sums = {name: Sum(name) for name in CENSUS_FIELDS}
    if not by_department:
        sums["census_days"] = Count("date", distinct=True)
    return qs.values(*keys, period=period_case("date", ranges)).annotate(**sums).order_by()


def _totals(row: dict | None) -> dict[str, int]:
    t = {name: (row or {}).get(name) or 0 for name in (*CENSUS_FIELDS, "census_days")}
    t["patient_days"] = t["inpatients"]
    t["separations"] = t["discharges"] + t["deaths"]
    return t


def census_totals_by_period(
    department: Department | None, periods: Sequence[tuple[dt.date, dt.date]]
) -> list[dict[str, int]]:
    """Sums of every census field for each period, in one grouped query.

    Covers the department and its sub-departments (None: the whole hospital).
    Each dict also has `patient_days` (= in-patients at midnight, summed),
    `separations` (discharges + deaths) and `census_days` (days with a census).
    """
    if not periods:
        return []
    if not disjoint(periods):
        return [census_totals_by_period(department, [period])[0] for period in periods]
    qs = DailyCensus.objects.all()
    if department is not None:
        qs = qs.filter(department__path__startswith=department.path)
    rows = {row["period"]: row for row in _census_rows(qs, periods)}
    return [_totals(rows.get(i)) for i in range(len(periods))]


def census_totals_by_department(
    departments: Sequence[Department], periods: Sequence[tuple[dt.date, dt.date]]
) -> dict[int, list[dict[str, int]]]:
    """{department pk: census sums per period}, each department with its subtree, from one
    grouped query rolled up the tree in Python. `census_days` is not given here (days are
    not additive across wards): read census_totals_by_period for it."""
    if not periods or not departments:
        return {}
    if not disjoint(periods):
        raise ValueError("census_totals_by_department needs disjoint periods")
    paths = Q(pk__in=[])
    for department in departments:
        paths |= Q(department__path__startswith=department.path)
    by_period: list[list[dict]] = [[] for _p in periods]
    for row in _census_rows(DailyCensus.objects.filter(paths), periods, by_department=True):
        by_period[row["period"]].append(row)
    sums = [rollup(rows, departments, path="department__path", fields=CENSUS_FIELDS) for rows in by_period]
    return {d.pk: [_totals(sums[i][d.pk]) for i in range(len(periods))] for d in departments}


def census_totals(department: Department | None, start: dt.date, end: dt.date) -> dict[str, int]:
    """Census sums for one period (see census_totals_by_period)."""
    return census_totals_by_period(department, [(start, end)])[0]


def ratio(numerator, denominator, *, scale: int | Decimal = 1) -> Decimal | None:
    """numerator ÷ denominator × scale, or None when the denominator is zero."""
    if not denominator:
        return None
    return Decimal(numerator) * Decimal(scale) / Decimal(denominator)
