"""Reads of the equipment app for pages, API, exports and metrics.

Every list starts from a `visible_to(user)` QuerySet; the KPIs read grouped rows
(one query per fact over the periods asked for) and do the arithmetic in
`equipment.reliability`.
"""

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

from django.conf import settings
from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.utils import timezone

from equipment import access, reliability, summaries
from equipment.models import (
    ACTIVE_WORK_STATUSES,
    IN_USE_STATUSES,
    Category,
    DepreciationMonth,
    Equipment,
    EquipmentStatus,
    FailureRiskRank,
    MaintenancePlan,
    Outcome,
    RiskClass,
    StatusChange,
    StatusMonth,
    WorkMonth,
    WorkOrder,
    WorkOrderKind,
    WorkOrderStatus,
)
from equipment.models.work import priority_rank
from hospital.models import Department, User
from hospital.periods import Period, month_periods, month_start
from hospital.roles import Role
from hospital.sorting import Sorting
from hospital.summaries import disjoint, split_months

# urgent first, then high, normal, low
PRIORITY_ORDER = priority_rank()


def due_soon_days() -> int:
    """How many days ahead "due soon" looks (setting EQUIPMENT_DUE_SOON_DAYS)."""
    return settings.EQUIPMENT_DUE_SOON_DAYS


def engineers_on_duty() -> QuerySet:
    """Active biomedical engineers: the app keeps no duty roster, so every engineer is on duty."""
    return User.objects.filter(is_active=True, groups__name=Role.BIOMEDICAL_ENGINEER).distinct().order_by("pk")


# The register


@dataclass(frozen=True)
class RegisterFilters:
    """The register's filters, shared by the page, the API and the export."""

    q: str = ""
    department: Department | None = None
    category: str = ""
    status: str = ""
    risk: str = ""
    due: str = ""  # "soon" or "overdue"

    @classmethod
    def from_params(cls, params) -> "RegisterFilters":
        department = None
        raw = params.get("department", "")
        if raw and str(raw).isdigit():
            department = Department.objects.filter(pk=raw).first()
        category = params.get("category", "")
        status = params.get("status", "")
        risk = params.get("risk", "")
        due = params.get("due", "")
        return cls(
            q=str(params.get("q", ""))[:80],
            department=department,
            category=category if category in Category.values else "",
            status=status if status in EquipmentStatus.values else "",
            risk=risk if risk in RiskClass.values else "",
            due=due if due in ("soon", "overdue") else "",
        )


def next_due_subquery():
    plans = MaintenancePlan.objects.filter(equipment=OuterRef("pk"), is_active=True).order_by("next_due")
    return Subquery(plans.values("next_due")[:1])


# The register's columns a page (?sort=) and its export may be sorted by; the asset tag by default.
REGISTER_COLUMNS = {
    "tag": ("asset_tag",),
    "name": ("name", "asset_tag"),
    "category": ("category", "asset_tag"),
    "department": ("department__name", "asset_tag"),
    "risk": ("risk_class", "asset_tag"),
    "status": ("status", "asset_tag"),
    "due": ("next_due", "asset_tag"),
}
REGISTER_SORTING = Sorting(REGISTER_COLUMNS, default="tag")
# Sorting by cost would tell the order of costs to those who may not see them.
REGISTER_SORTING_WITH_COSTS = Sorting({**REGISTER_COLUMNS, "cost": ("purchase_cost", "asset_tag")}, default="tag")


def register_sorting(*, with_costs: bool) -> Sorting:
    return REGISTER_SORTING_WITH_COSTS if with_costs else REGISTER_SORTING


def register(user, filters: RegisterFilters) -> QuerySet:
    """The devices the user may see, filtered in SQL, with their next due date."""
    qs = (
        Equipment.objects.visible_to(user)
        .select_related("department")
        .annotate(next_due=next_due_subquery())
        .search(filters.q)
        .in_department(filters.department)
    )
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.risk:
        qs = qs.filter(risk_class=filters.risk)
    # "Due" filters read the plans once (a semi-join), not each device's next due date:
    # the earliest date is overdue iff some plan is; due soon iff some plan is and none is overdue.
    today = timezone.localdate()
    active = MaintenancePlan.objects.filter(is_active=True)
    overdue = active.filter(next_due__lt=today).values("equipment_id")
    if filters.due == "overdue":
        qs = qs.filter(pk__in=overdue)
    elif filters.due == "soon":
        soon = active.filter(next_due__gte=today, next_due__lte=today + dt.timedelta(days=due_soon_days()))
        qs = qs.filter(pk__in=soon.values("equipment_id")).exclude(pk__in=overdue)
    return qs.order_by("asset_tag")


def device_page(user, asset_tag: str) -> Equipment:
    """One visible device (Equipment.DoesNotExist otherwise)."""
    return Equipment.objects.visible_to(user).select_related("department").get(asset_tag=asset_tag)


@dataclass
class TimelineEntry:
    at: dt.datetime
    kind: str  # "status" or "work_order"
    change: StatusChange | None = None
    order: WorkOrder | None = None
    duration: dt.timedelta | None = None  # how long the status lasted (downtime when down)

    @property
    def is_downtime(self) -> bool:
        return self.change is not None and self.change.to_status in (
            EquipmentStatus.UNDER_REPAIR,
            EquipmentStatus.OUT_OF_SERVICE,
        )


TIMELINE_LIMIT = 100


def device_timeline(equipment: Equipment) -> list[TimelineEntry]:
    """Status changes (with how long each status lasted) and work orders, newest first.

    Two queries whatever the device's history; the last TIMELINE_LIMIT of each.
    """
    changes = list(
        StatusChange.objects.filter(equipment=equipment).select_related("by").order_by("-at", "-id")[:TIMELINE_LIMIT]
    )
    orders = list(
        WorkOrder.objects.filter(equipment=equipment)
        .select_related("engineer", "reported_by")
        .order_by("-reported_at", "-id")[:TIMELINE_LIMIT]
    )
    entries = []
    until = timezone.now()
    for change in changes:  # newest first: each lasted until the one after it
        entries.append(TimelineEntry(at=change.at, kind="status", change=change, duration=until - change.at))
        until = change.at
    entries += [TimelineEntry(at=order.reported_at, kind="work_order", order=order) for order in orders]
    return sorted(entries, key=lambda e: e.at, reverse=True)


# Maintenance


def plans_due(user, *, start: dt.date, end: dt.date) -> QuerySet:
    """Active plans due between start and end (the calendar), earliest first."""
    return (
        MaintenancePlan.objects.visible_to(user)
        .active()
        .filter(next_due__gte=start, next_due__lte=end, equipment__status__in=IN_USE_STATUSES)
        .select_related("equipment", "equipment__department", "engineer")
        .order_by("next_due", "equipment__asset_tag")
    )


def plans_overdue(user, *, today: dt.date | None = None) -> QuerySet:
    today = today or timezone.localdate()
    return (
        MaintenancePlan.objects.visible_to(user)
        .overdue(today)
        .exclude(equipment__status=EquipmentStatus.RETIRED)
        .select_related("equipment", "equipment__department", "engineer")
        .order_by("next_due", "equipment__asset_tag")
    )


def board_columns(user, *, per_column: int = 50) -> list[dict]:
    """The work-order board: active orders by status, most urgent and oldest first.

    One query per column (its first `per_column` cards, an index range of
    work_order_board_urgency; see `board_column`) and one for the counts: fixed whatever
    the number of orders."""
    counts = board_counts(user)
    return [
        {
            "status": status,
            "label": WorkOrderStatus(status).label,
            "orders": list(board_column(user, status)[:per_column]),
            "count": counts.get(status, 0),
        }
        for status in BOARD_STATUSES
    ]


# KPIs


def _bounds(period: Period, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """A period of local dates as aware datetimes: from its first midnight to the one after
    its last day (or now, for a period that ends today)."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(period[0], dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(period[1] + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, min(end, now)


def _devices(department: Department | None) -> QuerySet:
    return Equipment.objects.in_department(department)


def status_histories(
    devices: QuerySet, until: dt.datetime, *, since: dt.datetime | None = None
) -> dict[int, list[tuple[dt.datetime, str]]]:
    """Each device's status changes up to `until`, in time order. With `since`, only the
    changes after it, led by the status each device had at `since` (so a year of KPIs does
    not read every device's commissioning). One query, two with `since`."""
    histories: dict[int, list] = defaultdict(list)
    rows = StatusChange.objects.filter(equipment__in=devices.values("pk"), at__lte=until)
    if since is not None:
        before = StatusChange.objects.filter(equipment=OuterRef("pk"), at__lte=since).order_by("-at", "-id")
        at_since = devices.annotate(at_since=Subquery(before.values("to_status")[:1])).filter(at_since__isnull=False)
        for pk, status in at_since.values_list("pk", "at_since").iterator(chunk_size=5000):
            histories[pk].append((since, status))
        rows = rows.filter(at__gt=since)
    rows = rows.order_by("equipment_id", "at", "id").values_list("equipment_id", "at", "to_status")
    for equipment_id, at, status in rows.iterator(chunk_size=5000):
        histories[equipment_id].append((at, status))
    return histories


def status_rows_by_period(department: Department | None, periods: Sequence[Period]) -> list[dict]:
    """Per period: devices in use and in service at its end (the intact rate), time in use and
    downtime within it (availability, MTBF's operating time), faults reported.

    Periods of whole months (a month up to today counts as whole) read the summaries: two
    queries over at most departments × months × statuses rows. Other periods read the raw
    status history (`status_rows_from_history`)."""
    if periods and _whole_months(periods):
        return _status_rows_from_summaries(department, periods)
    return status_rows_from_history(department, periods)


def status_rows_from_history(department: Department | None, periods: Sequence[Period]) -> list[dict]:
    """Per period: devices in use and in service at its end (the intact rate), and time in
    use and downtime within it (availability, MTBF's operating time). Two queries."""
    if not periods:
        return []
    now = timezone.now()
    bounds = [_bounds(p, now) for p in periods]
    histories = status_histories(_devices(department), max(end for _s, end in bounds), since=bounds[0][0])
    failures = failures_by_period(department, periods)
    in_use, good = [0] * len(bounds), [0] * len(bounds)
    usages: list[list[reliability.Usage]] = [[] for _b in bounds]
    for history in histories.values():
        for i, (usage, at_end) in enumerate(reliability.usage_by_period(history, bounds)):
            usages[i].append(usage)
            if at_end in IN_USE_STATUSES:
                in_use[i] += 1
                good[i] += at_end == EquipmentStatus.IN_SERVICE
    rows = []
    for i, failed in enumerate(failures):
        operating = sum((u.up for u in usages[i]), dt.timedelta())
        rows.append(
            {
                "in_use": in_use[i],
                "good": good[i],
                "intact_rate": reliability.intact_rate(good[i], in_use[i]),
                "availability": reliability.availability(usages[i]),
                "downtime_hours": reliability.hours(sum((u.down for u in usages[i]), dt.timedelta())),
                "failures": failed,
                "mtbf_hours": reliability.mtbf_hours(operating, failed),
            }
        )
    return rows


def failures_by_period(department: Department | None, periods: Sequence[Period]) -> list[int]:
    """Faults reported (corrective orders, cancelled ones excluded) per period: one query."""
    qs = WorkOrder.objects.corrective().exclude(status=WorkOrderStatus.CANCELLED)
    if department is not None:
        qs = qs.filter(equipment__department__path__startswith=department.path)
    now = timezone.now()
    aggregates = {}
    for i, period in enumerate(periods):
        start, end = _bounds(period, now)
        aggregates[f"p{i}"] = Count("id", filter=Q(reported_at__gte=start, reported_at__lt=end))
    row = qs.aggregate(**aggregates)
    return [row[f"p{i}"] for i in range(len(periods))]


def work_rows_by_period(department: Department | None, periods: Sequence[Period]) -> list[dict]:
    """Per period: PM completion on time (all and high-risk), mean response time and MTTR of
    repairs, maintenance cost. Periods of whole months read the summaries (two queries);
    others the raw work orders (`work_rows_from_orders`)."""
    if periods and _whole_months(periods):
        return _work_rows_from_summaries(department, periods)
    return work_rows_from_orders(department, periods)


def work_rows_from_orders(department: Department | None, periods: Sequence[Period]) -> list[dict]:
    """Per period: PM completion on time (all and high-risk), mean response time and MTTR of
    repairs, maintenance cost. Reads the orders of the periods once."""
    if not periods:
        return []
    now = timezone.now()
    today = timezone.localdate()
    first, last = _bounds(periods[0], now)[0], _bounds(periods[-1], now)[1]
    orders = WorkOrder.objects.exclude(status=WorkOrderStatus.CANCELLED)
    if department is not None:
        orders = orders.filter(equipment__department__path__startswith=department.path)
    # Local dates and durations come from the database: converting hundreds of thousands of
    # aware datetimes in Python is what made this slow at 15,000 devices.
    tz = timezone.get_current_timezone()
    planned = orders.planned().filter(due_date__gte=periods[0][0], due_date__lte=periods[-1][1])
    planned = planned.values_list(
        "due_date", TruncDate("completed_at", tzinfo=tz), "equipment__risk_class", "equipment__is_life_support"
    )
    repairs = (
        orders.corrective()
        .filter(Q(reported_at__gte=first, reported_at__lt=last) | Q(completed_at__gte=first, completed_at__lt=last))
        .values_list(
            TruncDate("reported_at", tzinfo=tz),
            ExpressionWrapper(F("responded_at") - F("reported_at"), output_field=DurationField()),
            TruncDate("completed_at", tzinfo=tz),
            ExpressionWrapper(F("completed_at") - F("started_at"), output_field=DurationField()),
            "outcome",
        )
    )
    costs = orders.filter(completed_at__gte=first, completed_at__lt=last).values_list(
        TruncDate("completed_at", tzinfo=tz), "parts_cost", "vendor_cost"
    )
    days = _Buckets([p[0] for p in periods], [p[1] + dt.timedelta(days=1) for p in periods])
    due: list[list] = [[] for _p in periods]
    for due_date, done, risk, life in planned.iterator(chunk_size=5000):
        i = days.index(due_date)
        # due in the period, and either done or past its due date (a check due later today is not late yet)
        if i is not None and (done is not None or due_date < today):
            due[i].append((due_date, done, risk == RiskClass.HIGH or life))
    responses: list[list] = [[] for _p in periods]
    durations: list[list] = [[] for _p in periods]
    for reported_on, response, completed_on, repair, outcome in repairs.iterator(chunk_size=5000):
        i = days.index(reported_on)
        if response is not None and i is not None:
            responses[i].append(response)
        i = days.index(completed_on) if completed_on else None
        if repair is not None and outcome == Outcome.REPAIRED and i is not None:
            durations[i].append(repair)
    spent = [Decimal("0.00") for _p in periods]
    for completed_on, parts, vendor in costs.iterator(chunk_size=5000):
        i = days.index(completed_on)
        if i is not None:
            spent[i] += parts + vendor
    return [
        {
            "pm_on_time": reliability.pm_on_time((d, c) for d, c, _h in due[i]),
            "pm_on_time_high_risk": reliability.pm_on_time((d, c) for d, c, high in due[i] if high),
            "pm_due": len(due[i]),
            "mean_response_hours": reliability.mean_hours(responses[i]),
            "mttr_hours": reliability.mean_hours(durations[i]),
            "maintenance_cost": spent[i],
        }
        for i in range(len(periods))
    ]


class _Buckets:
    """Which of several periods in time order [start, end) a value falls in (None: none)."""

    def __init__(self, starts: list, ends: list):
        self.starts, self.ends = starts, ends

    def index(self, value) -> int | None:
        i = bisect_right(self.starts, value) - 1
        return i if i >= 0 and value < self.ends[i] else None


DEPRECIATION_FIELDS = (
    "department_id",
    "purchase_cost",
    "salvage_value",
    "useful_life_years",
    "commissioned_on",
    "retired_on",
)


def _monthly_charges(devices: QuerySet, months: Sequence[dt.date]):
    """(department id, month, charge) of each commissioned device in each month it is charged: one query."""
    rows = devices.filter(commissioned_on__isnull=False).values_list(*DEPRECIATION_FIELDS)
    for department_id, cost, salvage, life, commissioned, retired in rows.iterator(chunk_size=5000):
        charged = reliability.depreciation_months(commissioned_on=commissioned, life_years=life, retired_on=retired)
        if charged is None:
            continue
        charge = reliability.monthly_depreciation(cost=cost, salvage=salvage, life_years=life)
        for month in months:
            if charged[0] <= month <= charged[1]:
                yield department_id, month, charge


def depreciation_by_period(department: Department | None, periods: Sequence[Period]) -> list[dict]:
    """Straight-line depreciation charged in each period (whole months it touches), from the
    DepreciationMonth flows: one query over at most departments × months rows."""
    months = sorted({month for start, end in periods for month in _months_between(start, end)})
    if not months:
        return [{"depreciation": Decimal("0.00")} for _p in periods]
    changes = (
        DepreciationMonth.objects.filter(_subtree(department), month__lte=months[-1])
        .values_list("month")
        .annotate(change=Sum("change"))
        .order_by("month")
        .values_list("month", "change")
    )
    by_month: dict[dt.date, Decimal] = {}
    charge, flows = Decimal("0.00"), iter(changes)
    pending = next(flows, None)
    for month in months:
        while pending is not None and pending[0] <= month:
            charge += pending[1]
            pending = next(flows, None)
        by_month[month] = charge
    return [
        {"depreciation": sum((by_month[m] for m in _months_between(start, end)), Decimal("0.00"))}
        for start, end in periods
    ]


def depreciation_from_devices(department: Department | None, periods: Sequence[Period]) -> list[dict]:
    """As `depreciation_by_period`, from every device's own data (the tests' yardstick): one query."""
    months = sorted({month for start, end in periods for month in _months_between(start, end)})
    by_month: dict[dt.date, Decimal] = defaultdict(Decimal)
    for _department_id, month, charge in _monthly_charges(_devices(department), months):
        by_month[month] += charge
    return [
        {"depreciation": sum((by_month[m] for m in _months_between(start, end)), Decimal("0.00"))}
        for start, end in periods
    ]


def _months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    months, month = [], month_start(start)
    while month <= end:
        months.append(month)
        month = month_start(month + dt.timedelta(days=32))
    return months


def overdue_maintenance_by_period(department: Department | None, periods: Sequence[Period]) -> list[dict]:
    """Planned checks overdue at each period's end: planned orders due before it and not
    completed by it (cancelled ones aside), plus, for a period ending today, active plans
    past due with no open order. One query per fact."""
    orders = WorkOrder.objects.planned().exclude(status=WorkOrderStatus.CANCELLED)
    plans = MaintenancePlan.objects.active().exclude(equipment__status=EquipmentStatus.RETIRED)
    if department is not None:
        orders = orders.filter(equipment__department__path__startswith=department.path)
        plans = plans.filter(equipment__department__path__startswith=department.path)
    now = timezone.now()
    today = timezone.localdate()
    aggregates = {}
    for i, period in enumerate(periods):
        _start, end = _bounds(period, now)
        aggregates[f"p{i}"] = Count(
            "id", filter=Q(due_date__lt=period[1]) & (Q(completed_at__isnull=True) | Q(completed_at__gte=end))
        )
    counts = orders.aggregate(**aggregates)
    without_order = (
        plans.filter(next_due__lt=today)
        .exclude(
            work_orders__status__in=(
                WorkOrderStatus.OPEN,
                WorkOrderStatus.ASSIGNED,
                WorkOrderStatus.IN_PROGRESS,
                WorkOrderStatus.WAITING_PARTS,
            )
        )
        .count()
    )
    return [
        {"overdue": counts[f"p{i}"] + (without_order if period[1] >= today else 0)} for i, period in enumerate(periods)
    ]


def costs_by_department_and_month(start: dt.date, end: dt.date) -> list[dict]:
    """Maintenance cost (parts and vendor, orders completed in the month) and depreciation of
    each department's own devices per month: what `performance` reads. Two queries."""
    months = _months_between(start, end)
    tz = timezone.get_current_timezone()
    first = dt.datetime.combine(months[0], dt.time.min, tzinfo=tz) if months else None
    totals: dict[tuple[int, dt.date], dict] = defaultdict(
        lambda: {"maintenance_cost": Decimal("0.00"), "depreciation": Decimal("0.00")}
    )
    if not months:
        return []
    done = WorkOrder.objects.filter(
        completed_at__gte=first,
        completed_at__lt=dt.datetime.combine(month_start(months[-1] + dt.timedelta(days=32)), dt.time.min, tzinfo=tz),
    ).values_list("equipment__department_id", "completed_at", "parts_cost", "vendor_cost")
    for department_id, completed_at, parts, vendor in done:
        month = month_start(timezone.localtime(completed_at).date())
        totals[(department_id, month)]["maintenance_cost"] += parts + vendor
    for department_id, month, charge in _monthly_charges(Equipment.objects.all(), months):
        totals[(department_id, month)]["depreciation"] += charge
    return [
        {"department_id": department_id, "month": month, **values}
        for (department_id, month), values in sorted(totals.items(), key=lambda item: (item[0][1], item[0][0]))
    ]


def work_orders_by_department_and_month(start: dt.date, end: dt.date) -> list[dict]:
    """Work orders reported for each department's devices per month (cancelled ones aside):
    the "work orders" driver `performance` allocates the engineering department's cost by.
    One grouped query."""
    tz = timezone.get_current_timezone()
    rows = (
        WorkOrder.objects.exclude(status=WorkOrderStatus.CANCELLED)
        .filter(
            reported_at__gte=dt.datetime.combine(month_start(start), dt.time.min, tzinfo=tz),
            reported_at__lt=dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
        )
        .annotate(month=TruncMonth("reported_at"))
        .values("equipment__department_id", "month")
        .annotate(orders=Count("id"))
        .order_by("month", "equipment__department_id")
    )
    return [
        {
            "department_id": row["equipment__department_id"],
            "month": row["month"].date() if isinstance(row["month"], dt.datetime) else row["month"],
            "work_orders": row["orders"],
        }
        for row in rows
    ]


def intact_by(devices: QuerySet, field: str) -> list[dict]:
    """The intact rate now, grouped by `field` (e.g. "category", "department__name"): one query."""
    rows = (
        devices.in_use()
        .values(field)
        .annotate(in_use=Count("id"), good=Count("id", filter=Q(status=EquipmentStatus.IN_SERVICE)))
        .order_by(field)
    )
    return [
        {
            "key": row[field],
            "in_use": row["in_use"],
            "good": row["good"],
            "rate": reliability.intact_rate(row["good"], row["in_use"]),
        }
        for row in rows
    ]


def kpi_periods(today: dt.date | None = None, months: int = 12) -> list[Period]:
    return month_periods(today or timezone.localdate(), months)


# Failure risk


@dataclass
class RiskRow:
    equipment: Equipment
    risk: reliability.RiskScore
    ranked_score: Decimal | None = None  # the score the stored ranking placed it by


@dataclass(frozen=True)
class RankedDevice:
    pk: int
    score: Decimal


RISK_FIELDS = (
    "pk",
    "commissioned_on",
    "purchase_date",
    "useful_life_years",
    "failures",
    "last_repair",
    "in_service_us",
    "status_since",
    "last_status",
    "earliest_due",
)


def _with_reliability(devices: QuerySet) -> QuerySet:
    """Devices with their reliability summary (equipment.summaries) and earliest due date."""
    return devices.annotate(
        failures=Coalesce(F("reliability__failures"), 0),
        last_repair=F("reliability__last_repair_at"),
        in_service_us=Coalesce(F("reliability__in_service_us"), 0),
        status_since=F("reliability__status_since"),
        last_status=F("reliability__last_status"),
        earliest_due=next_due_subquery(),
    )


def _risk(device, *, today: dt.date, now: dt.datetime, explain: bool, tz=None) -> reliability.RiskScore:
    operating = dt.timedelta(microseconds=device.in_service_us)
    if device.last_status == EquipmentStatus.IN_SERVICE and device.status_since is not None:
        operating += max(now - device.status_since, dt.timedelta())
    since = device.commissioned_on or device.purchase_date or today
    return reliability.failure_risk(
        failures=device.failures,
        operating_hours=reliability.hours(operating),
        age_years=Decimal((today - since).days) / Decimal("365.25"),
        useful_life_years=device.useful_life_years,
        days_overdue=max((today - device.earliest_due).days, 0) if device.earliest_due else 0,
        days_since_last_repair=(today - device.last_repair.astimezone(tz or now.tzinfo).date()).days
        if device.last_repair
        else None,
        explain=explain,
    )


def rank_by_failure_risk(user, *, department: Department | None = None) -> list[RankedDevice]:
    """Devices in use by failure-risk score for the next 30 days, highest first (ties by asset tag).

    One query of plain values whatever the number of devices (no model instances, no
    reasons): the score needs only each device's reliability summary and due date.
    """
    return _rank(Equipment.objects.visible_to(user).in_use().in_department(department))


def _rank(devices: QuerySet) -> list[RankedDevice]:
    today, now = timezone.localdate(), timezone.localtime()
    devices = _with_reliability(devices)
    ranked = []
    for values in devices.values_list(*RISK_FIELDS, "asset_tag").iterator(chunk_size=5000):
        device = SimpleNamespace(**dict(zip(RISK_FIELDS, values, strict=False)))
        ranked.append(
            (values[-1], RankedDevice(pk=device.pk, score=_risk(device, today=today, now=now, explain=False).score))
        )
    ranked.sort(key=lambda pair: (-pair[1].score, pair[0]))
    return [device for _tag, device in ranked]


def risk_rows(ranked: Sequence[RankedDevice]) -> list[RiskRow]:
    """The devices of one page of the ranking, with their scores and reasons: one query."""
    today, now = timezone.localdate(), timezone.localtime()
    devices = _with_reliability(Equipment.objects.filter(pk__in=[d.pk for d in ranked]).select_related("department"))
    by_pk = {device.pk: device for device in devices}
    return [
        RiskRow(equipment=by_pk[d.pk], risk=_risk(by_pk[d.pk], today=today, now=now, explain=True))
        for d in ranked
        if d.pk in by_pk
    ]


def failure_risk_ranking(user, *, department: Department | None = None) -> list[RiskRow]:
    """Every ranked device with its reasons (two queries; the page shows one page of
    `rank_by_failure_risk` through `risk_rows` instead)."""
    return risk_rows(rank_by_failure_risk(user, department=department))


def annotate_costs(devices: QuerySet) -> QuerySet:
    """Each device's maintenance cost to date (parts and vendor of completed orders)."""
    done = WorkOrder.objects.filter(equipment=OuterRef("pk"), status=WorkOrderStatus.COMPLETED).order_by()
    total = done.values("equipment").annotate(total=Sum(F("parts_cost") + F("vendor_cost"))).values("total")
    return devices.annotate(maintenance_cost=Subquery(total))


# KPIs from the summaries (equipment.summaries keeps them; docs/architecture.md, section 6)


def _whole_months(periods: Sequence[Period]) -> dict[dt.date, int] | None:
    """{month: period index} when every period is made of whole months (None otherwise)."""
    if not disjoint(periods):
        return None
    whole, partial = split_months(periods)
    return None if partial else whole


def _subtree(department: Department | None) -> Q:
    return Q() if department is None else Q(department__path__startswith=department.path)


def _status_rows_from_summaries(department: Department | None, periods: Sequence[Period]) -> list[dict]:
    """As `status_rows_from_history`, from StatusMonth and WorkMonth: the devices in each status
    at a month's start are the running sum of the flows before it; time in a status within the
    month is that count × the month's length (up to now) plus the month's weighted flows."""
    whole = _whole_months(periods)
    last = max(whole)
    flows: dict[dt.date, dict[str, tuple[int, int]]] = defaultdict(dict)
    rows = (
        StatusMonth.objects.filter(_subtree(department), month__lte=last)
        .values_list("month", "status")
        .annotate(net=Sum("net"), weighted=Sum("weighted_us"))
        .order_by()
    )
    for month, status, net, weighted in rows:
        flows[month][status] = (net, weighted)
    failures = dict(
        WorkMonth.objects.filter(_subtree(department), month__in=list(whole), kind=WorkOrderKind.CORRECTIVE)
        .values_list("month")
        .annotate(n=Sum("opened"))
        .order_by()
        .values_list("month", "n")
    )
    now = timezone.now()
    count: dict[str, int] = defaultdict(int)  # devices in each status at the month's start
    in_use_us, down_us = [0] * len(periods), [0] * len(periods)
    at_end: list[dict[str, int]] = [{} for _p in periods]
    for month in sorted({*flows, *whole}):
        index = whole.get(month)
        if index is not None:
            start, end = summaries.month_bounds(month)
            until = min(end, now)
            for status in {*count, *flows[month]}:
                net, weighted = flows[month].get(status, (0, 0))
                spent = 0
                if until > start:
                    length = summaries.microseconds(until - start)
                    spent = count[status] * length + weighted - net * summaries.microseconds(end - until)
                if status in reliability.IN_USE:
                    in_use_us[index] += spent
                if status in reliability.DOWN:
                    down_us[index] += spent
        for status, (net, _weighted) in flows[month].items():
            count[status] += net
        if index is not None:
            at_end[index] = dict(count)  # the last month of a period wins: months come in order
    result = []
    for i in range(len(periods)):
        in_use = sum(n for status, n in at_end[i].items() if status in reliability.IN_USE)
        good = at_end[i].get(EquipmentStatus.IN_SERVICE, 0)
        usage = reliability.Usage(
            in_use=dt.timedelta(microseconds=in_use_us[i]), down=dt.timedelta(microseconds=down_us[i])
        )
        failed = sum(failures.get(month, 0) for month, index in whole.items() if index == i)
        result.append(
            {
                "in_use": in_use,
                "good": good,
                "intact_rate": reliability.intact_rate(good, in_use),
                "availability": reliability.availability([usage]),
                "downtime_hours": reliability.hours(usage.down),
                "failures": failed,
                "mtbf_hours": reliability.mtbf_hours(usage.up, failed),
            }
        )
    return result


def _work_rows_from_summaries(department: Department | None, periods: Sequence[Period]) -> list[dict]:
    """As `work_rows_from_orders`, from WorkMonth: one grouped query, and one over the planned
    checks not yet due (due today or later and not done: not counted as due yet)."""
    whole = _whole_months(periods)
    sums: list[dict] = [defaultdict(int) for _p in periods]
    rows = (
        WorkMonth.objects.filter(_subtree(department), month__in=list(whole))
        .values_list("month", "high_risk")
        .annotate(
            pm_due=Sum("pm_due"),
            pm_on_time=Sum("pm_on_time"),
            responses=Sum("responses"),
            response_us=Sum("response_us"),
            repairs=Sum("repairs"),
            repair_us=Sum("repair_us"),
            cost=Sum("cost"),
        )
        .order_by()
    )
    for month, high, pm_due, pm_on_time, responses, response_us, repairs, repair_us, cost in rows:
        total = sums[whole[month]]
        for name, value in (
            ("pm_due", pm_due),
            ("pm_on_time", pm_on_time),
            ("responses", responses),
            ("response_us", response_us),
            ("repairs", repairs),
            ("repair_us", repair_us),
            ("cost", cost),
        ):
            total[name] += value
            if high:
                total[f"{name}_high"] += value
    today = timezone.localdate()
    not_due_yet = (
        WorkOrder.objects.planned()
        .exclude(status=WorkOrderStatus.CANCELLED)
        .filter(due_date__gte=today, due_date__lte=max(end for _start, end in periods), completed_at__isnull=True)
    )
    if department is not None:
        not_due_yet = not_due_yet.filter(equipment__department__path__startswith=department.path)
    high_risk = Q(equipment__risk_class=RiskClass.HIGH) | Q(equipment__is_life_support=True)
    counted = not_due_yet.values_list(TruncMonth("due_date")).annotate(
        n=Count("id"), high=Count("id", filter=high_risk)
    )
    for month, n, high in counted.order_by():
        index = whole.get(month_start(month))
        if index is not None:
            sums[index]["pm_due"] -= n
            sums[index]["pm_due_high"] -= high
    return [
        {
            "pm_on_time": reliability.percent(total["pm_on_time"], total["pm_due"]),
            "pm_on_time_high_risk": reliability.percent(total["pm_on_time_high"], total["pm_due_high"]),
            "pm_due": total["pm_due"],
            "mean_response_hours": reliability.mean_of_total(
                dt.timedelta(microseconds=total["response_us"]), total["responses"]
            ),
            "mttr_hours": reliability.mean_of_total(dt.timedelta(microseconds=total["repair_us"]), total["repairs"]),
            "maintenance_cost": Decimal(total["cost"]).quantize(Decimal("0.01")),
        }
        for total in sums
    ]


# --- The department cockpit (performance reads these) -----------------------------


def department_open_work_orders(user, department: Department) -> QuerySet:
    """Active work orders on the devices of `department` and its sub-departments that the
    user may see, most urgent and oldest first (the board's order)."""
    return (
        WorkOrder.objects.visible_to(user)
        .active()
        .filter(equipment__department__path__startswith=department.path)
        .select_related("equipment")
        .annotate(urgency=PRIORITY_ORDER)
        .order_by("urgency", "reported_at", "id")
    )


# The board by status column (from the index work_order_board_urgency), the calendar by
# date range, and the stored failure-risk ranking (equipment.risk_ranking).

BOARD_STATUSES = ACTIVE_WORK_STATUSES


def board_column(user, status: str) -> QuerySet:
    """A board column's orders, most urgent and oldest first: `status = …` and the order of the
    index work_order_board_urgency, so any page of it is an index range, not a sort."""
    return (
        WorkOrder.objects.visible_to(user)
        .filter(status=status)
        .select_related("equipment", "equipment__department", "engineer")
        .order_by(PRIORITY_ORDER, "reported_at", "id")
    )


def board_counts(user) -> dict[str, int]:
    """Active orders per status column: one grouped query over the index work_order_board."""
    return dict(
        WorkOrder.objects.visible_to(user)
        .active()
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("status", "n")
    )


def calendar_counts(user, *, start: dt.date, end: dt.date) -> dict[dt.date, int]:
    """Checks due per day between start and end (those of devices in use): one grouped query."""
    return dict(
        _calendar(user, start=start, end=end)
        .values_list("next_due")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("next_due", "n")
    )


def _calendar(user, *, start: dt.date, end: dt.date) -> QuerySet:
    return (
        MaintenancePlan.objects.visible_to(user)
        .active()
        .filter(next_due__gte=start, next_due__lte=end, equipment__status__in=IN_USE_STATUSES)
    )


def stored_failure_risk(user) -> QuerySet:
    """The stored ranking (equipment.risk_ranking) of the devices the user sees that are still
    in use, by position: a page of it is an index range."""
    return (
        FailureRiskRank.objects.filter(
            access.equipment_scope(user, field="equipment__department"),
            equipment__status__in=IN_USE_STATUSES,
        )
        .only("equipment_id", "position", "score", "computed_at")
        .order_by("position")
    )


def failure_risk_computed_at() -> dt.datetime | None:
    """When the stored ranking was computed (None: nothing stored yet)."""
    row = FailureRiskRank.objects.order_by("position").values_list("computed_at", flat=True).first()
    return row


def rank_every_device_by_failure_risk() -> list[RankedDevice]:
    """Every device in use by failure-risk score (what the stored ranking holds): one query."""
    return _rank(Equipment.objects.in_use())


def stored_risk_rows(ranks: Sequence[FailureRiskRank]) -> list[RiskRow]:
    """One page of the stored ranking with each device's score and reasons now: one query."""
    rows = risk_rows([RankedDevice(pk=r.equipment_id, score=r.score) for r in ranks])
    placed = {r.equipment_id: r.score for r in ranks}
    for row in rows:
        row.ranked_score = placed[row.equipment.pk]
    return rows
