"""The census KPIs the core gives the metric registry (docs/standards.md, section 3).

ALOS here is the daily-census approximation: patient-days ÷ separations
(discharges alive + deaths), not the bed-days of discharged patients.
"""

from django.utils.translation import gettext_lazy as _

from hospital.metric_registry import Direction, metric_from_rows, register
from hospital.selectors import census_totals_by_period, ratio


def _patient_days(t):
    return t["patient_days"] if t["census_days"] else None


def _admissions(t):
    return t["admissions"] if t["census_days"] else None


def _bed_occupancy(t):
    # occupied bed-days ÷ available (staffed) bed-days × 100
    return ratio(t["patient_days"], t["staffed_beds"], scale=100)


def _alos(t):
    return ratio(t["patient_days"], t["separations"])


def _bed_turnover(t):
    # separations ÷ average staffed beds; the average is over the days with a census
    average_beds = ratio(t["staffed_beds"], t["census_days"])
    return ratio(t["separations"], average_beds) if average_beds else None


def _census_metric(key, label, unit, direction, formula, description, decimals=1):
    return metric_from_rows(
        key=key,
        label=label,
        unit=unit,
        direction=direction,
        rows_for=census_totals_by_period,
        value=formula,
        description=description,
        decimals=decimals,
        url_name="census_list",
    )


CENSUS_METRICS = [
    _census_metric(
        "hospital.patient_days",
        _("Patient-days"),
        _("days"),
        Direction.HIGHER_IS_BETTER,
        _patient_days,
        _("In-patients counted at midnight, summed over the days."),
        decimals=0,
    ),
    _census_metric(
        "hospital.admissions",
        _("Admissions"),
        _("patients"),
        Direction.HIGHER_IS_BETTER,
        _admissions,
        _("Patients admitted in the period."),
        decimals=0,
    ),
    _census_metric(
        "hospital.bed_occupancy",
        _("Bed occupancy"),
        "%",
        Direction.HIGHER_IS_BETTER,
        _bed_occupancy,
        _("Patient-days ÷ staffed bed-days × 100."),
    ),
    _census_metric(
        "hospital.alos",
        _("Average length of stay"),
        _("days"),
        Direction.LOWER_IS_BETTER,
        _alos,
        _("Patient-days ÷ (discharges + deaths), the daily-census approximation."),
    ),
    _census_metric(
        "hospital.bed_turnover",
        _("Bed turnover"),
        _("times"),
        Direction.HIGHER_IS_BETTER,
        _bed_turnover,
        _("(Discharges + deaths) ÷ average staffed beds."),
        decimals=2,
    ),
]


def register_metrics():
    for metric in CENSUS_METRICS:
        register(metric)
