"""The equipment KPIs given to the metric registry (docs/standards.md, section 5).

`equipment.intact_rate` is bound by the OKR demo ("intact rate 87% → 96%"): keep the key.
Maintenance cost and depreciation per department and month are what `performance` reads.
"""

from django.utils.translation import gettext_lazy as _

from equipment import selectors
from hospital.metric_registry import Direction, metric_from_rows, register

LOWER, HIGHER = Direction.LOWER_IS_BETTER, Direction.HIGHER_IS_BETTER


def register_metrics() -> None:
    status = selectors.status_rows_by_period
    work = selectors.work_rows_by_period
    specs = [
        (
            "equipment.intact_rate",
            _("Equipment intact rate"),
            "%",
            HIGHER,
            status,
            "intact_rate",
            _("Devices in service ÷ devices in use × 100, at the end of the period (设备完好率)."),
            1,
        ),
        (
            "equipment.availability",
            _("Equipment availability"),
            "%",
            HIGHER,
            status,
            "availability",
            _("(Time in use − downtime) ÷ time in use × 100; downtime is time under repair or out of service."),
            1,
        ),
        (
            "equipment.pm_on_time",
            _("Planned maintenance on time"),
            "%",
            HIGHER,
            work,
            "pm_on_time",
            _("Planned checks completed by their due date ÷ planned checks due × 100."),
            1,
        ),
        (
            "equipment.pm_on_time_high_risk",
            _("Planned maintenance on time, high-risk devices"),
            "%",
            HIGHER,
            work,
            "pm_on_time_high_risk",
            _("As PM on time, for high-risk and life-support devices only (100% expected)."),
            1,
        ),
        (
            "equipment.mean_response_hours",
            _("Mean repair response time"),
            _("hours"),
            LOWER,
            work,
            "mean_response_hours",
            _("First response − fault reported, mean over the repairs reported in the period."),
            1,
        ),
        (
            "equipment.mttr_hours",
            _("Mean time to repair (MTTR)"),
            _("hours"),
            LOWER,
            work,
            "mttr_hours",
            _("Σ repair durations (start to completion) ÷ repairs completed in the period."),
            1,
        ),
        (
            "equipment.mtbf_hours",
            _("Mean time between failures (MTBF)"),
            _("hours"),
            HIGHER,
            status,
            "mtbf_hours",
            _("Operating time ÷ faults reported in the period."),
            0,
        ),
        (
            "equipment.maintenance_cost",
            _("Maintenance cost"),
            _("currency"),
            LOWER,
            work,
            "maintenance_cost",
            _("Parts and vendor cost of work orders completed in the period."),
            2,
        ),
        (
            "equipment.depreciation",
            _("Equipment depreciation"),
            _("currency"),
            LOWER,
            selectors.depreciation_by_period,
            "depreciation",
            _("Straight-line depreciation charged in the months of the period."),
            2,
        ),
        (
            "equipment.overdue_maintenance",
            _("Overdue planned maintenance"),
            _("checks"),
            LOWER,
            selectors.overdue_maintenance_by_period,
            "overdue",
            _("Planned checks past their due date and not done at the end of the period."),
            0,
        ),
    ]
    for key, label, unit, direction, rows_for, field, description, decimals in specs:
        register(
            metric_from_rows(
                key=key,
                label=label,
                unit=unit,
                direction=direction,
                rows_for=rows_for,
                value=lambda row, field=field: row[field],
                description=description,
                decimals=decimals,
            )
        )
