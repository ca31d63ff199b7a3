"""The quality KPIs given to the metric registry (keys are bound by okr: keep them)."""

from django.utils.translation import gettext_lazy as _

from hospital.metric_registry import Direction, Metric, metric_from_rows, register
from quality import selectors

LOWER, HIGHER = Direction.LOWER_IS_BETTER, Direction.HIGHER_IS_BETTER
# the page behind each card, by the reader that feeds it
PAGES = {
    "event_rates_by_period": "quality:dashboard",
    "hai_rates_by_period": "quality:infection_dashboard",
    "satisfaction_by_period": "quality:satisfaction_dashboard",
}


def _series_metric(key, label, unit, direction, rows_for, value, description, decimals=1, url_name=""):
    return metric_from_rows(
        url_name=url_name or PAGES[rows_for.__name__],
        key=key,
        label=label,
        unit=unit,
        direction=direction,
        rows_for=rows_for,
        value=value,
        description=description,
        decimals=decimals,
    )


def register_metrics() -> None:
    events = selectors.event_rates_by_period
    hai = selectors.hai_rates_by_period
    metrics = [
        _series_metric(
            "quality.events_per_1000_patient_days",
            _("Safety events per 1,000 patient-days"),
            _("per 1,000 patient-days"),
            # More reports is a sign of a reporting culture, not of more harm; lower
            # is the registry's usual reading for event rates.
            LOWER,
            events,
            lambda r: r["per_1000"],
            _("Reported safety events ÷ patient-days (core census) × 1,000."),
            decimals=2,
        ),
        _series_metric(
            "quality.near_miss_share",
            _("Share of near misses"),
            "%",
            HIGHER,
            events,
            lambda r: r["near_miss_share"],
            _("Near misses ÷ all reported events × 100."),
        ),
        _series_metric(
            "quality.medication_errors_per_1000_patient_days",
            _("Medication errors per 1,000 patient-days"),
            _("per 1,000 patient-days"),
            LOWER,
            events,
            lambda r: r["medication_per_1000"],
            _("Medication errors (NCC MERP B–I) ÷ patient-days × 1,000."),
            decimals=2,
        ),
        _series_metric(
            "quality.surgical_events_per_100_surgeries",
            _("Surgical events per 100 surgeries"),
            _("per 100 surgeries"),
            LOWER,
            events,
            lambda r: r["surgical_per_100"],
            _("Surgery and anaesthesia events ÷ surgeries (core census) × 100."),
            decimals=2,
        ),
        _series_metric(
            "quality.patient_satisfaction",
            _("Patient satisfaction"),
            "%",
            HIGHER,
            selectors.satisfaction_by_period,
            lambda r: r["share"],
            _("Survey answers of 4 or 5 ÷ all answers × 100."),
        ),
    ]
    for kind, label in (
        ("clabsi", _("CLABSI rate")),
        ("cauti", _("CAUTI rate")),
        ("vae", _("VAE rate")),
    ):
        metrics.append(
            _series_metric(
                f"quality.{kind}_rate",
                label,
                _("per 1,000 device-days"),
                LOWER,
                hai,
                lambda r, kind=kind: r[f"{kind}_rate"],
                _("Infections ÷ device-days × 1,000 (CDC NHSN)."),
                decimals=2,
            )
        )
    metrics.append(
        _series_metric(
            "quality.ssi_rate",
            _("SSI rate"),
            _("per 100 operations"),
            LOWER,
            hai,
            lambda r: r["ssi_rate"],
            _("Surgical site infections ÷ operations (core census) × 100."),
            decimals=2,
        )
    )
    metrics.append(
        Metric(
            key="quality.overdue_actions",
            label=_("Overdue corrective actions"),
            unit=_("actions"),
            direction=LOWER,
            compute=selectors.overdue_actions_count,
            compute_series=selectors.overdue_actions_by_period,
            description=_("Corrective and preventive actions past their due date and not done."),
            decimals=0,
            url_name="quality:action_list",
        )
    )
    for metric in metrics:
        register(metric)
