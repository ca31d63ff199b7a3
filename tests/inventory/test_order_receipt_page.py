"""A whole order received on one page (a formset of its lines): all lines or none, with
the service's rules and the same messages as the API; keepers of the order's store only."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from inventory.models import Lot, OrderStatus, PurchaseOrder, PurchaseOrderLine, StockMovement
from tests.inventory.factories import ItemFactory, SupplierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(stores):
    order = PurchaseOrder.objects.create(
        number="PO-7",
        supplier=SupplierFactory(name="Sinopharm"),
        store=stores.pharmacy,
        status=OrderStatus.APPROVED,
        created_by=stores.pharmacist,
    )
    for code, packs in (("AMX", 5), ("NACL", 2)):
        PurchaseOrderLine.objects.create(
            order=order, item=ItemFactory(code=code, pack_size=10), packs=packs, pack_price=Decimal("12.00")
        )
    return order


def _post(client, order, lines, note="DN-1"):
    data = {"line-TOTAL_FORMS": len(lines), "line-INITIAL_FORMS": len(lines), "delivery_note": note}
    for index, line in enumerate(lines):
        data.update({f"line-{index}-{name}": value for name, value in line.items()})
    return client.post(reverse("inventory:receive_order", args=[order.pk]), data)


def _expiry(days):
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def test_every_line_of_an_order_is_received_at_once(stores, order, client_for):
    client = client_for(stores.pharmacist)
    page = client.get(reverse("inventory:receive_order", args=[order.pk]))
    assert [form.initial["quantity_accepted"] for _line, form in page.context["rows"]] == [50, 20]
    assert (
        reverse("inventory:receive_order", args=[order.pk]) in client.get(reverse("inventory:receive")).content.decode()
    )
    response = _post(
        client,
        order,
        [
            {"lot_number": "A1", "expiry": _expiry(400), "quantity_accepted": 50},
            {
                "lot_number": "N1",
                "expiry": _expiry(400),
                "quantity_accepted": 20,
                "quantity_rejected": 5,
                "rejection_reason": "crushed",
            },
        ],
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.RECEIVED
    assert Lot.objects.get(number="A1").unit_cost == Decimal("1.2000")  # from the order's pack price
    assert sorted(StockMovement.objects.values_list("quantity", flat=True)) == [20, 50]


def test_a_bad_line_refuses_the_whole_delivery_with_its_line_number(stores, order, client_for):
    response = _post(
        client_for(stores.pharmacist),
        order,
        [
            {"lot_number": "A1", "expiry": _expiry(400), "quantity_accepted": 50},
            {"lot_number": "N1", "expiry": _expiry(-3), "quantity_accepted": 20},  # already expired
        ],
    )
    assert response.status_code == 400
    [message] = response.context["errors"]
    assert message.startswith("Line 2")
    assert not StockMovement.objects.exists()
    order.refresh_from_db()
    assert order.status == OrderStatus.APPROVED


def test_lines_not_delivered_are_left_open(stores, order, client_for):
    _post(
        client_for(stores.pharmacist),
        order,
        [{"lot_number": "A1", "expiry": _expiry(400), "quantity_accepted": 30}, {}],
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.PARTLY_RECEIVED
    assert StockMovement.objects.count() == 1


def test_a_tampered_form_count_is_refused(stores, order, client_for):
    response = _post(
        client_for(stores.pharmacist), order, [{"lot_number": "A1", "expiry": _expiry(400), "quantity_accepted": 50}]
    )
    assert response.status_code == 400 and not StockMovement.objects.exists()


def test_only_the_stores_keepers_receive(hospital, stores, order, client_for):
    assert client_for(hospital.nurse_icu).get(reverse("inventory:receive_order", args=[order.pk])).status_code in (
        403,
        404,
    )
    assert _post(client_for(stores.storekeeper), order, [{}, {}]).status_code in (403, 404)
