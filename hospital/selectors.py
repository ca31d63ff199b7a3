"""Reads of the core that other apps and the dashboard share."""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Count, Q, Sum

from hospital.models import DailyCensus, Department

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


def census_totals_by_period(
    department: Department | None, periods: Sequence[tuple[dt.date, dt.date]]
) -> list[dict[str, int]]:
    """Sums of every census field for each period, in one query.

    Covers the department and its sub-departments (None: the whole hospital).
    Each dict also has `patient_days` (= in-patients at midnight, summed),
    `separations` (discharges + deaths) and `census_days` (days with a census).
    """
    if not periods:
        return []
    qs = DailyCensus.objects.filter(date__gte=min(p[0] for p in periods), date__lte=max(p[1] for p in periods))
    if department is not None:
        qs = qs.filter(department__path__startswith=department.path)
    aggregates = {}
    for i, (start, end) in enumerate(periods):
        in_period = Q(date__gte=start, date__lte=end)
        for name in CENSUS_FIELDS:
            aggregates[f"{name}_{i}"] = Sum(name, filter=in_period)
        aggregates[f"census_days_{i}"] = Count("date", distinct=True, filter=in_period)
    row = qs.aggregate(**aggregates)
    totals = []
    for i in range(len(periods)):
        t = {name: row[f"{name}_{i}"] or 0 for name in CENSUS_FIELDS}
        t["census_days"] = row[f"census_days_{i}"] or 0
        t["patient_days"] = t["inpatients"]
        t["separations"] = t["discharges"] + t["deaths"]
        totals.append(t)
    return totals


def census_totals(department: Department | None, start: dt.date, end: dt.date) -> dict[str, int]:
    """Census sums for one period (see census_totals_by_period)."""
    return census_totals_by_period(department, [(start, end)])[0]


def ratio(numerator, denominator, *, scale: int | Decimal = 1) -> Decimal | None:
    """numerator ÷ denominator × scale, or None when the denominator is zero."""
    if not denominator:
        return None
    return Decimal(numerator) * Decimal(scale) / Decimal(denominator)
