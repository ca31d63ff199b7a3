"""The staffing KPIs given to the metric registry: all read from one set of rows per
department and periods (staffing.selectors.metric_rows_by_period)."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from hospital.metric_registry import Direction, metric_from_rows, register
from staffing import selectors

LOWER, HIGHER = Direction.LOWER_IS_BETTER, Direction.HIGHER_IS_BETTER


def register_metrics() -> None:
    rows = selectors.metric_rows_by_period
    specs = [
        (
            "staffing.coverage_fulfilment",
            _("Coverage fulfilment"),
            "%",
            HIGHER,
            lambda row: selectors.percent(row["met"], row["required"]),
            _("Staff assigned (up to the minimum) ÷ minimum staff required × 100, on published rosters."),
            1,
        ),
        (
            "staffing.hours_over_contract",
            _("Hours over contract"),
            _("hours"),
            LOWER,
            lambda row: Decimal(row["over_hours"]).quantize(Decimal("0.1")) if row["nights"] else None,
            _("Σ over people of paid hours rostered beyond their contract hours for the period."),
            0,
        ),
        (
            "staffing.night_spread",
            _("Spread of night shifts"),
            _("nights"),
            LOWER,
            lambda row: selectors.night_spread(row["nights"]),
            _("Standard deviation of night shifts per person among the people rostered in the period."),
            2,
        ),
        (
            "staffing.certifications_expiring",
            _("Certifications expiring within 60 days"),
            _("certifications"),
            LOWER,
            lambda row: Decimal(row["expiring"]),
            _("Certifications whose expiry falls within 60 days after the end of the period."),
            0,
        ),
        (
            "staffing.requests_honoured",
            _("Shift requests honoured"),
            "%",
            HIGHER,
            lambda row: selectors.percent(row["honoured"], row["requests"]),
            _("Requests to work or not to work a day or shift that the published roster honours ÷ requests × 100."),
            1,
        ),
    ]
    for key, label, unit, direction, value, description, decimals in specs:
        register(
            metric_from_rows(
                key=key,
                label=label,
                unit=unit,
                direction=direction,
                rows_for=rows,
                value=value,
                description=description,
                decimals=decimals,
            )
        )
