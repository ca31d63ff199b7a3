"""The operating KPIs of a department and period (DOMAIN.md, section 5): pure arithmetic.

- bed occupancy = patient-days ÷ staffed bed-days × 100;
- ALOS = patient-days ÷ separations (discharges alive + deaths): the daily-census
  approximation, as the core's `hospital.alos` metric uses;
- bed turnover = separations ÷ average staffed beds (staffed bed-days ÷ days in the period);
- turnover interval = (staffed bed-days − patient-days) ÷ separations;
- cost per patient-day, per discharge (separation), per out-patient visit = the
  department's cost ÷ that workload;
- margin = revenue − cost, and margin % = margin ÷ revenue × 100.

Each is None when its denominator is zero (a department without beds has no occupancy).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Workload:
    patient_days: int = 0
    staffed_bed_days: int = 0
    separations: int = 0
    outpatient_visits: int = 0
    days: int = 0  # calendar days in the period


def _ratio(numerator, denominator, scale=1) -> Decimal | None:
    if not denominator:
        return None
    return Decimal(numerator) * Decimal(scale) / Decimal(denominator)


def rounded(value: Decimal | None, places: int = 2) -> Decimal | None:
    if value is None:
        return None
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def bed_occupancy(w: Workload) -> Decimal | None:
    return _ratio(w.patient_days, w.staffed_bed_days, 100)


def average_length_of_stay(w: Workload) -> Decimal | None:
    return _ratio(w.patient_days, w.separations)


def bed_turnover(w: Workload) -> Decimal | None:
    average_beds = _ratio(w.staffed_bed_days, w.days)
    return _ratio(w.separations, average_beds) if average_beds else None


def turnover_interval(w: Workload) -> Decimal | None:
    return _ratio(w.staffed_bed_days - w.patient_days, w.separations)


def margin_percent(revenue: Decimal, cost: Decimal) -> Decimal | None:
    return _ratio(revenue - cost, revenue, 100)


def variance(actual: Decimal, budget: Decimal) -> tuple[Decimal, Decimal | None]:
    """(actual − budget, that ÷ budget × 100); the percentage is None without a budget."""
    difference = actual - budget
    return difference, _ratio(difference, budget, 100)


def kpis(w: Workload, *, cost: Decimal, revenue: Decimal) -> dict[str, Decimal | None]:
    """Every KPI of one department and period, unrounded (pages round for display)."""
    return {
        "bed_occupancy": bed_occupancy(w),
        "alos": average_length_of_stay(w),
        "bed_turnover": bed_turnover(w),
        "turnover_interval": turnover_interval(w),
        "cost_per_patient_day": _ratio(cost, w.patient_days),
        "cost_per_discharge": _ratio(cost, w.separations),
        "cost_per_outpatient_visit": _ratio(cost, w.outpatient_visits),
        "margin": revenue - cost,
        "margin_percent": margin_percent(revenue, cost),
    }
