"""The inventory KPIs given to the metric registry. Keys are bound by okr (the pharmacy's
"days on hand 60 → 39" binds `inventory.days_on_hand`) and read by performance: keep them."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from hospital.metric_registry import Direction, Metric, metric_from_rows, register
from inventory import measures, selectors

LOWER, HIGHER = Direction.LOWER_IS_BETTER, Direction.HIGHER_IS_BETTER
MONEY = _("CNY")


def _days_on_hand(row) -> Decimal | None:
    average = measures.average_inventory(row["opening"], row["closing"])
    return measures.days_on_hand(average, row["issued"], row["days"])


def _turnover(row) -> Decimal | None:
    return measures.turnover(row["issued"], measures.average_inventory(row["opening"], row["closing"]))


def _stock_outs(department, start, end) -> Decimal:
    return Decimal(selectors.stock_outs(department, start, end))


def _money(key, label, value, description, rows_for=selectors.stock_facts_by_period) -> Metric:
    """A value in money, lower is better (less tied up, less wasted)."""
    return metric_from_rows(
        key=key,
        label=label,
        unit=MONEY,
        direction=LOWER,
        rows_for=rows_for,
        value=value,
        description=description,
        decimals=0,
    )


def register_metrics() -> None:
    facts = selectors.stock_facts_by_period
    metrics = [
        metric_from_rows(
            key="inventory.days_on_hand",
            label=_("Days of stock on hand"),
            unit=_("days"),
            direction=LOWER,
            rows_for=facts,
            value=_days_on_hand,
            description=_("Average stock value ÷ (cost issued ÷ days in the period) = days ÷ turnover."),
        ),
        _money(
            "inventory.stock_value",
            _("Stock value on hand"),
            lambda row: row["closing"],
            _("Value of all stock at the end of the period, at received unit cost."),
        ),
        metric_from_rows(
            key="inventory.turnover",
            label=_("Inventory turnover"),
            unit=_("times"),
            direction=HIGHER,
            rows_for=facts,
            value=_turnover,
            description=_("Cost of goods issued in the period ÷ average stock value."),
            decimals=2,
        ),
        _money(
            "inventory.value_expiring_30",
            _("Stock value expiring within 30 days"),
            lambda row: row["expiring_30"],
            _("Value of stock whose expiry falls within 30 days of the period's end."),
        ),
        _money(
            "inventory.value_expiring_90",
            _("Stock value expiring within 90 days"),
            lambda row: row["expiring_90"],
            _("Value of stock whose expiry falls within 90 days of the period's end."),
        ),
        _money(
            "inventory.expiry_write_off_value",
            _("Write-offs for expiry"),
            lambda row: row["expired_write_off"],
            _("Value of stock written off as expired in the period."),
        ),
        Metric(
            key="inventory.stock_outs",
            label=_("Stock-outs"),
            unit=_("items"),
            direction=LOWER,
            compute=_stock_outs,
            description=_("Store and item pairs with a reorder point that held no stock at the period's end."),
            decimals=0,
        ),
        _money(
            "inventory.consumption_cost",
            _("Consumption cost"),
            lambda row: row["cost"],
            _("Cost of drugs and consumables issued to the department, net of returns."),
            rows_for=selectors.consumption_by_period,
        ),
    ]
    for metric in metrics:
        register(metric)
