"""Count sheets: start one per store, record counts per lot, post differences as adjustments."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hospital.errors import ConflictError, DomainError
from hospital.imports import parse_rows, read_table
from hospital.model_update import model_update
from inventory.models import Item, Lot, StockBalance, Stocktake, StocktakeLine, StocktakeStatus, Store
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
        targets = dict(stocktake.lines.filter(counted__isnull=False).values_list("lot_id", "counted"))
        written = ledger.adjust_many(
            store=stocktake.store,
            targets=targets,
            user=user,
            batch=ledger.new_batch(),
            reason=reason[:200],
            reference=str(stocktake),
        )
        model_update(
            instance=stocktake,
            fields=["status", "posted_by", "posted_at", "reason"],
            data={"status": StocktakeStatus.POSTED, "posted_by": user, "posted_at": timezone.now(), "reason": reason},
        )
    return written


def import_counts(*, user, stocktake: Stocktake, upload) -> int:
    """Counts from a CSV or XLSX sheet (columns item — code or GTIN —, lot, counted)
    through the core's import helper: every bad line is reported at once, and then
    nothing is written. Returns the number of lines written."""
    ledger.require_keeper(user, stocktake.store)
    table = read_table(upload, required=("item", "lot", "counted"))
    keys = {row.get("item") for row in table.rows}
    items = {}
    for item in Item.objects.filter(Q(code__in=keys) | Q(gtin__in={k.zfill(14) for k in keys if k.isdigit()})):
        items[item.code] = items[item.gtin] = item
    numbers = {row.get("lot") for row in table.rows}
    lots = {
        (lot.item_id, lot.number): lot for lot in Lot.objects.filter(number__in=numbers, item__in=set(items.values()))
    }
    seen = set()

    def parse(row):
        key = row.get("item")
        item = items.get(key) or (items.get(key.zfill(14)) if key.isdigit() else None)
        if item is None:
            raise DomainError(_("No item has the code or GTIN “%(item)s”.") % {"item": key[:30]})
        lot = lots.get((item.pk, row.get("lot")))
        if lot is None:
            raise DomainError(_("%(item)s has no lot “%(lot)s”.") % {"item": item, "lot": row.get("lot")[:20]})
        counted = row.get("counted")
        if not counted.isdigit() or int(counted) > ledger.MAX_QUANTITY:
            raise DomainError(_("Enter the counted quantity as a whole number, 0 or more."))
        if lot.pk in seen:
            raise DomainError(_("Lot %(lot)s of %(item)s is counted twice.") % {"lot": lot.number, "item": item})
        seen.add(lot.pk)
        return lot, int(counted)

    counts = dict(parse_rows(table, parse))
    return record_counts(user=user, stocktake=stocktake, counts=counts)
