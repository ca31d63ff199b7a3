"""Monthly collection: each department's costs as the other apps recorded them.

- inventory: the cost of stock issued to the department, net of returns, read from
  inventory's department summary (DepartmentConsumptionMonth, through
  inventory.selectors). The summary is kept per issuing store, not per item, so the
  store's kind chooses the category: the pharmacy's issues are drugs, the central
  warehouse's and ward stores' consumables (STORE_KIND_CATEGORIES);
- equipment: the maintenance cost of work orders completed in the month (parts and
  vendor) and the straight-line depreciation of the department's devices
  (equipment.selectors);
- staffing: paid hours worked on published rosters (staffing.selectors, the hours of
  `hours_worked` split by month) × the cost rate that fits each person's department,
  job and grade (performance.models.CostRate), as personnel. Hours no rate fits are
  counted in the result's `unpriced_hours` and not collected.

Collecting a month again replaces the entries it wrote before (same month, sources
inventory, equipment and staffing) and never duplicates them; manual and imported
entries are never touched. A closed month is refused.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from equipment.selectors import costs_by_department_and_month
from hospital.models import User
from hospital.periods import add_months, month_end
from inventory.selectors import department_cost_by_store_kind_month
from performance.models import AUTOMATIC_SOURCES, CostCategory, CostEntry, CostRate, CostSource
from performance.services.months import is_closed, lock_open_month, require_manager
from staffing.selectors import staffed_hours_by_department_month

# inventory store kind -> our cost category code (anything else: consumables)
STORE_KIND_CATEGORIES = {"pharmacy": "drugs", "central": "consumables", "ward": "consumables"}
COLLECTED_SOURCES = AUTOMATIC_SOURCES
COLLECTED_CATEGORIES = ("drugs", "consumables", "maintenance", "depreciation", "personnel")
CENT = Decimal("0.01")


@dataclass
class CollectionResult:
    month: dt.date
    removed: int = 0
    created: int = 0
    totals: dict[str, Decimal] = field(default_factory=dict)  # source -> total collected
    unpriced_hours: Decimal = Decimal(0)  # staffed hours no cost rate fits


def _add(sums: dict, key: tuple, amount: Decimal) -> None:
    sums[key] = sums.get(key, Decimal(0)) + amount


def _staffing_sums(month: dt.date, sums: dict) -> Decimal:
    """Adds hours × rate per department to `sums`; returns the hours without a rate."""
    rates = CostRate.objects.all()
    unpriced = Decimal(0)
    for row in staffed_hours_by_department_month(month, month_end(month)):
        rate = rates.rate_for(department_id=row["department_id"], job=row["job"], grade=row["grade"])
        if rate is None:
            unpriced += row["hours"]
            continue
        _add(sums, (row["department_id"], "personnel", CostSource.STAFFING), row["hours"] * rate.hourly_rate)
    return unpriced


def _collected_rows(month: dt.date) -> tuple[list[tuple[int, str, str, Decimal, str]], Decimal]:
    """((department id, category code, source, amount, reference) summed per key, unpriced hours)."""
    end = month_end(month)
    sums: dict[tuple[int, str, str], Decimal] = {}
    for row in department_cost_by_store_kind_month(month, end):
        code = STORE_KIND_CATEGORIES.get(row["store_kind"], "consumables")
        _add(sums, (row["department_id"], code, CostSource.INVENTORY), row["cost"])
    for row in costs_by_department_and_month(month, end):
        if row["month"] != month or row["department_id"] is None:
            continue
        for code, amount in (("maintenance", row["maintenance_cost"]), ("depreciation", row["depreciation"])):
            _add(sums, (row["department_id"], code, CostSource.EQUIPMENT), amount)
    unpriced = _staffing_sums(month, sums)
    references = {
        CostSource.INVENTORY: "inventory issues",
        CostSource.EQUIPMENT: "equipment",
        CostSource.STAFFING: "staffed hours",
    }
    rows = [
        (department_id, code, source, amount.quantize(CENT), f"{references[source]} {month:%Y-%m}")
        for (department_id, code, source), amount in sorted(sums.items())
        if amount.quantize(CENT)
    ]
    return rows, unpriced


def collect_month(*, month: dt.date, user: User | None) -> CollectionResult:
    """Replace the month's collected entries with what inventory, equipment and staffing now record.

    Idempotent: a second run with nothing changed leaves the same entries. `user` None
    is the scheduled task (and the demo); otherwise finance or an administrator.
    """
    if user is not None:
        require_manager(user)
    categories = {c.code: c for c in CostCategory.objects.filter(code__in=COLLECTED_CATEGORIES)}
    with transaction.atomic():
        month = lock_open_month(month)
        rows, unpriced = _collected_rows(month)
        removed, _by_model = CostEntry.objects.filter(month=month, source__in=COLLECTED_SOURCES).delete()
        entries = [
            CostEntry(
                department_id=department_id,
                month=month,
                category=categories[code],
                amount=amount,
                source=source,
                reference=reference,
                created_by=user,
            )
            for department_id, code, source, amount, reference in rows
        ]
        CostEntry.objects.bulk_create(entries)
    result = CollectionResult(month=month, removed=removed, created=len(entries), unpriced_hours=unpriced)
    for entry in entries:
        result.totals[entry.source] = result.totals.get(entry.source, Decimal("0.00")) + entry.amount
    return result


def collect_previous_month(*, today: dt.date) -> CollectionResult | None:
    """The scheduled collection: on the 1st and 2nd of a month, collect the month before
    unless it is closed (None then, and on other days)."""
    if today.day > 2:
        return None
    previous = add_months(today.replace(day=1), -1)
    if is_closed(previous):
        return None
    return collect_month(month=previous, user=None)
