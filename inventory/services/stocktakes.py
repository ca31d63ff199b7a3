"""Count sheets: start one per store, record counts per lot, post differences as adjustments."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hospital.errors import ConflictError, DomainError
from hospital.model_update import model_update
from inventory.models import Lot, MovementKind, StockBalance, Stocktake, StocktakeLine, StocktakeStatus, Store
from inventory.services import ledger


def start_stocktake(*, user, store: Store) -> Stocktake:
    """A count sheet listing every lot the store holds, with the quantity the ledger expects."""
    ledger.require_keeper(user, store)
    with transaction.atomic():
        stocktake = Stocktake.objects.create(store=store, created_by=user)
        StocktakeLine.objects.bulk_create(
            StocktakeLine(stocktake=stocktake, lot_id=lot_id, expected=quantity)
            for lot_id, quantity in StockBalance.objects.filter(store=store, quantity__gt=0)
            .order_by("item__name", "lot__expiry")
            .values_list("lot_id", "quantity")
        )
    return stocktake


def record_counts(*, user, stocktake: Stocktake, counts: dict[Lot, int]) -> int:
    """Write counted quantities (a lot not on the sheet is added). Every bad count is
    reported at once, and then nothing is written. Returns the number of lines written."""
    ledger.require_keeper(user, stocktake.store)
    errors = []
    for lot, counted in counts.items():
        if isinstance(counted, bool) or not isinstance(counted, int) or counted < 0 or counted > ledger.MAX_QUANTITY:
            errors.append(_("Lot %(lot)s: enter a whole number, 0 or more.") % {"lot": lot.number})
    if errors:
        raise DomainError(" ".join(errors), field="counted")
    with transaction.atomic():
        stocktake = Stocktake.objects.select_for_update().get(pk=stocktake.pk)
        if stocktake.status != StocktakeStatus.OPEN:
            raise ConflictError(_("This stocktake has been posted."))
        existing = {line.lot_id: line for line in stocktake.lines.all()}
        changed, new = [], []
        for lot, counted in counts.items():
            line = existing.get(lot.pk)
            if line is None:
                new.append(StocktakeLine(stocktake=stocktake, lot=lot, expected=0, counted=counted))
            else:
                line.counted = counted
                changed.append(line)
        StocktakeLine.objects.bulk_update(changed, ["counted"], batch_size=1000)
        StocktakeLine.objects.bulk_create(new, batch_size=1000)
    return len(changed) + len(new)


def post_stocktake(*, user, stocktake: Stocktake, reason: str) -> int:
    """Turn every difference between the count and the balance now into an adjustment
    with the reason; uncounted lines change nothing. Returns the adjustments written."""
    ledger.require_keeper(user, stocktake.store)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give a reason for the differences."), field="reason")
    with transaction.atomic():
        stocktake = Stocktake.objects.select_for_update().select_related("store").get(pk=stocktake.pk)
        stocktake._history_user = user
        if stocktake.status != StocktakeStatus.OPEN:
            raise ConflictError(_("This stocktake has been posted."))
        batch = ledger.new_batch()
        written = 0
        lines = stocktake.lines.filter(counted__isnull=False).select_related("lot__item").order_by("lot_id")
        for line in lines:
            balance = ledger.locked_balance(stocktake.store, line.lot)
            difference = line.counted - balance.quantity
            if difference:
                balance.lot, balance.store = line.lot, stocktake.store
                ledger.apply(
                    balance,
                    kind=MovementKind.ADJUSTMENT,
                    quantity=difference,
                    user=user,
                    batch=batch,
                    reason=reason[:200],
                    reference=str(stocktake),
                )
                written += 1
        model_update(
            instance=stocktake,
            fields=["status", "posted_by", "posted_at", "reason"],
            data={"status": StocktakeStatus.POSTED, "posted_by": user, "posted_at": timezone.now(), "reason": reason},
        )
    return written
