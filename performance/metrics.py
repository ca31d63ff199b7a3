"""The performance KPIs given to the metric registry. The OKR demo binds
"Cost per patient-day 1,200 → 1,100 CNY" to `performance.cost_per_patient_day`: keep the keys.

Costs are each department's full cost (its own and its sub-departments', after
allocation in months that have an allocation run, else the direct cost); the
workload comes from the core's census. See performance.kpis for the formulas.
"""

from django.utils.translation import gettext_lazy as _

from hospital.metric_registry import Direction, metric_from_rows, register
from performance.selectors import HOSPITAL, department_figures

LOWER, HIGHER = Direction.LOWER_IS_BETTER, Direction.HIGHER_IS_BETTER
MONEY = _("CNY")


def figures_by_period(department, periods):
    """One Figures per period for the department (None: the whole hospital)."""
    subject = HOSPITAL if department is None else department
    return department_figures([subject], periods)[subject.pk]


def _metric(key, label, unit, direction, value, description, decimals=0):
    return metric_from_rows(
        key=key,
        label=label,
        unit=unit,
        direction=direction,
        rows_for=figures_by_period,
        value=value,
        description=description,
        decimals=decimals,
        url_name="performance:kpis",
    )


METRICS = [
    _metric(
        "performance.cost_per_patient_day",
        _("Cost per patient-day"),
        MONEY,
        LOWER,
        lambda f: f.kpis["cost_per_patient_day"],
        _("Full cost (after allocation) ÷ patient-days of the census."),
    ),
    _metric(
        "performance.cost_per_discharge",
        _("Cost per discharge"),
        MONEY,
        LOWER,
        lambda f: f.kpis["cost_per_discharge"],
        _("Full cost (after allocation) ÷ discharges and deaths."),
    ),
    _metric(
        "performance.budget_variance_percent",
        _("Budget variance"),
        "%",
        LOWER,
        lambda f: f.variance_percent,
        _("(Direct cost − budget) ÷ budget × 100: above zero is over budget."),
        decimals=1,
    ),
    _metric(
        "performance.margin_percent",
        _("Margin"),
        "%",
        HIGHER,
        lambda f: f.kpis["margin_percent"],
        _("(Revenue − full cost) ÷ revenue × 100."),
        decimals=1,
    ),
]


def register_metrics() -> None:
    for metric in METRICS:
        register(metric)
