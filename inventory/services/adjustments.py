"""Corrections of stock: adjustments, write-offs, reversals, quarantine."""

from django.db import transaction
from django.utils.translation import gettext as _

from hospital.errors import AccessDenied, ConflictError, DomainError
from hospital.roles import Role, has_role
from inventory import access
from inventory.models import Lot, MovementKind, StockMovement, Store, WriteOffReason
from inventory.services import ledger
from inventory.services import serials as serial_numbers

MAX_REASON = 200


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give a reason."), field="reason")
    return reason[:MAX_REASON]


def adjust(*, user, store: Store, lot: Lot, quantity: int, reason: str, reference: str = "") -> StockMovement:
    """Correct the balance of a lot in a store by a signed `quantity`, with a reason.
    Refused (ShortStock) if it would take the balance below zero."""
    ledger.require_keeper(user, store)
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity == 0:
        raise DomainError(_("Enter a whole number of units other than 0."), field="quantity")
    ledger.positive_quantity(abs(quantity))
    reason = _reason(reason)
    with transaction.atomic():
        return ledger.post(
            store=store,
            lot=lot,
            kind=MovementKind.ADJUSTMENT,
            quantity=quantity,
            user=user,
            batch=ledger.new_batch(),
            reason=reason,
            reference=reference,
        )


def write_off(
    *, user, store: Store, lot: Lot, quantity: int, reason: str, note: str = "", serials=None
) -> StockMovement:
    """Take stock out of use for good (expired, damaged, recalled, lost); a high-value
    item's units are named by serial (`serials`), each in that store and lot."""
    ledger.require_keeper(user, store)
    quantity = ledger.positive_quantity(quantity)
    if reason not in WriteOffReason.values:
        raise DomainError(_("Choose why the stock is written off."), field="write_off_reason")
    with transaction.atomic():
        named = serial_numbers.take(store=store, item=lot.item, serials=serials, quantity=quantity, today=None, lot=lot)
        movement = ledger.post(
            store=store,
            lot=lot,
            kind=MovementKind.WRITE_OFF,
            quantity=-quantity,
            user=user,
            batch=ledger.new_batch(),
            write_off_reason=reason,
            reason=(note or "").strip()[:MAX_REASON],
        )
        serial_numbers.moved(named.get(lot.pk, []), movement)
        return movement


def reverse(*, user, movement: StockMovement, reason: str, second_signatory=None) -> list[StockMovement]:
    """Undo what one service call wrote: every movement of the batch gets a movement of
    the opposite sign that points back to it. A movement is reversed once; a reversal
    is not reversed again (post the correct movement instead). Refused (ShortStock) if
    the stock has already moved on; a controlled issue coming back needs a second signatory.
    """
    reason = _reason(reason)
    with transaction.atomic():
        batch = list(
            StockMovement.objects.select_for_update(of=("self",))
            .select_related("lot__item", "store")
            .filter(batch=movement.batch)
            .order_by("store_id", "lot_id", "id")
        )
        for original in batch:
            ledger.require_keeper(user, original.store)
            if original.reverses_id is not None:
                raise ConflictError(_("A reversal cannot be reversed: record the correct movement instead."))
            if StockMovement.objects.filter(reverses=original).exists():
                raise ConflictError(_("This movement has already been reversed."))
            if original.kind in (MovementKind.ISSUE, MovementKind.RETURN):
                ledger.require_cosigner(user, original.lot.item, second_signatory)
        new_batch = ledger.new_batch()
        reversals = [
            ledger.post(
                store=original.store,
                lot=original.lot,
                kind=original.kind,
                quantity=-original.quantity,
                user=user,
                batch=new_batch,
                unit_cost=original.unit_cost,
                department=original.department,
                reverses=original,
                reason=reason,
                reference=original.reference,
                write_off_reason=original.write_off_reason,
                second_signatory=second_signatory if original.lot.item.is_controlled else None,
            )
            for original in batch
        ]
        serial_numbers.reversed_batch(list(zip(batch, reversals, strict=True)))
        return reversals


def may_quarantine(user) -> bool:
    return has_role(user, Role.PHARMACIST, Role.ADMINISTRATOR) or bool(access.kept_store_ids(user))


def set_quarantine(*, user, lot: Lot, quarantined: bool, reason: str = "") -> Lot:
    """Hold a lot back from every issue (a recall, a doubt), or release it; an expired lot
    stays out of use whatever its flag."""
    if not may_quarantine(user):
        raise AccessDenied(_("Only pharmacists and storekeepers may quarantine a lot."))
    reason = _reason(reason) if quarantined else ""
    with transaction.atomic():
        lot = Lot.objects.select_for_update().get(pk=lot.pk)
        lot._history_user = user
        lot.quarantined = quarantined
        lot.quarantine_reason = reason
        lot.save(update_fields=["quarantined", "quarantine_reason"])
    return lot
