"""A ward asks its supplying store for stock; the store sends it (a transfer); the ward confirms."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hospital.errors import AccessDenied, ConflictError, DomainError
from hospital.model_update import model_update
from inventory import access
from inventory.models import Item, Requisition, RequisitionLine, RequisitionStatus, Store
from inventory.services import issuing, ledger

S = RequisitionStatus
# step -> (statuses it may start from)
TRANSITIONS = {
    "fulfil": (S.RAISED, S.PARTLY_FULFILLED),
    "confirm": (S.PARTLY_FULFILLED, S.FULFILLED),
    "cancel": (S.RAISED,),
}


def raise_requisition(*, user, ward: Store, lines: list[tuple[Item, int]], note: str = "") -> Requisition:
    """The ward asks its supplying store for these items (one line per item)."""
    if not access.may_raise_requisition(user, ward):
        raise AccessDenied(_("Only the ward's nurses, head and keepers may ask for stock for it."))
    if not lines:
        raise DomainError(_("Add at least one item."), field="item")
    seen = set()
    for item, quantity in lines:
        ledger.positive_quantity(quantity)
        if item.pk in seen:
            raise DomainError(_("%(item)s is listed twice.") % {"item": item}, field="item")
        if not item.is_active:
            raise DomainError(_("%(item)s is no longer stocked.") % {"item": item}, field="item")
        seen.add(item.pk)
    with transaction.atomic():
        requisition = Requisition.objects.create(
            ward=ward, supplier=ward.supplied_by, raised_by=user, note=(note or "").strip()[:200]
        )
        RequisitionLine.objects.bulk_create(
            RequisitionLine(requisition=requisition, item=item, quantity_requested=quantity) for item, quantity in lines
        )
    return requisition


def _locked(requisition: Requisition, step: str, user) -> Requisition:
    requisition = Requisition.objects.select_for_update().select_related("ward", "supplier").get(pk=requisition.pk)
    requisition._history_user = user
    if requisition.status not in TRANSITIONS[step]:
        raise ConflictError(
            _("This requisition is “%(status)s”: it cannot be changed that way.")
            % {"status": requisition.get_status_display()}
        )
    return requisition


def fulfil_requisition(
    *,
    user,
    requisition: Requisition,
    quantities: dict[int, int] | None = None,
    today: dt.date | None = None,
    serials: dict[int, list[str] | str] | None = None,
) -> Requisition:
    """Send stock to the ward: per line the quantity given (default: all that is still
    owed), moved from the supplying store earliest expiry first (a high-value item: the
    units whose serials are named for that line, `serials` by line id; they stay in the
    ward store when it confirms). A line asking for more than the store holds is refused
    with the available quantity, and nothing moves."""
    if not access.may_fulfil_requisition(user, requisition):
        raise AccessDenied(_("Only the keepers of the supplying store may send stock."))
    with transaction.atomic():
        requisition = _locked(requisition, "fulfil", user)
        lines = list(requisition.lines.select_related("item").select_for_update(of=("self",)))
        sent_any = False
        for line in lines:
            owed = line.quantity_requested - line.quantity_issued
            quantity = owed if quantities is None else quantities.get(line.pk, 0)
            if quantity == 0 or owed == 0:
                continue
            ledger.positive_quantity(quantity)
            if quantity > owed:
                raise DomainError(
                    _("%(item)s: only %(owed)s are still owed.") % {"item": line.item, "owed": owed}, field="quantity"
                )
            issuing.transfer(
                user=user,
                source=requisition.supplier,
                destination=requisition.ward,
                item=line.item,
                quantity=quantity,
                reference=str(requisition),
                today=today,
                serials=(serials or {}).get(line.pk),
            )
            line.quantity_issued += quantity
            line.save(update_fields=["quantity_issued"])
            sent_any = True
        if not sent_any:
            raise DomainError(_("Enter a quantity to send."), field="quantity")
        complete = all(line.quantity_issued >= line.quantity_requested for line in lines)
        model_update(
            instance=requisition,
            fields=["status", "fulfilled_by", "fulfilled_at"],
            data={
                "status": S.FULFILLED if complete else S.PARTLY_FULFILLED,
                "fulfilled_by": user,
                "fulfilled_at": timezone.now(),
            },
        )
    return requisition


def confirm_requisition(*, user, requisition: Requisition) -> Requisition:
    """The ward says what was sent has arrived."""
    if not access.may_confirm_requisition(user, requisition):
        raise AccessDenied(_("Only the ward's nurses, head and keepers may confirm receipt."))
    with transaction.atomic():
        requisition = _locked(requisition, "confirm", user)
        model_update(
            instance=requisition,
            fields=["status", "received_by", "received_at"],
            data={"status": S.RECEIVED, "received_by": user, "received_at": timezone.now()},
        )
    return requisition


def cancel_requisition(*, user, requisition: Requisition) -> Requisition:
    if not access.may_confirm_requisition(user, requisition):
        raise AccessDenied(_("Only the ward's nurses, head and keepers may cancel it."))
    with transaction.atomic():
        requisition = _locked(requisition, "cancel", user)
        model_update(instance=requisition, fields=["status"], data={"status": S.CANCELLED})
    return requisition
