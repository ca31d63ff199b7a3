"""Reads that join several tables, for pages, API, exports and metrics.

Every read starts from `visible_to(user)`, and "expired" is one rule everywhere:
the lot's expiry is before today, the hospital's local date (`usable_lots_q`).
"""

import datetime as dt
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Window,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext

from hospital.errors import DomainError
from inventory import access, gs1, planning
from inventory.models import (
    OPEN_ORDER_STATUSES,
    ConsumptionMonth,
    DepartmentConsumptionMonth,
    ExpiryRisk,
    Item,
    Lot,
    PurchaseOrderLine,
    ReceiptLine,
    SerialNumber,
    StockBalance,
    StockMovement,
    StockOnHand,
    Store,
    usable_lots_q,
)

EXPIRY_BANDS = (30, 60, 90)
EXPIRED = "expired"
MONEY = DecimalField(max_digits=18, decimal_places=2)


def value_expression():
    return ExpressionWrapper(F("quantity") * F("lot__unit_cost"), output_field=MONEY)


def items_with_stock(user, *, search: str = "", category: str = "", controlled: str = "") -> QuerySet:
    """Items with the quantity on hand in the stores the user may see (one query per page)."""
    on_hand = (
        StockBalance.objects.filter(item=OuterRef("pk"), store__in=Store.objects.visible_to(user).values("pk"))
        .order_by()
        .values("item")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    items = Item.objects.search(search).annotate(on_hand=Coalesce(Subquery(on_hand, output_field=IntegerField()), 0))
    if category:
        items = items.filter(category=category)
    if controlled == "1":
        items = items.filter(is_controlled=True)
    return items.order_by("name", "id")


def balances(
    user, *, store: str = "", item: str = "", lot: str = "", search: str = "", include_empty: bool = False
) -> QuerySet:
    """Balance rows by store and lot the user may see, with their value, filtered in SQL.
    Filters are ids as strings (from the page's or the API's query); a bad id matches nothing."""
    rows = (
        StockBalance.objects.visible_to(user).select_related("store", "item", "lot").annotate(value=value_expression())
    )
    if not include_empty:
        rows = rows.filter(quantity__gt=0)
    for name, value in (("store_id", store), ("item_id", item), ("lot_id", lot)):
        if value:
            rows = rows.filter(**{name: value}) if str(value).isdigit() else rows.none()
    if search:
        rows = rows.filter(
            Q(item__name__icontains=search) | Q(lot__number__iexact=search) | Q(item__code__iexact=search)
        )
    # Item first: the database walks the item-name index and sorts only each item's few
    # lots (an incremental sort), instead of sorting every balance of the hospital.
    return rows.order_by("item__name", "item_id", "store__name", F("lot__expiry").asc(nulls_last=True), "lot_id")


def total_value(rows: QuerySet) -> Decimal:
    return rows.aggregate(total=Coalesce(Sum(value_expression()), Decimal(0), output_field=MONEY))["total"]


def balances_total(user, *, store: str = "", item: str = "", lot: str = "", search: str = "") -> Decimal:
    """The value of `balances(user, …)` with the same filters. Filtered by store and item
    only, it is read from the stock-on-hand summary (a row per store and item, not per
    lot); a lot or a search reads the few balance rows it matches."""
    if lot or search:
        return total_value(balances(user, store=store, item=item, lot=lot, search=search))
    rows = StockOnHand.objects.filter(access.store_scope(user, field="store"))
    for name, value in (("store_id", store), ("item_id", item)):
        if value:
            rows = rows.filter(**{name: value}) if str(value).isdigit() else rows.none()
    return rows.aggregate(total=Coalesce(Sum("value"), Decimal(0), output_field=MONEY))["total"].quantize(
        Decimal("0.01")
    )


def expiring(user, *, days: str = "90", store: str = "", today: dt.date | None = None) -> QuerySet:
    """Stock expiring within `days` (30, 60 or 90) from today, or already expired."""
    today = today or timezone.localdate()
    rows = balances(user, store=store)
    if days == EXPIRED:
        return rows.filter(lot__expiry__lt=today)
    horizon = int(days) if str(days).isdigit() and int(days) in EXPIRY_BANDS else EXPIRY_BANDS[-1]
    # expiry first, from the lot's expiry index; only each day's few lots are sorted
    return rows.filter(lot__expiry__gte=today, lot__expiry__lte=today + dt.timedelta(days=horizon)).order_by(
        "lot__expiry", "item__name", "store__name", "lot_id"
    )


def expiry_band_counts(user, *, store: str = "", today: dt.date | None = None) -> dict:
    """Rows and value per band (within 30, 60, 90 days; expired): one query."""
    today = today or timezone.localdate()
    # every band lies before the widest one's end: read only those lots (expiry index)
    rows = balances(user, store=store).filter(lot__expiry__lte=today + dt.timedelta(days=EXPIRY_BANDS[-1]))
    aggregates = {}
    for band in EXPIRY_BANDS:
        within = Q(lot__expiry__gte=today, lot__expiry__lte=today + dt.timedelta(days=band))
        aggregates[f"count_{band}"] = Count("pk", filter=within)
        aggregates[f"value_{band}"] = Coalesce(Sum(value_expression(), filter=within), Decimal(0), output_field=MONEY)
    aggregates["count_expired"] = Count("pk", filter=Q(lot__expiry__lt=today))
    aggregates["value_expired"] = Coalesce(
        Sum(value_expression(), filter=Q(lot__expiry__lt=today)), Decimal(0), output_field=MONEY
    )
    return rows.order_by().aggregate(**aggregates)


def item_ledger(user, item: Item) -> QuerySet:
    """The item's movements in the stores the user may see, newest first."""
    return (
        StockMovement.objects.visible_to(user)
        .filter(item=item)
        .select_related("store", "lot", "department", "user", "second_signatory")
        .order_by("-created_at", "-id")
    )


def movements(user, *, store: str = "", item: str = "", lot: str = "", kind: str = "") -> QuerySet:
    rows = StockMovement.objects.visible_to(user).select_related("store", "item", "lot", "department", "user")
    for name, value in (("store_id", store), ("item_id", item), ("lot_id", lot)):
        if value:
            rows = rows.filter(**{name: value}) if str(value).isdigit() else rows.none()
    if kind:
        rows = rows.filter(kind=kind)
    return rows.order_by("-created_at", "-id")


def read_scan(code: str) -> dict:
    """A scanned barcode in our fields, with the item it names (or None): the barcode API
    and the forms' scan field. Raises DomainError with a translated message if unreadable."""
    try:
        scan = gs1.read_barcode(code)
    except gs1.BarcodeError as error:
        raise DomainError(gettext(error.message) % error.params, field="code") from error
    item = Item.objects.filter(gtin=scan.gtin).only("pk").first()
    data = {
        "gtin": scan.gtin,
        "lot": scan.lot,
        "expiry": scan.expiry,
        "serial": scan.serial,
        "quantity": scan.quantity,
        "item": item.pk if item else None,
    }
    if item is None:
        data["warning"] = gettext("No item has the GTIN %(gtin)s: add it to the catalogue first.") % {"gtin": scan.gtin}
    return data


# The KPIs (inventory.metrics): one grouped query per fact over all periods.


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _movement_value():
    return ExpressionWrapper(F("quantity") * F("unit_cost"), output_field=MONEY)


def stock_facts_by_period(department, periods) -> list[dict]:
    """Per period: opening and closing stock value, cost issued (issues net of returns),
    value written off as expired, value expiring within 30 and 90 days of the period's
    end; for the stores of `department` and its sub-departments (None: all stores).
    Read from the ledger, so past periods are exact: one query for all periods."""
    rows = StockMovement.objects.all()
    if department is not None:
        rows = rows.filter(store__department__path__startswith=department.path)
    value = _movement_value()
    aggregates = {}
    for index, (start, end) in enumerate(periods):
        opening, closing = _local_midnight(start), _local_midnight(end + dt.timedelta(days=1))
        in_period = Q(created_at__gte=opening, created_at__lt=closing)
        held = Q(created_at__lt=closing)
        aggregates[f"open_{index}"] = Sum(value, filter=Q(created_at__lt=opening))
        aggregates[f"close_{index}"] = Sum(value, filter=held)
        aggregates[f"issued_{index}"] = Sum(value, filter=in_period & Q(kind__in=("issue", "return")))
        aggregates[f"expired_{index}"] = Sum(value, filter=in_period & Q(kind="write_off", write_off_reason="expired"))
        for days in (30, 90):
            aggregates[f"expiring{days}_{index}"] = Sum(
                value, filter=held & Q(lot__expiry__gte=end, lot__expiry__lte=end + dt.timedelta(days=days))
            )
    totals = rows.order_by().aggregate(**aggregates) if aggregates else {}
    zero = Decimal(0)
    return [
        {
            "days": (end - start).days + 1,
            "opening": totals[f"open_{i}"] or zero,
            "closing": totals[f"close_{i}"] or zero,
            "issued": -(totals[f"issued_{i}"] or zero),
            "expired_write_off": -(totals[f"expired_{i}"] or zero),
            "expiring_30": totals[f"expiring30_{i}"] or zero,
            "expiring_90": totals[f"expiring90_{i}"] or zero,
        }
        for i, (start, end) in enumerate(periods)
    ]


def consumption_by_period(department, periods) -> list[dict]:
    """Cost of stock issued to `department` and its sub-departments (net of returns) per
    period: what `performance` reads as consumption cost. Periods of whole calendar months
    (the last may end today) are read from the department summary
    (DepartmentConsumptionMonth, a few hundred rows); others from the ledger. One query."""
    today = timezone.localdate()
    if periods and all(_whole_months(start, end, today) for start, end in periods):
        rows = DepartmentConsumptionMonth.objects.all()
        if department is not None:
            rows = rows.filter(department__path__startswith=department.path)
        aggregates = {
            f"cost_{i}": Sum("cost", filter=Q(month__gte=start, month__lte=end))
            for i, (start, end) in enumerate(periods)
        }
        totals = rows.order_by().aggregate(**aggregates)
        return [{"cost": (totals[f"cost_{i}"] or Decimal(0)).quantize(Decimal("0.0001"))} for i in range(len(periods))]
    return consumption_by_period_from_ledger(department, periods)


def _whole_months(start: dt.date, end: dt.date, today: dt.date) -> bool:
    """The period is whole calendar months, or ends today or later (nothing is written after now)."""
    return start.day == 1 and start <= end and (end >= today or (end + dt.timedelta(days=1)).day == 1)


def consumption_by_period_from_ledger(department, periods) -> list[dict]:
    """`consumption_by_period` read from the ledger: any periods. One query."""
    rows = StockMovement.objects.filter(kind__in=("issue", "return"))
    if department is not None:
        rows = rows.filter(department__path__startswith=department.path)
    value = _movement_value()
    aggregates = {
        f"cost_{i}": Sum(
            value,
            filter=Q(
                created_at__gte=_local_midnight(start), created_at__lt=_local_midnight(end + dt.timedelta(days=1))
            ),
        )
        for i, (start, end) in enumerate(periods)
    }
    totals = rows.order_by().aggregate(**aggregates) if aggregates else {}
    return [{"cost": -(totals[f"cost_{i}"] or Decimal(0))} for i in range(len(periods))]


def stock_outs(department, start: dt.date, end: dt.date) -> int:
    """Store-item pairs with a reorder point that held no stock at the period's end."""
    rows = StockMovement.objects.filter(
        created_at__lt=_local_midnight(end + dt.timedelta(days=1)), item__reorder_point__gt=0
    )
    if department is not None:
        rows = rows.filter(store__department__path__startswith=department.path)
    return rows.values("store_id", "item_id").annotate(total=Sum("quantity")).filter(total__lte=0).count()


# Recall, consumption and the controlled-drug register


def recall_holdings(user, lot) -> QuerySet:
    """Every store the user may see that holds the lot, with quantity and value."""
    return balances(user, lot=str(lot.pk))


def recall_issues(user, lot) -> list[dict]:
    """Every department the lot was issued to from a store the user may see: quantity net
    of returns, first and last date. One grouped query."""
    rows = (
        StockMovement.objects.visible_to(user)
        .filter(lot=lot, kind__in=("issue", "return"), department__isnull=False)
        .values("department_id", "department__name", "store__name")
        .annotate(quantity=-Sum("quantity"), first=Min("created_at"), last=Max("created_at"))
        .order_by("department__name", "store__name")
    )
    return [row for row in rows if row["quantity"]]


def consumption_by_department_month(user, *, months: list) -> dict:
    """Cost issued (net of returns) per department the user may see and month, from the
    department summary (inventory.summaries): one grouped query over a few hundred rows.
    `months` are (start, end) calendar months, oldest first; the current one up to today."""
    firsts = [period[0] for period in months]
    rows = (
        DepartmentConsumptionMonth.objects.filter(month__in=firsts)
        .filter(access.consumption_scope(user))
        .values("department_id", "department__name", "month")
        .annotate(total=Sum("cost"))
        .order_by("department__name")
    )
    table: dict = {}
    for row in rows:
        entry = table.setdefault(
            row["department_id"],
            {"department": row["department__name"], "cost": [Decimal(0)] * len(firsts), "total": Decimal(0)},
        )
        cost = (row["total"] or Decimal(0)).quantize(Decimal("0.01"))
        entry["cost"][firsts.index(row["month"])] += cost
        entry["total"] += cost
    return dict(sorted(table.items(), key=lambda kv: kv[1]["department"]))


def issued_cost_by_department_category_month(start: dt.date, end: dt.date) -> list[dict]:
    """Cost of stock issued to each department (net of returns) per item category and month,
    from start's month to end's month, whoever asks: what `performance` collects as each
    department's drugs and consumables. One grouped query; rows with a zero total left out."""
    rows = (
        StockMovement.objects.filter(
            kind__in=("issue", "return"),
            department__isnull=False,
            created_at__gte=_local_midnight(start.replace(day=1)),
            created_at__lt=_local_midnight(end + dt.timedelta(days=1)),
        )
        .annotate(month=TruncMonth("created_at"))
        .values("department_id", "item__category", "month")
        .annotate(cost=Sum(_movement_value()))
        .order_by("month", "department_id", "item__category")
    )
    return [
        {
            "department_id": row["department_id"],
            "category": row["item__category"],
            "month": row["month"].date() if isinstance(row["month"], dt.datetime) else row["month"],
            "cost": -row["cost"],
        }
        for row in rows
        if row["cost"]
    ]


def department_cost_by_store_kind_month(start: dt.date, end: dt.date) -> list[dict]:
    """Cost charged to each department (issues net of returns) per kind of issuing store and
    month, from start's month to end's month, whoever asks — read from the department
    summary (inventory.summaries), so it equals `issued_cost_by_department_category_month`
    summed per department and month. One grouped query; zero totals left out."""
    rows = (
        DepartmentConsumptionMonth.objects.filter(month__gte=start.replace(day=1), month__lte=end)
        .values("department_id", "store__kind", "month")
        .annotate(total=Sum("cost"))
        .order_by("month", "department_id", "store__kind")
    )
    return [
        {"department_id": r["department_id"], "store_kind": r["store__kind"], "month": r["month"], "cost": r["total"]}
        for r in rows
        if r["total"]
    ]


def controlled_register(store) -> QuerySet:
    """The store's movements of controlled substances, oldest first, with the lot's
    running balance after each (a window over the ledger)."""
    return (
        StockMovement.objects.filter(store=store, item__is_controlled=True)
        .select_related("item", "lot", "department", "user", "second_signatory")
        .annotate(
            running=Window(Sum("quantity"), partition_by=[F("lot_id")], order_by=[F("created_at").asc(), F("id").asc()])
        )
        .order_by("created_at", "id")
    )


# Planning: purchase suggestions and expiry risk (arithmetic in inventory.planning)


def issue_rates(*, store_ids=None, item_ids=None, today: dt.date | None = None) -> dict:
    """(store, item) → units issued to departments per day over the rate window
    (planning.rate_window: the three calendar months before this one and this month to
    date), issues net of their reversals; transfers and write-offs are not consumption.
    One grouped query over the monthly consumption summary."""
    today = today or timezone.localdate()
    first, days = planning.rate_window(today)
    rows = ConsumptionMonth.objects.filter(month__gte=first)
    if store_ids is not None:
        rows = rows.filter(store_id__in=store_ids)
    if item_ids is not None:
        rows = rows.filter(item_id__in=item_ids)
    totals = rows.values("store_id", "item_id").annotate(issued=Sum("issued")).order_by()
    return {(r["store_id"], r["item_id"]): planning.daily_rate(r["issued"], days) for r in totals}


def usable_on_hand(*, today: dt.date, store_ids=None, item_ids=None) -> dict:
    """(store, item) → units on hand in lots that may be issued today: the stock-on-hand
    summary less the stock in expired or quarantined lots (a small, indexed share).
    Two grouped queries."""
    held = StockOnHand.objects.filter(quantity__gt=0)
    # not usable = quarantined or expired: two indexed conditions on the lot
    unusable = StockBalance.objects.filter(quantity__gt=0).filter(Q(lot__quarantined=True) | Q(lot__expiry__lt=today))
    if store_ids is not None:
        held, unusable = held.filter(store_id__in=store_ids), unusable.filter(store_id__in=store_ids)
    if item_ids is not None:
        held, unusable = held.filter(item_id__in=item_ids), unusable.filter(item_id__in=item_ids)
    totals = {(store, item): quantity for store, item, quantity in held.values_list("store_id", "item_id", "quantity")}
    for row in unusable.values("store_id", "item_id").annotate(total=Sum("quantity")).order_by():
        key = (row["store_id"], row["item_id"])
        totals[key] = totals.get(key, 0) - row["total"]
    return {key: quantity for key, quantity in totals.items() if quantity > 0}


def on_order(store_id: int) -> dict:
    """item → base units ordered for the store and not yet received. One query."""
    rows = (
        PurchaseOrderLine.objects.filter(order__store_id=store_id, order__status__in=OPEN_ORDER_STATUSES)
        .values("item_id")
        .annotate(ordered=Sum(F("packs") * F("item__pack_size")), received=Sum("received_quantity"))
        .order_by()
    )
    return {r["item_id"]: max(0, (r["ordered"] or 0) - (r["received"] or 0)) for r in rows}


def last_suppliers(item_ids) -> dict:
    """item → the supplier of its latest receipt (where the next order goes). One query."""
    rows = (
        ReceiptLine.objects.filter(item_id__in=item_ids, receipt__supplier__isnull=False)
        .order_by("item_id", "-receipt__received_at", "-id")
        .values_list("item_id", "receipt__supplier_id", "receipt__supplier__name")
    )
    found = {}
    for item_id, supplier_id, name in rows.iterator(chunk_size=5000):
        found.setdefault(item_id, (supplier_id, name))
    return found


def newest_costs(item_ids) -> dict:
    """item → the unit cost of its newest lot (what the next order is priced at). One query
    (rows oldest first: the last one wins); call it for the few items being ordered."""
    return dict(
        Lot.objects.filter(item_id__in=item_ids)
        .order_by("item_id", "created_at", "id")
        .values_list("item_id", "unit_cost")
    )


def purchase_suggestions(store, *, horizon_days: int, cap: Decimal | None, today: dt.date | None = None) -> list[dict]:
    """Per item the store holds or uses: what to order now (inventory.planning.suggest),
    most urgent first (fewest days of cover), marked if over the spend cap. Rates and
    stock on hand come from the summaries; items are read as plain values, and costs,
    suppliers and the items themselves only for the items to order. Eight queries."""
    today = today or timezone.localdate()
    rates = {item: rate for (_s, item), rate in issue_rates(store_ids=[store.pk], today=today).items()}
    held = {item: quantity for (_s, item), quantity in usable_on_hand(today=today, store_ids=[store.pk]).items()}
    ordered = on_order(store.pk)
    first, _days = planning.rate_window(today)
    candidates = Item.objects.filter(is_active=True).filter(
        Q(pk__in=StockOnHand.objects.filter(store=store, quantity__gt=0).values("item_id"))
        | Q(pk__in=ConsumptionMonth.objects.filter(store=store, month__gte=first).values("item_id"))
    )
    wanted = {}  # item id → rate, for the items to order
    for pk, lead_time_days, safety_stock, pack_size in candidates.values_list(
        "pk", "lead_time_days", "safety_stock", "pack_size"
    ).iterator(chunk_size=5000):
        rate = rates.get(pk, Decimal(0))
        needed = planning.suggest(
            rate=rate,
            lead_time_days=lead_time_days,
            horizon_days=horizon_days,
            safety_stock=safety_stock,
            on_hand=held.get(pk, 0),
            on_order=ordered.get(pk, 0),
            pack_size=pack_size,
            unit_cost=Decimal(0),
        )
        if needed.packs:
            wanted[pk] = rate
    costs = newest_costs(list(wanted))
    suppliers = last_suppliers(list(wanted))
    lines = []
    for item in Item.objects.filter(pk__in=list(wanted)):
        rate = wanted[item.pk]
        on_hand = held.get(item.pk, 0)
        suggestion = planning.suggest(
            rate=rate,
            lead_time_days=item.lead_time_days,
            horizon_days=horizon_days,
            safety_stock=item.safety_stock,
            on_hand=on_hand,
            on_order=ordered.get(item.pk, 0),
            pack_size=item.pack_size,
            unit_cost=costs.get(item.pk, Decimal(0)),
        )
        cover = (Decimal(on_hand) / rate).quantize(Decimal("0.1")) if rate else None
        lines.append(
            {
                "item": item,
                "rate": rate.quantize(Decimal("0.01")),
                "on_hand": on_hand,
                "on_order": ordered.get(item.pk, 0),
                "cover": cover,
                "suggestion": suggestion,
                "supplier": suppliers.get(item.pk),
            }
        )
    lines.sort(key=lambda line: (line["cover"] if line["cover"] is not None else Decimal(10**9), line["item"].name))
    for line, fits in zip(lines, planning.within_cap([line["suggestion"].cost for line in lines], cap), strict=True):
        line["within_cap"] = fits
    return lines


RISK_HORIZON_DAYS = 180
RISK_STORED_DAYS = 365  # the longest horizon the page offers


def compute_expiry_risks(*, today: dt.date, horizon_days: int = RISK_STORED_DAYS) -> list[dict]:
    """Every lot expiring within `horizon_days` that will expire before its store uses it
    at its recent rate, with value at risk and, where one exists, a store that can use it
    in time; most value at risk first. Four queries whatever the number of lots; the lots
    are read as plain values (tens of thousands at a large hospital). What the nightly
    refresh stores (inventory.summaries.refresh_expiry_risks) and the page reads."""
    rows = (
        StockBalance.objects.filter(quantity__gt=0)
        .filter(usable_lots_q(today, "lot__"), lot__expiry__isnull=False)
        .filter(lot__expiry__lte=today + dt.timedelta(days=horizon_days))
        .order_by("store_id", "item_id", "lot__expiry", "lot_id")
        .values_list("pk", "store_id", "item_id", "lot_id", "quantity", "lot__expiry", "lot__unit_cost")
    )
    by_pair: dict = {}
    for pk, store_id, item_id, lot_id, quantity, expiry, unit_cost in rows.iterator(chunk_size=5000):
        by_pair.setdefault((store_id, item_id), []).append(
            planning.LotPosition((pk, store_id, item_id, lot_id, expiry), quantity, (expiry - today).days, unit_cost)
        )
    # a long list of items costs more to send than the whole (small) summaries cost to read
    item_ids = {item_id for _store, item_id in by_pair} if len(by_pair) <= 500 else None
    rates = issue_rates(item_ids=item_ids, today=today)
    users_of: dict = {}  # item → [(store, rate)]: the stores that consume it
    for (store_id, item_id), rate in rates.items():
        users_of.setdefault(item_id, []).append((store_id, rate))
    held = usable_on_hand(today=today, item_ids=item_ids)
    found = []
    for (store_id, item_id), positions in by_pair.items():
        for risk in planning.expiry_risk(positions, rates.get((store_id, item_id), Decimal(0))):
            candidates = {
                other: planning.spare_capacity(
                    rate=rate, days_left=risk.days_left, on_hand=held.get((other, item_id), 0)
                )
                for other, rate in users_of.get(item_id, ())
                if other != store_id
            }
            target, quantity = planning.best_transfer(risk, candidates)
            found.append({"risk": risk, "transfer_to": target, "transfer_quantity": quantity})
    found.sort(key=lambda f: (-f["risk"].value_at_risk, f["risk"].days_left))
    return found


def expiry_risks(user, run, *, store: str = "", horizon_days: int = RISK_HORIZON_DAYS) -> QuerySet:
    """The stored expiry risks of `run` (inventory.services.fresh_expiry_risks) in the
    stores the user may see, expiring within `horizon_days`, most value at risk first."""
    today = run.computed_on
    rows = ExpiryRisk.objects.filter(access.store_scope(user, field="store")).filter(
        computed_on=today, expiry__lte=today + dt.timedelta(days=horizon_days)
    )
    if store:
        rows = rows.filter(store_id=store) if store.isdigit() else rows.none()
    rows = rows.select_related("store", "item", "lot", "balance", "transfer_to").order_by(
        "-value_at_risk", "expiry", "pk"
    )
    return rows


def lot_serials(user, lot) -> QuerySet:
    """The serial numbers of a lot of a high-value item that went through a store the user
    may see (`store` is where it is, or the last store it left): status and department."""
    return (
        SerialNumber.objects.filter(lot=lot)
        .filter(access.store_scope(user, field="store"))
        .select_related("store", "department")
        .order_by("serial")
    )


def serials(user, *, item: str = "", lot: str = "", store: str = "", status: str = "") -> QuerySet:
    """Serial numbers in the stores the user may see, filtered like the API asks."""
    rows = SerialNumber.objects.filter(access.store_scope(user, field="store")).select_related(
        "item", "lot", "store", "department"
    )
    for name, value in (("item_id", item), ("lot_id", lot), ("store_id", store)):
        if value:
            rows = rows.filter(**{name: value}) if value.isdigit() else rows.none()
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("item_id", "serial")


# --- The department cockpit (performance reads these) -----------------------------


def department_expiring_lots(user, department, *, today: dt.date | None = None) -> QuerySet:
    """`expiring(user, days="90")` narrowed to the stores of `department` and its
    sub-departments: the expiry report's rows for the 90-day band, soonest first.

    The department's (few) stores are read first, so that the database starts from those
    stores' balances instead of every lot of the hospital expiring in the band."""
    stores = list(Store.objects.filter(department__path__startswith=department.path).values_list("pk", flat=True))
    return expiring(user, days="90", today=today).filter(store_id__in=stores)
