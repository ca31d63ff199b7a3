"""The one writer of the ledger and of the balances it keeps.

Every stock service calls `post` (or `apply` on a balance it already locked) inside
its own `transaction.atomic()`: the movement row and the change of its balance row are
written together, the balance row under `select_for_update`, so that the sum of the
ledger per store and lot always equals the balance; the summaries the heavy pages read
(inventory.summaries) are added to in the same transaction. Nothing else changes a
`StockBalance` or a summary.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from hospital.errors import AccessDenied, ConflictError, DomainError
from inventory import access, summaries
from inventory.models import Item, Lot, StockBalance, StockMovement, Store

# Largest quantity one movement may carry (base units): a typo of extra zeros is refused.
MAX_QUANTITY = 10_000_000


class ShortStock(ConflictError):
    """Less is available than asked for (HTTP 409); the answer says how much is."""

    def __init__(self, message, *, available: int, field: str | None = "quantity"):
        super().__init__(message, field=field)
        self.available = available

    def as_data(self) -> dict:
        return {**super().as_data(), "available": self.available}


def new_batch() -> uuid.UUID:
    return uuid.uuid4()


def positive_quantity(quantity, *, field: str = "quantity") -> int:
    """A whole number of base units, at least 1."""
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise DomainError(_("Enter a whole number of units."), field=field)
    if quantity < 1:
        raise DomainError(_("The quantity must be at least 1."), field=field)
    if quantity > MAX_QUANTITY:
        raise DomainError(_("The quantity is too large."), field=field)
    return quantity


def require_keeper(user, store: Store) -> None:
    if not access.may_keep(user, store):
        raise AccessDenied(_("Only the keepers of %(store)s may move its stock.") % {"store": store.name})


def require_active(store: Store, item: Item | None = None) -> None:
    if not store.is_active:
        raise DomainError(_("%(store)s is closed.") % {"store": store.name}, field="store")
    if item is not None and not item.is_active:
        raise DomainError(_("%(item)s is no longer stocked.") % {"item": item}, field="item")


def require_cosigner(user, item: Item, second_signatory) -> None:
    """A controlled substance needs a second signatory: another active pharmacist."""
    if item.is_controlled and not access.may_cosign(user, second_signatory):
        raise DomainError(
            _("%(item)s is a controlled substance: another pharmacist must sign as second signatory.") % {"item": item},
            field="second_signatory",
        )


def short_stock(*, item: Item, store: Store, available: int, asked: int) -> ShortStock:
    return ShortStock(
        _("Only %(available)s %(unit)s of %(item)s are available in %(store)s; %(asked)s were asked for.")
        % {"available": available, "unit": item.base_unit, "item": item, "store": store.name, "asked": asked},
        available=available,
    )


def locked_balance(store: Store, lot: Lot) -> StockBalance:
    """The balance row of `store` and `lot`, created at zero if missing, locked until commit."""
    # INSERT … ON CONFLICT DO NOTHING: two transactions creating the same row both go on.
    StockBalance.objects.bulk_create(
        [StockBalance(store=store, lot=lot, item_id=lot.item_id, quantity=0)], ignore_conflicts=True
    )
    return StockBalance.objects.select_for_update().get(store=store, lot=lot)


def apply(
    balance: StockBalance,
    *,
    kind: str,
    quantity: int,
    user,
    batch: uuid.UUID,
    unit_cost: Decimal | None = None,
    **fields,
) -> StockMovement:
    """Write one movement against a balance row the caller locked, and change the row.

    Refuses (ShortStock) a movement that would take the balance below zero.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("inventory ledger writes need a transaction")
    lot = balance.lot
    if balance.quantity + quantity < 0:
        raise short_stock(item=lot.item, store=balance.store, available=balance.quantity, asked=-quantity)
    balance.quantity += quantity
    balance.save(update_fields=["quantity"])
    movement = StockMovement.objects.create(
        kind=kind,
        store_id=balance.store_id,
        item_id=lot.item_id,
        lot=lot,
        quantity=quantity,
        unit_cost=lot.unit_cost if unit_cost is None else unit_cost,
        user=user,
        batch=batch,
        **fields,
    )
    summaries.movements_written([movement])
    return movement


def post(*, store: Store, lot: Lot, kind: str, quantity: int, user, batch: uuid.UUID, **fields) -> StockMovement:
    """Lock the balance row of `store` and `lot`, then `apply` the movement."""
    balance = locked_balance(store, lot)
    balance.lot = lot
    balance.store = store
    return apply(balance, kind=kind, quantity=quantity, user=user, batch=batch, **fields)


def min_shelf_life_days() -> int:
    """Receipts with less remaining shelf life need an override with a reason."""
    return getattr(settings, "INVENTORY_MIN_SHELF_LIFE_DAYS", 90)


def adjust_many(*, store: Store, targets: dict[int, int], user, batch: uuid.UUID, **fields) -> int:
    """Set the balances of many lots in one store to `targets` (lot id → new quantity ≥ 0),
    writing an adjustment movement for each difference: a stocktake of thousands of lines
    in a handful of queries. The rows are locked in lot order; the caller holds the
    transaction. Returns the number of movements written."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("inventory ledger writes need a transaction")
    if any(quantity < 0 for quantity in targets.values()):
        raise DomainError(_("A counted quantity cannot be negative."), field="counted")
    lots = {lot.pk: lot for lot in Lot.objects.filter(pk__in=targets)}
    StockBalance.objects.bulk_create(
        [StockBalance(store=store, lot_id=pk, item_id=lot.item_id, quantity=0) for pk, lot in lots.items()],
        ignore_conflicts=True,
        batch_size=2000,
    )
    balances = list(
        StockBalance.objects.select_for_update().filter(store=store, lot_id__in=list(lots)).order_by("lot_id")
    )
    changed, movements = [], []
    for balance in balances:
        difference = targets[balance.lot_id] - balance.quantity
        if not difference:
            continue
        lot = lots[balance.lot_id]
        balance.quantity += difference
        changed.append(balance)
        movements.append(
            StockMovement(
                kind="adjustment",
                store=store,
                item_id=lot.item_id,
                lot=lot,
                quantity=difference,
                unit_cost=lot.unit_cost,
                user=user,
                batch=batch,
                **fields,
            )
        )
    StockBalance.objects.bulk_update(changed, ["quantity"], batch_size=2000)
    StockMovement.objects.bulk_create(movements, batch_size=2000)
    summaries.movements_written(movements)
    return len(movements)
