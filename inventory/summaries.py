"""Upkeep of the inventory summaries (inventory.models.summaries), and their rebuild.

Kept exact by the ledger writer, in the transaction that writes the movements:
`inventory.services.ledger.apply` and `adjust_many` call `movements_written` with the
movements they wrote, and every stock service writes through them (receive, issue,
transfer, adjust, write-off, return, reverse, post_stocktake, requisitions). So no
task is needed: nothing in these summaries depends on the clock, only on writes.
(What does depend on the clock — which lots are expired today — is read from the
balances, whose expired share is small and indexed.)

- StockOnHand (store, item): + quantity, + quantity × the lot's unit cost, every movement.
- ConsumptionMonth (store, item, month): issues (negative) and their reversals, as
  units issued (positive) and their cost.
- DepartmentConsumptionMonth (department, store, month): issues and returns, net.

`rebuild()` recomputes all three from the ledger (`manage.py rebuild_inventory_summaries`,
and the large demo seed after its bulk inserts); tests check it equals the upkeep.
"""

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import DecimalField, ExpressionWrapper, F, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from hospital.periods import month_start
from hospital.summaries import add_many
from inventory.models import (
    ConsumptionMonth,
    DepartmentConsumptionMonth,
    MovementKind,
    StockMovement,
    StockOnHand,
)

CONSUMED = (MovementKind.ISSUE, MovementKind.RETURN)


def _month(movement: StockMovement):
    return month_start(timezone.localdate(movement.created_at))


def movements_written(movements: Iterable[StockMovement]) -> None:
    """Add what these new movements change to every summary (at most three statements).
    Each movement's `lot` must be loaded (its unit cost values the stock on hand)."""
    on_hand: dict = defaultdict(lambda: [0, Decimal(0)])
    issued: dict = defaultdict(lambda: [0, Decimal(0)])
    charged: dict = defaultdict(lambda: [0, Decimal(0)])
    for movement in movements:
        row = on_hand[(movement.store_id, movement.item_id)]
        row[0] += movement.quantity
        row[1] += movement.quantity * movement.lot.unit_cost
        cost = movement.quantity * Decimal(movement.unit_cost)
        if movement.kind == MovementKind.ISSUE:
            row = issued[(movement.store_id, _month(movement), movement.item_id)]
            row[0] -= movement.quantity
            row[1] -= cost
        if movement.kind in CONSUMED and movement.department_id:
            row = charged[(movement.department_id, movement.store_id, _month(movement))]
            row[0] -= movement.quantity
            row[1] -= cost
    add_many(StockOnHand, ("store", "item"), ("quantity", "value"), on_hand)
    add_many(ConsumptionMonth, ("store", "month", "item"), ("issued", "cost"), issued)
    add_many(DepartmentConsumptionMonth, ("department", "store", "month"), ("quantity", "cost"), charged)


MONEY = DecimalField(max_digits=18, decimal_places=4)


def _movement_cost():
    return ExpressionWrapper(F("quantity") * F("unit_cost"), output_field=MONEY)


def _rebuilt_on_hand() -> list[StockOnHand]:
    rows = (
        StockMovement.objects.values("store_id", "item_id")
        .annotate(
            units=Sum("quantity"),
            worth=Sum(ExpressionWrapper(F("quantity") * F("lot__unit_cost"), output_field=MONEY)),
        )
        .order_by()
    )
    return [
        StockOnHand(store_id=r["store_id"], item_id=r["item_id"], quantity=r["units"], value=r["worth"])
        for r in rows
        if r["units"] or r["worth"]
    ]


def _rebuilt_consumption() -> list[ConsumptionMonth]:
    rows = (
        StockMovement.objects.filter(kind=MovementKind.ISSUE)
        .values("store_id", "item_id", month=TruncMonth("created_at"))
        .annotate(units=-Sum("quantity"), worth=-Sum(_movement_cost()))
        .order_by()
    )
    return [
        ConsumptionMonth(
            store_id=r["store_id"], item_id=r["item_id"], month=_date(r["month"]), issued=r["units"], cost=r["worth"]
        )
        for r in rows
        if r["units"] or r["worth"]
    ]


def _rebuilt_department_consumption() -> list[DepartmentConsumptionMonth]:
    rows = (
        StockMovement.objects.filter(kind__in=CONSUMED, department__isnull=False)
        .values("department_id", "store_id", month=TruncMonth("created_at"))
        .annotate(units=-Sum("quantity"), worth=-Sum(_movement_cost()))
        .order_by()
    )
    return [
        DepartmentConsumptionMonth(
            department_id=r["department_id"],
            store_id=r["store_id"],
            month=_date(r["month"]),
            quantity=r["units"],
            cost=r["worth"],
        )
        for r in rows
        if r["units"] or r["worth"]
    ]


def _date(month):
    """TruncMonth of a date-time gives the local midnight of the month's first day."""
    return timezone.localtime(month).date() if hasattr(month, "hour") else month


def rebuilt() -> dict[type, list]:
    """Every summary row as the ledger says it should be (unsaved)."""
    return {
        StockOnHand: _rebuilt_on_hand(),
        ConsumptionMonth: _rebuilt_consumption(),
        DepartmentConsumptionMonth: _rebuilt_department_consumption(),
    }


@transaction.atomic
def rebuild() -> dict[str, int]:
    """Replace every inventory summary with one recomputed from the ledger; {table: rows}.
    Locks the summaries first, so no stock service adds to a row being replaced."""
    models = (StockOnHand, ConsumptionMonth, DepartmentConsumptionMonth)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
            cursor.execute(f"LOCK TABLE {tables} IN EXCLUSIVE MODE")
    counts = {}
    for model, rows in rebuilt().items():
        model.objects.all().delete()
        model.objects.bulk_create(rows, batch_size=5000)
        counts[model._meta.db_table] = len(rows)
    return counts
