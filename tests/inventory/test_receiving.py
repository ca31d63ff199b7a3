"""Receiving a delivery: inspection rules for lot, expiry, shelf life and rejections."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from hospital.errors import AccessDenied, ConflictError, DomainError
from inventory import services
from inventory.models import (
    Category,
    Lot,
    OrderStatus,
    PurchaseOrder,
    PurchaseOrderLine,
    Receipt,
    StockBalance,
    StockMovement,
)
from inventory.services import ReceiptLineInput
from tests.inventory.factories import ItemFactory, SupplierFactory

pytestmark = pytest.mark.django_db


def _line(item, **kwargs):
    defaults = {
        "lot_number": "A1",
        "expiry": timezone.localdate() + dt.timedelta(days=400),
        "quantity_accepted": 100,
        "unit_cost": Decimal("0.35"),
    }
    return ReceiptLineInput(item=item, **{**defaults, **kwargs})


def _nothing_written():
    return not (Receipt.objects.exists() or StockMovement.objects.exists() or Lot.objects.exists())


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"lot_number": ""}, "lot_number"),
        ({"expiry": None}, "expiry"),
        ({"expiry": "yesterday"}, "expiry"),
        ({"expiry": "in 30 days"}, "shelf_life_override"),
        ({"quantity_rejected": 5}, "rejection_reason"),
        ({"quantity_accepted": 0}, "quantity_accepted"),
        ({"unit_cost": None}, "unit_cost"),
        ({"unit_cost": Decimal("-1")}, "unit_cost"),
    ],
)
def test_a_drug_line_breaking_a_rule_is_refused_and_nothing_written(stores, changes, field):
    today = timezone.localdate()
    dates = {"yesterday": today - dt.timedelta(days=1), "in 30 days": today + dt.timedelta(days=30)}
    changes = {k: dates.get(v, v) if isinstance(v, str) else v for k, v in changes.items()}
    with pytest.raises(DomainError) as refused:
        services.receive(user=stores.pharmacist, store=stores.pharmacy, lines=[_line(ItemFactory(), **changes)])
    assert refused.value.field == field
    assert _nothing_written()


def test_short_shelf_life_is_accepted_with_a_reason(stores):
    expiry = timezone.localdate() + dt.timedelta(days=30)
    receipt = services.receive(
        user=stores.pharmacist,
        store=stores.pharmacy,
        lines=[_line(ItemFactory(), expiry=expiry, shelf_life_override="Only lot available; used within a week")],
    )
    assert receipt.lines.get().shelf_life_override.startswith("Only lot")


def test_accepted_units_enter_the_ledger_and_rejected_ones_do_not(stores):
    item = ItemFactory()
    services.receive(
        user=stores.pharmacist,
        store=stores.pharmacy,
        lines=[_line(item, quantity_accepted=90, quantity_rejected=10, rejection_reason="Crushed boxes")],
    )
    balance = StockBalance.objects.get(store=stores.pharmacy, item=item)
    assert balance.quantity == 90
    movement = StockMovement.objects.get()
    assert (movement.kind, movement.quantity, movement.unit_cost) == ("receipt", 90, Decimal("0.3500"))


def test_a_consumable_needs_no_lot_and_gets_one_per_receipt(stores):
    gloves = ItemFactory(category=Category.CONSUMABLE, name="Nitrile gloves", base_unit="glove")
    receipt = services.receive(
        user=stores.storekeeper,
        store=stores.central,
        lines=[_line(gloves, lot_number="", expiry=None, quantity_accepted=1000)],
    )
    assert Lot.objects.get(item=gloves).number == f"R{receipt.pk}"


def test_a_known_lot_with_another_expiry_is_refused(stores):
    item = ItemFactory()
    services.receive(user=stores.pharmacist, store=stores.pharmacy, lines=[_line(item)])
    with pytest.raises(DomainError, match="already known"):
        services.receive(
            user=stores.pharmacist,
            store=stores.pharmacy,
            lines=[_line(item, expiry=timezone.localdate() + dt.timedelta(days=500))],
        )
    assert StockMovement.objects.count() == 1


def test_only_keepers_receive(hospital, stores):
    with pytest.raises(AccessDenied):
        services.receive(user=hospital.nurse_icu, store=stores.pharmacy, lines=[_line(ItemFactory())])


def test_receiving_against_an_order_completes_it(stores):
    item = ItemFactory(pack_size=10)
    order = PurchaseOrder.objects.create(
        number="PO-1",
        supplier=SupplierFactory(),
        store=stores.pharmacy,
        status=OrderStatus.APPROVED,
        created_by=stores.pharmacist,
    )
    line = PurchaseOrderLine.objects.create(order=order, item=item, packs=5, pack_price=Decimal("12.00"))
    services.receive(
        user=stores.pharmacist,
        store=stores.pharmacy,
        order=order,
        lines=[_line(item, quantity_accepted=30, unit_cost=None, order_line=line)],
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.PARTLY_RECEIVED
    assert Lot.objects.get(item=item).unit_cost == Decimal("1.2000")
    services.receive(
        user=stores.pharmacist,
        store=stores.pharmacy,
        order=order,
        lines=[_line(item, lot_number="A2", quantity_accepted=20, order_line=line)],
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.RECEIVED
    with pytest.raises(ConflictError):
        services.receive(
            user=stores.pharmacist, store=stores.pharmacy, order=order, lines=[_line(item, lot_number="A3")]
        )
