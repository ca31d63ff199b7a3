"""Stock leaving a store: issues to a department (FEFO), transfers, returns."""

import datetime as dt

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from hospital.errors import DomainError
from hospital.models import Department
from inventory.models import Item, Lot, MovementKind, StockBalance, StockMovement, Store, usable_lots_q
from inventory.services import ledger
from inventory.services import serials as serial_numbers


def _fefo_balances(*, store: Store, item: Item, today: dt.date) -> list[StockBalance]:
    """The store's usable balances of the item, earliest expiry first, locked until commit.

    Expired (expiry before today) and quarantined lots are never offered. Rows are
    locked in this fixed order, so parallel issues queue instead of deadlocking.
    """
    return list(
        StockBalance.objects.select_for_update(of=("self",))
        .select_related("lot", "store")
        .filter(store=store, item=item, quantity__gt=0)
        .filter(usable_lots_q(today, "lot__"))
        .order_by(F("lot__expiry").asc(nulls_last=True), "lot__number", "lot_id")
    )


def _take_named(*, store: Store, item: Item, named: dict, kind: str, user, batch, **fields):
    """Take the named serials of a high-value item: from their lots, one movement per lot."""
    movements = []
    for lot_id in sorted(named):
        rows = named[lot_id]
        balance = ledger.locked_balance(store, rows[0].lot)
        balance.lot, balance.store = rows[0].lot, store
        balance.lot.item = item
        movement = ledger.apply(balance, kind=kind, quantity=-len(rows), user=user, batch=batch, **fields)
        serial_numbers.moved(rows, movement)
        movements.append(movement)
    return movements


def _take_fefo(
    *, store: Store, item: Item, quantity: int, today: dt.date, kind: str, user, batch, serials=None, **fields
):
    """Earliest expiry first; a high-value item's units are the serials named instead."""
    if item.is_high_value:
        named = serial_numbers.take(store=store, item=item, serials=serials, quantity=quantity, today=today)
        return _take_named(store=store, item=item, named=named, kind=kind, user=user, batch=batch, **fields)
    balances = _fefo_balances(store=store, item=item, today=today)
    available = sum(b.quantity for b in balances)
    if available < quantity:
        raise ledger.short_stock(item=item, store=store, available=available, asked=quantity)
    movements, left = [], quantity
    for balance in balances:
        if left == 0:
            break
        take = min(left, balance.quantity)
        balance.lot.item = item
        movements.append(ledger.apply(balance, kind=kind, quantity=-take, user=user, batch=batch, **fields))
        left -= take
    return movements


def issue(
    *,
    user,
    store: Store,
    item: Item,
    quantity: int,
    department: Department | None,
    second_signatory=None,
    reference: str = "",
    today: dt.date | None = None,
    serials=None,
) -> list[StockMovement]:
    """Issue `quantity` base units of `item` from `store` to `department`, earliest expiry first
    (a high-value item: the units whose `serials` are named, one each).

    Guarantees: never an expired or quarantined lot; refused with the available quantity
    (ShortStock, 409) when there is not enough, and then nothing is written; a
    controlled substance needs another pharmacist as second signatory. One movement
    per lot used, all in one batch, in one transaction.
    """
    ledger.require_keeper(user, store)
    quantity = ledger.positive_quantity(quantity)
    if department is None:
        raise DomainError(_("Choose the department the stock is issued to."), field="department")
    if not department.is_active:
        raise DomainError(_("This department is closed."), field="department")
    ledger.require_active(store, item)
    ledger.require_cosigner(user, item, second_signatory)
    today = today or timezone.localdate()
    with transaction.atomic():
        return _take_fefo(
            store=store,
            item=item,
            quantity=quantity,
            today=today,
            kind=MovementKind.ISSUE,
            user=user,
            batch=ledger.new_batch(),
            department=department,
            second_signatory=second_signatory if item.is_controlled else None,
            reference=reference,
            serials=serials,
        )


def transfer(
    *,
    user,
    source: Store,
    destination: Store,
    item: Item,
    quantity: int,
    reference: str = "",
    today: dt.date | None = None,
    serials=None,
) -> list[StockMovement]:
    """Move stock of `item` from `source` to `destination`, earliest expiry first (a high-value
    item: the named `serials`); lot by lot, a transfer-out and a transfer-in of the same
    batch. Refused like an issue when short."""
    ledger.require_keeper(user, source)
    quantity = ledger.positive_quantity(quantity)
    if destination is None or destination.pk == source.pk:
        raise DomainError(_("Choose another store to transfer to."), field="destination")
    ledger.require_active(source, item)
    ledger.require_active(destination)
    today = today or timezone.localdate()
    batch = ledger.new_batch()
    with transaction.atomic():
        outs = _take_fefo(
            store=source,
            item=item,
            quantity=quantity,
            today=today,
            kind=MovementKind.TRANSFER_OUT,
            user=user,
            batch=batch,
            reference=reference,
            serials=serials,
        )
        ins = []
        for out in outs:
            moved_in = ledger.post(
                store=destination,
                lot=out.lot,
                kind=MovementKind.TRANSFER_IN,
                quantity=-out.quantity,
                user=user,
                batch=batch,
                reference=reference,
            )
            serial_numbers.moved(list(out.serials.all()) if item.is_high_value else [], moved_in)
            ins.append(moved_in)
    return outs + ins


def return_stock(
    *,
    user,
    store: Store,
    lot: Lot,
    quantity: int,
    department: Department,
    second_signatory=None,
    reason: str = "",
    serials=None,
) -> StockMovement:
    """A department gives back unused stock of a lot it was issued from this store.

    Refused beyond what the department was issued of the lot, net of earlier returns;
    a controlled substance needs another pharmacist as second signatory; a high-value
    item names the returned units' serials (each issued from this store and lot to the
    department), which are back in stock.
    """
    ledger.require_keeper(user, store)
    quantity = ledger.positive_quantity(quantity)
    if department is None:
        raise DomainError(_("Choose the department returning the stock."), field="department")
    ledger.require_cosigner(user, lot.item, second_signatory)
    with transaction.atomic():
        balance = ledger.locked_balance(store, lot)
        issued = -(
            StockMovement.objects.filter(
                store=store, lot=lot, department=department, kind__in=(MovementKind.ISSUE, MovementKind.RETURN)
            ).aggregate(total=Sum("quantity"))["total"]
            or 0
        )
        if quantity > issued:
            raise DomainError(
                _("%(department)s holds only %(issued)s of lot %(lot)s from this store.")
                % {"department": department.name, "issued": issued, "lot": lot.number},
                field="quantity",
            )
        named = serial_numbers.take_returned(
            store=store, lot=lot, department=department, serials=serials, quantity=quantity
        )
        balance.lot, balance.store = lot, store
        movement = ledger.apply(
            balance,
            kind=MovementKind.RETURN,
            quantity=quantity,
            user=user,
            batch=ledger.new_batch(),
            department=department,
            second_signatory=second_signatory if lot.item.is_controlled else None,
            reason=reason.strip(),
        )
        serial_numbers.moved(named, movement)
        return movement
