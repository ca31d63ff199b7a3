"""Deliveries into a store: inspected line by line, accepted stock into the ledger by lot."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from hospital.errors import ConflictError, DomainError
from inventory.models import (
    OPEN_ORDER_STATUSES,
    Item,
    Lot,
    MovementKind,
    OrderStatus,
    PurchaseOrder,
    PurchaseOrderLine,
    Receipt,
    ReceiptLine,
    Store,
    Supplier,
)
from inventory.services import ledger
from inventory.services import serials as serial_numbers


@dataclass
class ReceiptLineInput:
    item: Item
    quantity_accepted: int
    lot_number: str = ""
    expiry: dt.date | None = None
    quantity_rejected: int = 0
    rejection_reason: str = ""
    unit_cost: Decimal | None = None
    shelf_life_override: str = ""
    serial: str = ""
    serials: list[str] | str | None = None  # a high-value item: one per unit accepted (GS1 AI 21)
    order_line: PurchaseOrderLine | None = None


def _prefix(index: int, count: int) -> str:
    return _("Line %(number)s: ") % {"number": index + 1} if count > 1 else ""


def _check_line(line: ReceiptLineInput, *, today: dt.date, prefix: str) -> None:
    """The inspection rules of one line (docs/standards.md): refuse with the field at fault."""

    def refuse(message, field):
        raise DomainError(prefix + message, field=field)

    item = line.item
    for name in ("quantity_accepted", "quantity_rejected"):
        value = getattr(line, name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0 or value > ledger.MAX_QUANTITY:
            refuse(_("Enter a whole number of units."), name)
    if line.quantity_accepted + line.quantity_rejected == 0:
        refuse(_("Enter the quantity accepted or rejected."), "quantity_accepted")
    if line.quantity_rejected and not line.rejection_reason.strip():
        refuse(_("Say why units were rejected."), "rejection_reason")
    line.lot_number = line.lot_number.strip()
    if len(line.lot_number) > 20:
        refuse(_("A lot number has at most 20 characters."), "lot_number")
    if item.needs_lot_and_expiry and not line.lot_number:
        refuse(_("%(item)s is a drug: enter its lot number.") % {"item": item}, "lot_number")
    if item.needs_lot_and_expiry and line.expiry is None:
        refuse(_("%(item)s is a drug: enter its expiry date.") % {"item": item}, "expiry")
    if line.expiry is not None:
        if line.expiry < today:
            refuse(
                _("Lot %(lot)s expired on %(date)s: it cannot be received.")
                % {"lot": line.lot_number, "date": line.expiry.isoformat()},
                "expiry",
            )
        minimum = ledger.min_shelf_life_days()
        if (line.expiry - today).days < minimum and not line.shelf_life_override.strip():
            refuse(
                _("Lot %(lot)s expires on %(date)s, in less than %(days)s days: give a reason to accept it.")
                % {"lot": line.lot_number, "date": line.expiry.isoformat(), "days": minimum},
                "shelf_life_override",
            )
    if line.unit_cost is None and line.order_line is not None:
        line.unit_cost = (line.order_line.pack_price / item.pack_size).quantize(Decimal("0.0001"))
    try:
        cost = Decimal(line.unit_cost) if line.unit_cost is not None else None
    except (InvalidOperation, TypeError):
        cost = None
    if cost is None or not cost.is_finite() or cost < 0 or cost >= Decimal("1e8"):
        refuse(_("Enter the unit cost."), "unit_cost")
    line.unit_cost = cost
    if line.order_line is not None and line.order_line.item_id != item.pk:
        refuse(_("This item is not on that order line."), "item")
    named = line.serials if line.serials is not None else line.serial
    line.serials = serial_numbers.check_new(item, named, line.quantity_accepted, prefix=prefix)


def _lot_for(line: ReceiptLineInput, receipt: Receipt, prefix: str) -> Lot:
    number = line.lot_number or f"R{receipt.pk}"
    lot, created = Lot.objects.get_or_create(
        item=line.item,
        number=number,
        defaults={"expiry": line.expiry, "unit_cost": line.unit_cost, "serial": line.serial[:20]},
    )
    if not created and line.expiry is not None and lot.expiry != line.expiry:
        known = lot.expiry.isoformat() if lot.expiry else "—"
        raise DomainError(
            prefix
            + _("Lot %(lot)s of %(item)s is already known with expiry %(date)s.")
            % {"lot": number, "item": line.item, "date": known},
            field="expiry",
        )
    return lot


def receive(
    *,
    user,
    store: Store,
    lines: list[ReceiptLineInput],
    order: PurchaseOrder | None = None,
    supplier: Supplier | None = None,
    delivery_note: str = "",
    today: dt.date | None = None,
) -> Receipt:
    """Receive a delivery into `store`, against `order` if given.

    Guarantees: drugs come with lot and expiry; an expired lot is refused; a lot with
    less than the minimum remaining shelf life needs an override reason; rejected
    units need a reason and never enter stock; accepted units enter the ledger by lot
    at their unit cost. All lines or none, in one transaction.
    """
    ledger.require_keeper(user, store)
    ledger.require_active(store)
    if not lines:
        raise DomainError(_("Add at least one line."))
    today = today or timezone.localdate()
    for index, line in enumerate(lines):
        _check_line(line, today=today, prefix=_prefix(index, len(lines)))
    named = Counter((line.item.pk, serial) for line in lines for serial in line.serials)
    if repeated := sorted(serial for (_item, serial), times in named.items() if times > 1):
        raise DomainError(
            _("Serial numbers entered twice: %(serials)s.") % {"serials": ", ".join(repeated)}, field="serials"
        )
    with transaction.atomic():
        if order is not None:
            order = PurchaseOrder.objects.select_for_update().get(pk=order.pk)
            if order.status not in OPEN_ORDER_STATUSES:
                raise ConflictError(
                    _("Order %(number)s is “%(status)s”: nothing can be received against it.")
                    % {"number": order.number, "status": order.get_status_display()}
                )
            if order.store_id != store.pk:
                raise DomainError(_("Order %(number)s is for another store.") % {"number": order.number})
            supplier = supplier or order.supplier
        receipt = Receipt.objects.create(
            store=store, order=order, supplier=supplier, delivery_note=delivery_note.strip()[:60], received_by=user
        )
        batch = ledger.new_batch()
        for index, line in enumerate(lines):
            lot = _lot_for(line, receipt, _prefix(index, len(lines)))
            ReceiptLine.objects.create(
                receipt=receipt,
                order_line=line.order_line,
                item=line.item,
                lot=lot,
                quantity_accepted=line.quantity_accepted,
                quantity_rejected=line.quantity_rejected,
                rejection_reason=line.rejection_reason.strip()[:200],
                unit_cost=line.unit_cost,
                shelf_life_override=line.shelf_life_override.strip()[:200],
            )
            if line.quantity_accepted:
                movement = ledger.post(
                    store=store,
                    lot=lot,
                    kind=MovementKind.RECEIPT,
                    quantity=line.quantity_accepted,
                    user=user,
                    batch=batch,
                    unit_cost=line.unit_cost,
                    reference=receipt.delivery_note or f"RC-{receipt.pk}",
                )
                serial_numbers.received(line.serials, movement)
            if line.order_line is not None:
                if line.order_line.order_id != (order.pk if order else None):
                    raise DomainError(_("This order line belongs to another order."), field="order_line")
                PurchaseOrderLine.objects.filter(pk=line.order_line.pk).update(
                    received_quantity=F("received_quantity") + line.quantity_accepted
                )
        if order is not None:
            _update_order_status(order)
    return receipt


def _update_order_status(order: PurchaseOrder) -> None:
    lines = list(order.lines.select_related("item"))
    complete = all(line.received_quantity >= line.packs * line.item.pack_size for line in lines)
    order.status = OrderStatus.RECEIVED if complete else OrderStatus.PARTLY_RECEIVED
    order.save(update_fields=["status"])
