"""Allocation runs: fill the month's drivers from the other apps, allocate, store the matrix.

Drivers filled at each run (typed or imported values of the same month, department
and driver win, and are kept):
- patient-days from the core's daily census (each department's own wards);
- work orders reported for each department's devices (equipment);
- requisition value: the cost of stock issued to each department, net of returns
  (inventory's department summary);
- revenue from the month's revenue entries;
- floor area from each cost centre;
- FTE: each department's rostered staff's FTE as staffing records them now (staffing
  keeps no history of FTE, so a past month re-run takes today's figure; type or import
  FTE for a month to fix it).

The run itself is performance.allocation (pure arithmetic); the stored run keeps its
matrix, the departments' names and the drivers used, so the report is reproducible
whatever changes afterwards.
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from equipment.selectors import work_orders_by_department_and_month
from hospital.errors import DomainError
from hospital.models import DailyCensus, Department, User
from hospital.periods import month_end
from inventory.selectors import department_cost_by_store_kind_month
from performance import allocation
from performance.models import (
    FILLED_DRIVER_SOURCES,
    AllocationMethod,
    AllocationRule,
    AllocationRun,
    CostCentre,
    CostEntry,
    DriverKind,
    DriverSource,
    DriverValue,
    RevenueEntry,
)
from performance.services.months import lock_open_month, require_manager
from staffing.selectors import fte_by_department


def _filled_values(month: dt.date) -> dict[tuple[str, int], tuple[Decimal, str]]:
    """(driver kind, department id) -> (value, source) as the other apps record the month."""
    end = month_end(month)
    values: dict[tuple[str, int], tuple[Decimal, str]] = {}
    census = (
        DailyCensus.objects.filter(date__gte=month, date__lte=end)
        .values("department_id")
        .annotate(days=Sum("inpatients"))
        .order_by()
    )
    for row in census:
        values[(DriverKind.PATIENT_DAYS, row["department_id"])] = (Decimal(row["days"] or 0), DriverSource.CENSUS)
    for row in work_orders_by_department_and_month(month, end):
        if row["month"] == month and row["department_id"] is not None:
            values[(DriverKind.WORK_ORDERS, row["department_id"])] = (
                Decimal(row["work_orders"]),
                DriverSource.EQUIPMENT,
            )
    issued: dict[int, Decimal] = defaultdict(Decimal)
    for row in department_cost_by_store_kind_month(month, end):
        issued[row["department_id"]] += row["cost"]
    for department_id, cost in issued.items():
        values[(DriverKind.REQUISITION_VALUE, department_id)] = (max(cost, Decimal(0)), DriverSource.INVENTORY)
    revenue = RevenueEntry.objects.filter(month=month).values("department_id").annotate(total=Sum("amount")).order_by()
    for row in revenue:
        values[(DriverKind.REVENUE, row["department_id"])] = (max(row["total"], Decimal(0)), DriverSource.REVENUE)
    for department_id, fte in fte_by_department().items():
        values[(DriverKind.FTE, department_id)] = (fte, DriverSource.STAFFING)
    for department_id, area in CostCentre.objects.filter(floor_area__gt=0).values_list("department_id", "floor_area"):
        values[(DriverKind.FLOOR_AREA, department_id)] = (area, DriverSource.COST_CENTRE)
    return values


def fill_drivers(*, month: dt.date) -> int:
    """Replace the month's filled driver values with what the apps now record; typed and
    imported values are kept. Returns how many values were filled. Call inside the
    month's lock (run_allocation does)."""
    kept = set(
        DriverValue.objects.filter(month=month)
        .exclude(source__in=FILLED_DRIVER_SOURCES)
        .values_list("kind", "department_id")
    )
    DriverValue.objects.filter(month=month, source__in=FILLED_DRIVER_SOURCES).delete()
    rows = [
        DriverValue(month=month, kind=kind, department_id=department_id, value=value, source=source)
        for (kind, department_id), (value, source) in sorted(_filled_values(month).items())
        if (kind, department_id) not in kept
    ]
    DriverValue.objects.bulk_create(rows)
    return len(rows)


def _steps(month: dt.date) -> list[allocation.Step]:
    rules = list(AllocationRule.objects.filter(is_active=True).prefetch_related("shares").order_by("order"))
    drivers: dict[str, dict[int, Decimal]] = defaultdict(dict)
    for kind, department_id, value in DriverValue.objects.filter(month=month).values_list(
        "kind", "department_id", "value"
    ):
        drivers[kind][department_id] = value
    steps = []
    for rule in rules:
        if rule.driver == DriverKind.FIXED_SHARES:
            weights = {share.department_id: share.share for share in rule.shares.all()}
        else:
            weights = dict(drivers[rule.driver])
        weights.pop(rule.department_id, None)  # a department never allocates to itself
        steps.append(allocation.Step(rule.department_id, weights))
    return steps


def run_allocation(*, month: dt.date, method: str, user: User | None) -> AllocationRun:
    """Allocate the month's costs by the rules in order and store the run.

    Fills the drivers first; refuses (DomainError, nothing stored) a support department
    with costs and no driver value for anyone left to receive them, and a closed month
    (ConflictError). The run's total after equals its total before to the cent.
    """
    if user is not None:
        require_manager(user)
    if method not in AllocationMethod.values:
        raise DomainError(_("Choose the direct or the step-down method."), field="method")
    with transaction.atomic():
        month = lock_open_month(month)
        fill_drivers(month=month)
        costs = dict(
            CostEntry.objects.filter(month=month)
            .values("department_id")
            .annotate(total=Sum("amount"))
            .order_by()
            .values_list("department_id", "total")
        )
        steps = _steps(month)
        used = set(costs) | {s.source for s in steps} | {d for s in steps for d in s.weights}
        departments = {d.pk: d for d in Department.objects.filter(pk__in=used).order_by("code")}
        direct = {pk: costs.get(pk, Decimal("0.00")) for pk in departments}
        try:
            result = allocation.allocate(method, direct, steps)
        except allocation.AllocationError as error:
            department = departments.get(error.department)
            raise DomainError(
                _("%(department)s has costs to allocate but no department left with a value of its driver.")
                % {"department": department or "?"}
            ) from error
        matrix = result.as_json()
        matrix["names"] = {str(pk): {"code": d.code, "name": d.name} for pk, d in departments.items()}
        matrix["drivers"] = {str(s.source): {str(k): str(v) for k, v in s.weights.items()} for s in steps}
        return AllocationRun.objects.create(
            month=month,
            method=method,
            matrix=matrix,
            total_before=result.total_before,
            total_after=result.total_after,
            run_by=user,
        )
