"""Monthly collection: each department's costs as the other apps recorded them.

- inventory: the cost of drugs and of consumables (reagents counted with them) issued
  to the department, net of returns (inventory.selectors);
- equipment: the maintenance cost of work orders completed in the month (parts and
  vendor) and the straight-line depreciation of the department's devices
  (equipment.selectors).

Collecting a month again replaces the entries it wrote before (same month, sources
inventory and equipment) and never duplicates them; manual and imported entries are
never touched. A closed month is refused.

Next step, not yet done: staffing's hours × cost rate per department (source
"staffing", category personnel) once the staffing app offers a selector of staffed
hours and cost rates by department and month; until then personnel costs are typed
or imported by finance.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from equipment.selectors import costs_by_department_and_month
from hospital.models import User
from hospital.periods import month_end
from inventory.selectors import issued_cost_by_department_category_month
from performance.models import CostCategory, CostEntry, CostSource
from performance.services.months import lock_open_month, require_manager

# inventory item category -> our cost category code
INVENTORY_CATEGORIES = {"drug": "drugs", "consumable": "consumables", "reagent": "consumables"}
COLLECTED_SOURCES = (CostSource.INVENTORY, CostSource.EQUIPMENT)


@dataclass
class CollectionResult:
    month: dt.date
    removed: int = 0
    created: int = 0
    totals: dict[str, Decimal] = field(default_factory=dict)  # source -> total collected


def _collected_rows(month: dt.date) -> list[tuple[int, str, str, Decimal, str]]:
    """(department id, category code, source, amount, reference) for the month, summed per key."""
    end = month_end(month)
    sums: dict[tuple[int, str, str], Decimal] = {}
    for row in issued_cost_by_department_category_month(month, end):
        if row["month"] != month:
            continue
        key = (row["department_id"], INVENTORY_CATEGORIES.get(row["category"], "consumables"), CostSource.INVENTORY)
        sums[key] = sums.get(key, Decimal(0)) + row["cost"]
    for row in costs_by_department_and_month(month, end):
        if row["month"] != month or row["department_id"] is None:
            continue
        for code, amount in (("maintenance", row["maintenance_cost"]), ("depreciation", row["depreciation"])):
            key = (row["department_id"], code, CostSource.EQUIPMENT)
            sums[key] = sums.get(key, Decimal(0)) + amount
    references = {CostSource.INVENTORY: "inventory issues", CostSource.EQUIPMENT: "equipment"}
    return [
        (department_id, code, source, amount.quantize(Decimal("0.01")), f"{references[source]} {month:%Y-%m}")
        for (department_id, code, source), amount in sorted(sums.items())
        if amount.quantize(Decimal("0.01"))
    ]


def collect_month(*, month: dt.date, user: User | None) -> CollectionResult:
    """Replace the month's collected entries with what inventory and equipment now record.

    Idempotent: a second run with nothing changed leaves the same entries. `user` None
    is the scheduled task (and the demo); otherwise finance or an administrator.
    """
    if user is not None:
        require_manager(user)
    categories = {
        c.code: c for c in CostCategory.objects.filter(code__in=["drugs", "consumables", "maintenance", "depreciation"])
    }
    with transaction.atomic():
        month = lock_open_month(month)
        rows = _collected_rows(month)
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
    result = CollectionResult(month=month, removed=removed, created=len(entries))
    for entry in entries:
        result.totals[entry.source] = result.totals.get(entry.source, Decimal("0.00")) + entry.amount
    return result
