"""`seed_demo --scale large`: about 20,000 items, 200,000 lots and 2,000,000 movements for
the benchmarks, generated inside PostgreSQL (INSERT … SELECT over generate_series), with
each balance the sum of its ledger. Added on top of the small demo; PostgreSQL only."""

from django.db import connection, transaction

from hospital.models import Department, User
from inventory.demo.catalogue import demo_gtin
from inventory.models import Category, Item, Store

ITEMS = 20_000
LOTS_PER_ITEM = 10
ISSUES_PER_LOT = 9  # with the receipt: 10 movements a lot
FIRST_GTIN = 1000  # after the small catalogue's numbers
FORMS = ["tablet", "capsule", "ampoule", "vial", "infusion bag", "syringe", "dressing", "catheter"]


def _items() -> None:
    Item.objects.bulk_create(
        (
            Item(
                code=f"G{n:05d}",
                name=f"Generic product {n:05d}",
                specification=f"{(n % 20 + 1) * 5} mg {FORMS[n % len(FORMS)]}",
                gtin=demo_gtin(FIRST_GTIN + n),
                category=Category.DRUG if n % 3 else Category.CONSUMABLE,
                base_unit=FORMS[n % len(FORMS)],
                pack_size=10,
                reorder_point=50,
                safety_stock=20,
            )
            for n in range(ITEMS)
        ),
        batch_size=5000,
    )


LOTS_SQL = """
INSERT INTO inventory_lot (item_id, number, expiry, serial, unit_cost, quarantined, quarantine_reason, created_at)
SELECT i.id, 'G' || i.id || '-' || g, CURRENT_DATE + ((i.id * 7 + g * 37) %% 900 - 30)::int, '',
       (1 + i.id %% 50)::numeric, false, '', now() - make_interval(days => 30 * g)
FROM inventory_item i CROSS JOIN generate_series(1, %(lots)s) g
WHERE i.code LIKE 'G%%'
"""

RECEIPTS_SQL = """
INSERT INTO inventory_stockmovement (kind, store_id, item_id, lot_id, quantity, unit_cost, department_id, batch,
    reference, reason, write_off_reason, user_id, second_signatory_id, created_at, reverses_id)
SELECT 'receipt', CASE WHEN l.item_id %% 2 = 0 THEN %(pharmacy)s ELSE %(central)s END, l.item_id, l.id, 100,
       l.unit_cost, NULL, gen_random_uuid(), 'bulk', '', '', %(user)s, NULL, l.created_at, NULL
FROM inventory_lot l WHERE l.number LIKE 'G%%'
"""

ISSUES_SQL = """
INSERT INTO inventory_stockmovement (kind, store_id, item_id, lot_id, quantity, unit_cost, department_id, batch,
    reference, reason, write_off_reason, user_id, second_signatory_id, created_at, reverses_id)
SELECT 'issue', CASE WHEN l.item_id %% 2 = 0 THEN %(pharmacy)s ELSE %(central)s END, l.item_id, l.id,
       -(5 + (l.id + k) %% 6), l.unit_cost, (%(departments)s::bigint[])[1 + (l.id + k) %% %(count)s], gen_random_uuid(),
       '', '', '', %(user)s, NULL, l.created_at + make_interval(days => 3 * k), NULL
FROM inventory_lot l CROSS JOIN generate_series(1, %(issues)s) k WHERE l.number LIKE 'G%%'
"""

BALANCES_SQL = """
INSERT INTO inventory_stockbalance (store_id, item_id, lot_id, quantity)
SELECT m.store_id, m.item_id, m.lot_id, SUM(m.quantity)
FROM inventory_stockmovement m JOIN inventory_lot l ON l.id = m.lot_id
WHERE l.number LIKE 'G%%'
GROUP BY m.store_id, m.item_id, m.lot_id
"""


def seed_large(stdout) -> None:
    if connection.vendor != "postgresql":
        stdout.write("inventory: --scale large needs PostgreSQL; the small demo was seeded")
        return
    if Item.objects.filter(code__startswith="G").exists():
        stdout.write("inventory: large data already there")
        return
    departments = list(Department.objects.filter(kind="clinical").values_list("pk", flat=True))
    params = {
        "pharmacy": Store.objects.get(code="PH").pk,
        "central": Store.objects.get(code="CW").pk,
        "user": User.objects.get(username="pharmacist").pk,
        "departments": departments,
        "count": len(departments),
        "lots": LOTS_PER_ITEM,
        "issues": ISSUES_PER_LOT,
    }
    with transaction.atomic():
        _items()
        with connection.cursor() as cursor:
            for sql in (LOTS_SQL, RECEIPTS_SQL, ISSUES_SQL, BALANCES_SQL):
                cursor.execute(sql, params)
            cursor.execute("ANALYZE inventory_stockmovement; ANALYZE inventory_stockbalance; ANALYZE inventory_lot")
    stdout.write(
        f"inventory (large): {ITEMS} items, {ITEMS * LOTS_PER_ITEM} lots, "
        f"{ITEMS * LOTS_PER_ITEM * (ISSUES_PER_LOT + 1)} movements"
    )
