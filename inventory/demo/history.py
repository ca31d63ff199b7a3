"""A year of stock simulated in memory lot by lot, earliest expiry first, and written in
bulk: every balance equals the sum of its ledger."""

import datetime as dt
import uuid
from collections import defaultdict
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import DecimalField, ExpressionWrapper, F, Sum
from django.utils import timezone

from hospital.demo import demo_password
from hospital.models import Department, User
from hospital.roles import Role
from inventory import measures, services
from inventory.demo.catalogue import DAYS, END_COVER, ISSUE_TO, START_COVER, WARDS
from inventory.models import (
    Category,
    Item,
    Lot,
    MovementKind,
    OrderStatus,
    PurchaseOrder,
    PurchaseOrderLine,
    Receipt,
    ReceiptLine,
    SerialNumber,
    StockBalance,
    StockMovement,
    Store,
    StoreKind,
)


def demo_people() -> dict[str, User]:
    users = {u.username: u for u in User.objects.filter(username__in=["admin", "pharmacist", *[w[3] for w in WARDS]])}
    second = User.objects.filter(username="pharmacist_night").first()
    if second is None:
        pharmacy = Department.objects.filter(code="PHAR").first()
        second = User.objects.create_user(
            username="pharmacist_night",
            password=demo_password(),
            display_name="Song Yi (Night pharmacist)",
            department=pharmacy,
        )
        second.groups.add(Group.objects.get_or_create(name=Role.PHARMACIST)[0])
    users["pharmacist_night"] = second
    return users


def make_stores(people, departments) -> dict[str, Store]:
    central = Store.objects.create(
        code="CW", name="Central warehouse", kind=StoreKind.CENTRAL, department=departments.get("PHAR")
    )
    pharmacy = Store.objects.create(
        code="PH",
        name="Inpatient pharmacy",
        kind=StoreKind.PHARMACY,
        department=departments.get("PHAR"),
        supplied_by=central,
    )
    central.keepers.set([people["pharmacist"], people["admin"]])
    pharmacy.keepers.set([people["pharmacist"], people["pharmacist_night"]])
    stores = {"CW": central, "PH": pharmacy}
    for code, name, dept, keeper in WARDS:
        ward = Store.objects.create(
            code=code, name=name, kind=StoreKind.WARD, department=departments.get(dept), supplied_by=pharmacy
        )
        if keeper in people:
            ward.keepers.add(people[keeper])
        stores[code] = ward
    return stores


class SimulatedLedger:
    """The year simulated in memory: lots per store, earliest expiry first.

    Each movement is kept as a row of MOVEMENT_COLUMNS (the lot by its index until the
    lots are written), so that `write_history` inserts them without building a model
    instance each: 130,000 movements in seconds on SQLite."""

    def __init__(self):
        self.on_hand: dict[tuple[int, int], int] = defaultdict(int)  # (store, lot index) -> quantity
        self.lots: list[Lot] = []
        self.lots_of: dict[tuple[int, int], list[int]] = defaultdict(list)  # (store, item) -> lot indexes
        # (store, item) -> position in lots_of before which no lot is usable again (empty or expired)
        self.first_usable: dict[tuple[int, int], int] = defaultdict(int)
        self.movements: list[tuple] = []

    def receive(self, *, store, item, lot, quantity, at, user, batch, reference):
        key = (store.pk, item.pk)
        indexes = self.lots_of[key]
        previous = self.lots[indexes[-1]] if indexes else None
        self.lots.append(lot)
        index = len(self.lots) - 1
        indexes.append(index)
        if previous is not None and _expiry_key(lot) < _expiry_key(previous):
            # a lot that expires before one already held: keep the list in FEFO order
            indexes.sort(key=lambda i: (_expiry_key(self.lots[i]), i))
            self.first_usable[key] = 0
        self._move(MovementKind.RECEIPT, store, index, quantity, at, user, batch, reference=reference)
        return index

    def _move(self, kind, store, index, quantity, at, user, batch, *, reference="", department=None, signatory=None):
        self.on_hand[(store.pk, index)] += quantity
        lot = self.lots[index]
        self.movements.append(
            (
                kind,
                store.pk,
                lot.item.pk,
                index,
                quantity,
                lot.unit_cost,
                department.pk if department else None,
                batch,
                reference,
                user.pk,
                signatory.pk if signatory else None,
                at,
            )
        )

    def available(self, store, item, day) -> int:
        return sum(self.on_hand[(store.pk, i)] for i in self._usable(store, item, day))

    def _usable(self, store, item, day):
        """The lots of `item` in `store` with stock that have not expired on `day`, FEFO.
        Days only go forward, so a lot empty or expired stays behind `first_usable`."""
        key = (store.pk, item.pk)
        indexes, start = self.lots_of[key], self.first_usable[key]
        while start < len(indexes) and (
            self.on_hand[(store.pk, indexes[start])] <= 0 or self.lots[indexes[start]].is_expired(day)
        ):
            start += 1
        self.first_usable[key] = start
        return [i for i in indexes[start:] if self.on_hand[(store.pk, i)] > 0 and not self.lots[i].is_expired(day)]

    def issue(self, *, store, item, quantity, day, at, user, department, signatory):
        batch, left = uuid.uuid4(), quantity
        for index in self._usable(store, item, day):
            take = min(left, self.on_hand[(store.pk, index)])
            self._move(
                MovementKind.ISSUE,
                store,
                index,
                -take,
                at,
                user,
                batch,
                department=department,
                signatory=signatory if item.is_controlled else None,
            )
            left -= take
            if not left:
                break
        return quantity - left


def _expiry_key(lot: Lot) -> dt.date:
    return lot.expiry or dt.date.max


def _at(rng, day: dt.date) -> dt.datetime:
    zone = timezone.get_current_timezone()
    return dt.datetime(day.year, day.month, day.day, rng.randint(7, 19), rng.randint(0, 59), tzinfo=zone)


def simulate(*, items, specs, stores, suppliers, people, departments, today, rng):
    ledger = SimulatedLedger()
    orders, order_lines, receipts, receipt_lines = [], [], [], []
    pharmacist, signatory = people["pharmacist"], people["pharmacist_night"]
    targets = [departments[c] for c in ISSUE_TO if c in departments] or list(departments.values())[:1]
    start = today - dt.timedelta(days=DAYS)
    lot_numbers = defaultdict(int)
    for item, spec in zip(items, specs, strict=True):
        store = stores["PH"] if item.category == Category.DRUG else stores["CW"]
        supplier = suppliers[int(item.code[1:]) % len(suppliers)]
        if item.is_high_value:
            supplier = suppliers[-1]
        use = spec["use"]
        for offset in range(0, DAYS + 1):
            day = start + dt.timedelta(days=offset)
            cover = START_COVER + (END_COVER - START_COVER) * offset / DAYS
            if offset % 7 == 0:  # the weekly order, received the same day
                level = round(max(use, 1) * (cover + 7)) if not item.is_high_value else 4
                quantity = level - ledger.available(store, item, day)
                if quantity > 0:
                    packs = -(-quantity // item.pack_size)
                    quantity = packs * item.pack_size
                    lot_numbers[item.pk] += 1
                    shelf = spec["shelf"]
                    lot = Lot(
                        item=item,
                        number=f"{item.code[1:]}{day:%y%m}{lot_numbers[item.pk]:02d}",
                        expiry=day + dt.timedelta(days=shelf)
                        if item.category != Category.CONSUMABLE or shelf < 1800
                        else None,
                        serial=f"SN{item.pk:04d}{lot_numbers[item.pk]:04d}" if item.is_high_value else "",
                        unit_cost=spec["cost"],
                        created_at=_at(rng, day),
                    )
                    order = PurchaseOrder(
                        number=f"PO-{day:%y%m%d}-{item.code}",
                        supplier=supplier,
                        store=store,
                        status=OrderStatus.RECEIVED,
                        ordered_on=day - dt.timedelta(days=item.lead_time_days),
                        created_by=pharmacist,
                    )
                    orders.append(order)
                    order_lines.append(
                        PurchaseOrderLine(
                            order=order,
                            item=item,
                            packs=packs,
                            pack_price=spec["cost"] * item.pack_size,
                            received_quantity=quantity,
                        )
                    )
                    receipt = Receipt(
                        store=store,
                        order=order,
                        supplier=supplier,
                        delivery_note=f"DN{day:%y%m%d}{item.pk}",
                        received_by=pharmacist,
                        received_at=lot.created_at,
                    )
                    receipts.append(receipt)
                    index = ledger.receive(
                        store=store,
                        item=item,
                        lot=lot,
                        quantity=quantity,
                        at=lot.created_at,
                        user=pharmacist,
                        batch=uuid.uuid4(),
                        reference=receipt.delivery_note,
                    )
                    receipt_lines.append((receipt, item, index, quantity, spec["cost"]))
            wanted = (
                rng.randint(0, 2)
                if item.is_high_value and offset % 10 == 0
                else (round(use * rng.uniform(0.6, 1.4)) if use else 0)
            )
            if wanted:
                ledger.issue(
                    store=store,
                    item=item,
                    quantity=wanted,
                    day=day,
                    at=_at(rng, day),
                    user=pharmacist,
                    department=rng.choice(targets),
                    signatory=signatory,
                )
    return ledger, orders, order_lines, receipts, receipt_lines


def add_short_dated(*, items, stores, ledger, people, today):
    """Lots near expiry (30/60/90 days), a few expired and a short-dated one at risk."""
    pharmacy, pharmacist = stores["PH"], people["pharmacist"]
    drugs = [i for i in items if i.category == Category.DRUG][:12]
    for n, item in enumerate(drugs):
        days = [-20, -5, 12, 25, 40, 55, 75, 85, 20, 50, -40, 88][n]
        lot = Lot(
            item=item,
            number=f"SD{item.pk:04d}",
            expiry=today + dt.timedelta(days=days),
            unit_cost=Decimal("1") + n,
            created_at=timezone.now() - dt.timedelta(days=200),
        )
        ledger.receive(
            store=pharmacy,
            item=item,
            lot=lot,
            quantity=20 + 10 * n,
            at=lot.created_at,
            user=pharmacist,
            batch=uuid.uuid4(),
            reference="short-dated",
        )


@transaction.atomic
def write_history(ledger, orders, order_lines, receipts, receipt_lines):
    _insert_keyed(
        ledger.lots,
        ("item", "number", "expiry", "serial", "unit_cost", "quarantined", "quarantine_reason", "created_at"),
        ("item_id", "number"),
    )
    _insert_keyed(orders, ("number", "supplier", "store", "status", "ordered_on", "created_by", "note"), ("number",))
    _insert_rows(
        PurchaseOrderLine,
        ("order", "item", "packs", "pack_price", "received_quantity"),
        [(line.order.pk, line.item.pk, line.packs, line.pack_price, line.received_quantity) for line in order_lines],
    )
    for receipt in receipts:
        receipt.order_id = receipt.order.pk
    _insert_keyed(
        receipts, ("store", "order", "supplier", "delivery_note", "received_by", "received_at"), ("order_id",)
    )
    _insert_rows(
        ReceiptLine,
        (
            "receipt",
            "item",
            "lot",
            "quantity_accepted",
            "unit_cost",
            "quantity_rejected",
            "rejection_reason",
            "shelf_life_override",
        ),
        [
            (receipt.pk, item.pk, ledger.lots[index].pk, quantity, cost, 0, "", "")
            for receipt, item, index, quantity, cost in receipt_lines
        ],
    )
    _insert_rows(
        StockMovement,
        MOVEMENT_COLUMNS,
        [(*row[:3], ledger.lots[row[3]].pk, *row[4:], "", "") for row in ledger.movements],
    )
    _insert_rows(
        StockBalance,
        ("store", "item", "lot", "quantity"),
        [
            (store_id, ledger.lots[index].item.pk, ledger.lots[index].pk, quantity)
            for (store_id, index), quantity in ledger.on_hand.items()
        ],
    )
    # the units of high-value items on hand, one serial each (the units issued are history)
    SerialNumber.objects.bulk_create(
        SerialNumber(
            item=ledger.lots[index].item,
            lot=ledger.lots[index],
            serial=f"{ledger.lots[index].serial or ledger.lots[index].number}-{unit}",
            store_id=store_id,
        )
        for (store_id, index), quantity in ledger.on_hand.items()
        if quantity > 0 and ledger.lots[index].item.is_high_value
        for unit in range(1, quantity + 1)
    )


MOVEMENT_COLUMNS = (
    "kind",
    "store",
    "item",
    "lot",
    "quantity",
    "unit_cost",
    "department",
    "batch",
    "reference",
    "user",
    "second_signatory",
    "created_at",
    "reason",
    "write_off_reason",
)


def _insert_keyed(objects: list, names: tuple, key: tuple) -> None:
    """INSERT unsaved model instances as plain rows (`_insert_rows`), then give each its id,
    found by `key` (attribute names unique among them): no model instance is built per row
    by the ORM's bulk_create. Only for a table that holds none of them yet."""
    if not objects:
        return
    model = type(objects[0])
    fields = [model._meta.get_field(name) for name in names]
    _insert_rows(model, names, [tuple(getattr(obj, f.attname) for f in fields) for obj in objects])
    ids = {tuple(row[1:]): row[0] for row in model.objects.values_list("pk", *key).iterator(chunk_size=5000)}
    for obj in objects:
        obj.pk = ids[tuple(getattr(obj, name) for name in key)]
        obj._state.adding = False


def _insert_rows(model, names, rows, *, chunk=5000) -> None:
    """INSERT many rows of plain values in a few statements, each value prepared for the
    database by its field once per distinct value (costs, times and batches repeat)."""
    fields = [model._meta.get_field(name) for name in names]
    prepared = [{} for _ in fields]
    native_uuid = connection.features.has_native_uuid_field

    def value(n, raw):
        if raw is None or isinstance(raw, int | str):
            return raw
        if isinstance(raw, dt.datetime):  # mostly distinct: not worth a cache
            return raw if connection.vendor != "sqlite" else str(raw.astimezone(dt.UTC).replace(tzinfo=None))
        if isinstance(raw, uuid.UUID):
            return raw if native_uuid else raw.hex
        cache = prepared[n]
        if raw not in cache:
            cache[raw] = fields[n].get_db_prep_save(raw, connection)
        return cache[raw]

    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608 (names from the model)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), chunk):
            cursor.executemany(
                sql, [tuple(value(n, raw) for n, raw in enumerate(row)) for row in rows[start : start + chunk]]
            )


MONEY = DecimalField(max_digits=18, decimal_places=4)


def set_abc_classes(items) -> None:
    """ABC from the year's issue value (docs/standards.md)."""
    values = {
        row["item_id"]: -row["value"]
        for row in StockMovement.objects.filter(kind=MovementKind.ISSUE)
        .values("item_id")
        .annotate(value=Sum(ExpressionWrapper(F("quantity") * F("unit_cost"), output_field=MONEY)))
        .order_by()
    }
    classes = measures.abc_classes({item.pk: values.get(item.pk, Decimal(0)) for item in items})
    for item in items:
        item.abc_class = classes[item.pk]
    Item.objects.bulk_update(items, ["abc_class"], batch_size=1000)


def requisitions_today(*, items, stores, people) -> int:
    """This week's requisitions, through the services: one sent and received, one sent,
    one waiting."""
    pharmacy_items = [i for i in items if i.category == Category.DRUG and not i.is_controlled][:6]
    nurse = people.get("nurse_cardiology")
    ward = stores.get("W-CARD")
    if nurse is None or ward is None:
        return 0
    made = 0
    for step in ("received", "fulfilled", "raised"):
        requisition = services.raise_requisition(
            user=nurse,
            ward=ward,
            lines=[(item, 10) for item in pharmacy_items[made * 2 : made * 2 + 2]],
            note="Weekly top-up",
        )
        if step in ("received", "fulfilled"):
            services.fulfil_requisition(user=people["pharmacist"], requisition=requisition)
        if step == "received":
            services.confirm_requisition(user=nurse, requisition=requisition)
        made += 1
    return made
