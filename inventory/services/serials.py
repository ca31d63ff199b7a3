"""Serial numbers of high-value items (`Item.is_high_value`): one per unit, named on
receipt and on every movement out of a store. Called by the stock services inside their
transaction; a refusal raises before anything is written (the caller's transaction
rolls back whatever it wrote before)."""

from collections import Counter

from django.utils import timezone
from django.utils.translation import gettext as _

from hospital.errors import DomainError
from inventory.models import Item, Lot, MovementKind, SerialNumber, SerialStatus, StockMovement, Store, usable_lots_q

MAX_SERIAL = 20


def clean(serials) -> list[str]:
    """Serials as typed or scanned: one per line or separated by commas, blanks dropped."""
    if serials is None:
        return []
    if isinstance(serials, str):
        serials = serials.replace(",", "\n").splitlines()
    return [str(s).strip() for s in serials if str(s).strip()]


def _duplicates(serials: list[str]) -> list[str]:
    return sorted(s for s, n in Counter(serials).items() if n > 1)


def check_new(item: Item, serials, quantity: int, *, prefix: str = "") -> list[str]:
    """The serials of `quantity` units of `item` being received: exactly one per unit for a
    high-value item, none twice, none already known for the item. [] for other items."""
    serials = clean(serials)
    if not item.is_high_value:
        return []
    if len(serials) != quantity:
        raise DomainError(
            prefix
            + _(
                "%(item)s is tracked by serial number: enter one serial per unit accepted (%(quantity)s), "
                "not %(count)s."
            )
            % {"item": item, "quantity": quantity, "count": len(serials)},
            field="serials",
        )
    if too_long := [s for s in serials if len(s) > MAX_SERIAL]:
        raise DomainError(
            prefix + _("A serial number has at most 20 characters: %(serials)s.") % {"serials": ", ".join(too_long)},
            field="serials",
        )
    if repeated := _duplicates(serials):
        raise DomainError(
            prefix + _("Serial numbers entered twice: %(serials)s.") % {"serials": ", ".join(repeated)},
            field="serials",
        )
    known = sorted(SerialNumber.objects.filter(item=item, serial__in=serials).values_list("serial", flat=True))
    if known:
        raise DomainError(
            prefix
            + _("%(item)s already has serial numbers %(serials)s: a serial is received once.")
            % {"item": item, "serials": ", ".join(known)},
            field="serials",
        )
    return serials


def received(serials: list[str], movement: StockMovement) -> None:
    """Record the serials a receipt movement brought into its store."""
    if not serials:
        return
    rows = SerialNumber.objects.bulk_create(
        SerialNumber(item_id=movement.item_id, lot=movement.lot, serial=s, store_id=movement.store_id) for s in serials
    )
    SerialNumber.movements.through.objects.bulk_create(
        SerialNumber.movements.through(serialnumber_id=row.pk, stockmovement_id=movement.pk) for row in rows
    )


def _named(item: Item, serials, quantity: int) -> list[str]:
    """One serial per unit, none twice."""
    serials = clean(serials)
    if len(serials) != quantity:
        raise DomainError(
            _("%(item)s is tracked by serial number: name one serial per unit (%(quantity)s), not %(count)s.")
            % {"item": item, "quantity": quantity, "count": len(serials)},
            field="serials",
        )
    if repeated := _duplicates(serials):
        raise DomainError(
            _("Serial numbers entered twice: %(serials)s.") % {"serials": ", ".join(repeated)}, field="serials"
        )
    return serials


def take_returned(*, store: Store, lot: Lot, department, serials, quantity: int) -> list[SerialNumber]:
    """The serials named for `quantity` units of a high-value lot that `department` gives
    back to `store`, locked until commit: each issued from that store and lot to that
    department. [] for other items."""
    if not lot.item.is_high_value:
        return []
    serials = _named(lot.item, serials, quantity)
    found = {
        row.serial: row
        for row in SerialNumber.objects.select_for_update(of=("self",)).filter(
            item_id=lot.item_id,
            lot=lot,
            serial__in=serials,
            store=store,
            department=department,
            status=SerialStatus.ISSUED,
        )
    }
    if missing := [s for s in serials if s not in found]:
        raise DomainError(
            _("Not issued from lot %(lot)s in %(store)s to %(department)s: serial numbers %(serials)s.")
            % {"lot": lot.number, "store": store.name, "department": department.name, "serials": ", ".join(missing)},
            field="serials",
        )
    return [found[s] for s in serials]


def take(*, store: Store, item: Item, serials, quantity: int, today, lot: Lot | None = None) -> dict[int, list]:
    """The serials named for `quantity` units of a high-value `item` leaving `store` (of
    `lot` if given), locked until commit: lot id → serial rows. Refused unless there is
    one per unit, each in stock in that store (and lot), in a lot that may be used
    (not expired or quarantined) unless `today` is None (a write-off). {} for other items."""
    if not item.is_high_value:
        return {}
    serials = _named(item, serials, quantity)
    rows = SerialNumber.objects.select_for_update(of=("self",)).filter(
        item=item, serial__in=serials, store=store, status=SerialStatus.IN_STOCK
    )
    if lot is not None:
        rows = rows.filter(lot=lot)
    if today is not None:
        rows = rows.filter(usable_lots_q(today, "lot__"))
    found = {row.serial: row for row in rows.select_related("lot").order_by("lot_id", "serial")}
    if missing := [s for s in serials if s not in found]:
        where = _("lot %(lot)s in %(store)s") % {"lot": lot.number, "store": store.name} if lot else store.name
        raise DomainError(
            _("Not in stock in %(where)s (or in an expired or quarantined lot): serial numbers %(serials)s.")
            % {"where": where, "serials": ", ".join(missing)},
            field="serials",
        )
    by_lot: dict[int, list] = {}
    for row in found.values():
        by_lot.setdefault(row.lot_id, []).append(row)
    return by_lot


STATUS_AFTER = {
    MovementKind.ISSUE: SerialStatus.ISSUED,
    MovementKind.WRITE_OFF: SerialStatus.WRITTEN_OFF,
    MovementKind.TRANSFER_IN: SerialStatus.IN_STOCK,
    MovementKind.RETURN: SerialStatus.IN_STOCK,
}


def moved(rows: list[SerialNumber], movement: StockMovement) -> None:
    """The serials `rows` went through `movement`: their store, status and department follow it."""
    if not rows:
        return
    status = STATUS_AFTER.get(movement.kind)
    for row in rows:
        if status is not None:
            row.status = status
        if movement.quantity > 0:
            row.store_id = movement.store_id
        if movement.kind == MovementKind.ISSUE:
            row.department_id = movement.department_id
        elif movement.kind == MovementKind.RETURN:
            row.department_id = None
        row.updated_at = timezone.now()
    SerialNumber.objects.bulk_update(rows, ["status", "store", "department", "updated_at"])
    SerialNumber.movements.through.objects.bulk_create(
        SerialNumber.movements.through(serialnumber_id=row.pk, stockmovement_id=movement.pk) for row in rows
    )


def reversed_batch(pairs: list[tuple[StockMovement, StockMovement]]) -> None:
    """Each (original, reversal): the serials the original moved go back to where they were
    (a reversed receipt's serials leave the books: written off with the reversal)."""
    for original, reversal in pairs:
        rows = list(original.serials.select_for_update(of=("self",)))
        if not rows:
            continue
        if original.kind == MovementKind.RECEIPT:
            status = SerialStatus.WRITTEN_OFF
        elif original.kind == MovementKind.RETURN:
            status = SerialStatus.ISSUED  # a reversed return: back with the department
        elif original.quantity < 0:
            status = SerialStatus.IN_STOCK
        else:
            status = None  # a reversed transfer-in: the transfer-out's reversal puts them back
        for row in rows:
            if status is not None:
                row.status = status
            if original.quantity < 0:
                row.store_id, row.department_id = original.store_id, None
            elif original.kind == MovementKind.RETURN:
                row.department_id = original.department_id
            row.updated_at = timezone.now()
        SerialNumber.objects.bulk_update(rows, ["status", "store", "department", "updated_at"])
        SerialNumber.movements.through.objects.bulk_create(
            SerialNumber.movements.through(serialnumber_id=row.pk, stockmovement_id=reversal.pk) for row in rows
        )
