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
from inventory import access, gs1
from inventory.models import Item, StockBalance, StockMovement, Store

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
    return rows.order_by("store__name", "item__name", F("lot__expiry").asc(nulls_last=True), "lot_id")


def total_value(rows: QuerySet) -> Decimal:
    return rows.aggregate(total=Coalesce(Sum(value_expression()), Decimal(0), output_field=MONEY))["total"]


def expiring(user, *, days: str = "90", store: str = "", today: dt.date | None = None) -> QuerySet:
    """Stock expiring within `days` (30, 60 or 90) from today, or already expired."""
    today = today or timezone.localdate()
    rows = balances(user, store=store)
    if days == EXPIRED:
        return rows.filter(lot__expiry__lt=today)
    horizon = int(days) if str(days).isdigit() and int(days) in EXPIRY_BANDS else EXPIRY_BANDS[-1]
    return rows.filter(lot__expiry__gte=today, lot__expiry__lte=today + dt.timedelta(days=horizon)).order_by(
        "lot__expiry", "store__name", "item__name", "lot_id"
    )


def expiry_band_counts(user, *, store: str = "", today: dt.date | None = None) -> dict:
    """Rows and value per band (within 30, 60, 90 days; expired): one query."""
    today = today or timezone.localdate()
    rows = balances(user, store=store)
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
    period: what `performance` reads as consumption cost. One query."""
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
    """Cost and quantity issued (net of returns) per department the user may see and month.
    One grouped query; `months` are (start, end) periods, oldest first."""
    start = _local_midnight(months[0][0])
    end = _local_midnight(months[-1][1] + dt.timedelta(days=1))
    rows = (
        StockMovement.objects.filter(kind__in=("issue", "return"), created_at__gte=start, created_at__lt=end)
        .filter(access.consumption_scope(user))
        .annotate(month=TruncMonth("created_at"))
        .values("department_id", "department__name", "month")
        .annotate(cost=Sum(_movement_value()), quantity=Sum("quantity"))
        .order_by("department__name")
    )
    firsts = [period[0] for period in months]
    table: dict = {}
    for row in rows:
        entry = table.setdefault(
            row["department_id"],
            {"department": row["department__name"], "cost": [Decimal(0)] * len(firsts), "total": Decimal(0)},
        )
        month = row["month"].date() if isinstance(row["month"], dt.datetime) else row["month"]
        if month in firsts:
            cost = -(row["cost"] or Decimal(0))
            entry["cost"][firsts.index(month)] += cost
            entry["total"] += cost
    return dict(sorted(table.items(), key=lambda kv: kv[1]["department"]))


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
