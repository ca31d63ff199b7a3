"""Demo data of the inventory app: about 300 drugs and consumables with valid GTINs, a
central warehouse, the pharmacy and ward stores, suppliers, and a year of orders,
receipts and issues in which the pharmacy's stock cover falls from about 60 to about
39 days (the pharmacy's OKR); lots near expiry, a few expired, a short-dated one at risk.

Called by `manage.py seed_demo` after the core; idempotent (runs only while there is no
store). The year is simulated in memory lot by lot, earliest expiry first, and written
in bulk (fast on SQLite too), so every balance equals the sum of its ledger. Today's
requisitions go through the services. `--scale large` adds about 20,000 items,
200,000 lots and 2,000,000 movements generated inside PostgreSQL (`large.py`).
"""

import random

from django.db import transaction
from django.utils import timezone

from hospital.models import Department
from inventory import summaries
from inventory.demo import large
from inventory.demo.catalogue import SUPPLIERS, catalogue_rows
from inventory.demo.history import (
    add_short_dated,
    demo_people,
    make_stores,
    requisitions_today,
    set_abc_classes,
    simulate,
    write_history,
)
from inventory.models import Category, Item, Store, Supplier


def seed(*, scale: str, stdout) -> None:
    if not Store.objects.exists():
        _seed_small(stdout)
    else:
        stdout.write("inventory: already seeded")
    if scale == "large" and Store.objects.filter(code="PH").exists():
        large.seed_large(stdout)
    # the history and the large data set are bulk inserts: their summaries come from the ledger
    rows = summaries.rebuild()
    stdout.write("inventory summaries: " + ", ".join(f"{table} {n}" for table, n in rows.items()))


def _seed_small(stdout) -> None:
    rng = random.Random(11)
    today = timezone.localdate()
    departments = {d.code: d for d in Department.objects.all()}
    people = demo_people()
    if "pharmacist" not in people or "admin" not in people:
        stdout.write("inventory: skipped (no demo pharmacist)")
        return
    specs = catalogue_rows()
    with transaction.atomic():
        suppliers = [Supplier.objects.create(code=c, name=n, contact=p) for c, n, p in SUPPLIERS]
        stores = make_stores(people, departments)
        fields = {f.name for f in Item._meta.concrete_fields}
        items = Item.objects.bulk_create(
            Item(
                **{k: v for k, v in spec.items() if k in fields},
                reorder_point=max(spec["use"], 1) * 10,
                safety_stock=max(spec["use"], 1) * 3,
                lead_time_days=7 if spec["category"] == Category.DRUG else 10,
            )
            for spec in specs
        )
    ledger, orders, order_lines, receipts, receipt_lines = simulate(
        items=items,
        specs=specs,
        stores=stores,
        suppliers=suppliers,
        people=people,
        departments=departments,
        today=today,
        rng=rng,
    )
    add_short_dated(items=items, stores=stores, ledger=ledger, people=people, today=today)
    write_history(ledger, orders, order_lines, receipts, receipt_lines)
    set_abc_classes(items)
    requisitions = requisitions_today(items=items, stores=stores, people=people)
    stdout.write(
        f"inventory: {len(items)} items, {len(stores)} stores, {len(ledger.lots)} lots, "
        f"{len(ledger.movements)} movements, {requisitions} requisitions"
    )
