"""Serial numbers of high-value items: one per unit on receipt (also on the whole-order
page), named on every issue, transfer, requisition fulfilment, return and write-off,
refused with the database unchanged, listed on the recall page, its workbook and the item
page, the same through page and API."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from hospital.errors import DomainError
from inventory import services
from inventory.models import (
    Category,
    MovementKind,
    OrderStatus,
    PurchaseOrder,
    PurchaseOrderLine,
    SerialNumber,
    SerialStatus,
    StockBalance,
    StockMovement,
)
from tests.inventory.factories import ItemFactory, SupplierFactory

pytestmark = pytest.mark.django_db


def _stent():
    return ItemFactory(name="Coronary stent 3.0 x 18 mm", category=Category.CONSUMABLE, is_high_value=True)


def _receive(stores, item, serials, *, quantity=None, lot="ST1"):
    return services.receive(
        user=stores.pharmacist,
        store=stores.pharmacy,
        lines=[
            services.ReceiptLineInput(
                item=item,
                lot_number=lot,
                quantity_accepted=len(serials) if quantity is None else quantity,
                unit_cost=8000,
                serials=serials,
            )
        ],
    )


def _snapshot():
    return (
        list(StockBalance.objects.order_by("pk").values_list("pk", "quantity")),
        StockMovement.objects.count(),
        list(SerialNumber.objects.order_by("pk").values_list("serial", "status", "store_id", "department_id")),
    )


def test_receipt_records_one_serial_per_unit_and_issue_moves_the_named_ones(hospital, stores):
    item = _stent()
    _receive(stores, item, ["A1", "A2", "A3"])
    assert sorted(SerialNumber.objects.filter(store=stores.pharmacy).values_list("serial", "status")) == [
        ("A1", "in_stock"),
        ("A2", "in_stock"),
        ("A3", "in_stock"),
    ]
    [movement] = services.issue(
        user=stores.pharmacist,
        store=stores.pharmacy,
        item=item,
        quantity=2,
        department=hospital.cardiology,
        serials="A3\nA1",
    )
    assert movement.quantity == -2
    issued = SerialNumber.objects.get(serial="A3")
    assert (issued.status, issued.department, list(issued.movements.order_by("id").values_list("kind", flat=True))) == (
        SerialStatus.ISSUED,
        hospital.cardiology,
        [MovementKind.RECEIPT, MovementKind.ISSUE],
    )
    assert SerialNumber.objects.get(serial="A2").status == SerialStatus.IN_STOCK


@pytest.mark.parametrize(
    ("serials", "quantity", "message"),
    [
        (["A1", "A2"], 3, r"one serial per unit accepted \(3\), not 2"),
        (["A1", "A1"], 2, "entered twice: A1"),
        (["X" * 21], 1, "at most 20 characters"),
    ],
)
def test_receipt_refuses_wrong_serials_and_writes_nothing(stores, serials, quantity, message):
    item = _stent()
    before = _snapshot()
    with pytest.raises(DomainError, match=message):
        _receive(stores, item, serials, quantity=quantity)
    assert _snapshot() == before


def test_a_serial_is_received_once(stores):
    item = _stent()
    _receive(stores, item, ["A1"])
    before = _snapshot()
    with pytest.raises(DomainError, match="already has serial numbers A1"):
        _receive(stores, item, ["A1", "B2"], lot="ST2")
    assert _snapshot() == before


def test_issue_refuses_serials_not_in_that_store_and_writes_nothing(hospital, stores):
    item = _stent()
    _receive(stores, item, ["A1", "A2"])
    before = _snapshot()
    for serials, quantity, message in [
        ("", 1, "one serial per unit"),
        ("A1", 2, r"one serial per unit \(2\), not 1"),
        ("A1\nZZ", 2, "serial numbers ZZ"),
        ("A1\nA1", 2, "entered twice"),
    ]:
        with pytest.raises(DomainError, match=message):
            services.issue(
                user=stores.pharmacist,
                store=stores.pharmacy,
                item=item,
                quantity=quantity,
                department=hospital.cardiology,
                serials=serials,
            )
    with pytest.raises(DomainError, match="Not in stock in Central warehouse"):
        services.issue(
            user=stores.storekeeper, store=stores.central, item=item, quantity=1, department=hospital.icu, serials="A1"
        )
    assert _snapshot() == before


def _write_off(stores, lot, serials):
    return services.write_off(
        user=stores.pharmacist, store=stores.pharmacy, lot=lot, quantity=1, reason="damaged", serials=serials
    )


def test_transfer_and_write_off_name_serials_of_that_store_and_lot(hospital, stores):
    item = _stent()
    _receive(stores, item, ["A1", "A2", "A3"])
    stores.icu_ward.keepers.add(stores.pharmacist)
    services.transfer(
        user=stores.pharmacist,
        source=stores.pharmacy,
        destination=stores.icu_ward,
        item=item,
        quantity=1,
        serials=["A2"],
    )
    assert SerialNumber.objects.get(serial="A2").store == stores.icu_ward
    lot = SerialNumber.objects.get(serial="A2").lot
    before = _snapshot()
    with pytest.raises(DomainError, match="Not in stock in lot ST1 in Pharmacy"):
        services.write_off(
            user=stores.pharmacist, store=stores.pharmacy, lot=lot, quantity=1, reason="damaged", serials=["A2"]
        )
    assert _snapshot() == before
    services.write_off(
        user=stores.pharmacist, store=stores.pharmacy, lot=lot, quantity=1, reason="damaged", serials=["A3"]
    )
    assert SerialNumber.objects.get(serial="A3").status == SerialStatus.WRITTEN_OFF
    # a reversal puts the serial back where it was
    movement = StockMovement.objects.get(kind=MovementKind.WRITE_OFF)
    services.reverse(user=stores.pharmacist, movement=movement, reason="wrong unit")
    unit = SerialNumber.objects.get(serial="A3")
    assert (unit.status, unit.store) == (SerialStatus.IN_STOCK, stores.pharmacy)


def test_recall_page_workbook_and_api_list_the_serials(hospital, stores, client_for):
    item = _stent()
    _receive(stores, item, ["A1", "A2"])
    services.issue(
        user=stores.pharmacist,
        store=stores.pharmacy,
        item=item,
        quantity=1,
        department=hospital.cardiology,
        serials=["A2"],
    )
    lot = SerialNumber.objects.get(serial="A1").lot
    client = client_for(stores.pharmacist)
    page = client.get(reverse("inventory:recall", args=[lot.pk]))
    shown = [
        (u.serial, u.status, u.store.name, u.department.name if u.department else "") for u in page.context["serials"]
    ]
    assert shown == [("A1", "in_stock", "Pharmacy", ""), ("A2", "issued", "Pharmacy", hospital.cardiology.name)]
    assert "recall-serials" in page.content.decode()
    book = load_workbook(io.BytesIO(client.get(reverse("inventory:export_recall", args=[lot.pk])).content))
    rows = list(book.worksheets[-1].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2], r[3] or "") for r in rows] == [(s, store, dept) for s, _st, store, dept in shown]
    api = client.get("/api/v1/inventory/serials/", {"lot": lot.pk}).json()["results"]
    assert [(r["serial"], r["status"], r["store_name"], r["department_name"]) for r in api] == shown


def test_api_issue_names_serials_and_refuses_unknown_ones_with_400(hospital, stores, client_for):
    item = _stent()
    _receive(stores, item, ["A1"])
    client = client_for(stores.pharmacist)
    body = {"store": stores.pharmacy.pk, "item": item.pk, "quantity": 1, "department": hospital.icu.pk}
    before = _snapshot()
    refused = client.post("/api/v1/inventory/issues/", {**body, "serials": ["NOPE"]}, content_type="application/json")
    assert refused.status_code == 400 and "NOPE" in refused.json()["detail"]
    assert _snapshot() == before
    done = client.post("/api/v1/inventory/issues/", {**body, "serials": ["A1"]}, content_type="application/json")
    assert done.status_code == 201
    assert SerialNumber.objects.get(serial="A1").status == SerialStatus.ISSUED


def test_issue_page_names_serials_and_refuses_like_the_api(hospital, stores, client_for):
    item = _stent()
    _receive(stores, item, ["A1", "A2"])
    client = client_for(stores.pharmacist)
    form = {
        "store": stores.pharmacy.pk,
        "item": item.pk,
        "quantity": 1,
        "department": hospital.cardiology.pk,
        "serials": "NOPE",
    }
    assert 'name="serials"' in client.get(reverse("inventory:issue")).content.decode()
    before = _snapshot()
    refused = client.post(reverse("inventory:issue"), form)
    api = client.post("/api/v1/inventory/issues/", {**form, "serials": ["NOPE"]}, content_type="application/json")
    assert api.json()["detail"] in refused.content.decode()
    assert _snapshot() == before
    assert client.post(reverse("inventory:issue"), {**form, "serials": "A2"}).status_code == 302
    assert SerialNumber.objects.get(serial="A2").status == SerialStatus.ISSUED


def _requisition_for_stents(hospital, stores, item, quantity=2):
    return services.raise_requisition(user=hospital.nurse_icu, ward=stores.icu_ward, lines=[(item, quantity)])


def test_fulfil_page_and_api_name_serials_and_the_confirmed_ward_keeps_them(hospital, stores, client_for):
    item = _stent()
    _receive(stores, item, ["A1", "A2", "A3"])
    requisition = _requisition_for_stents(hospital, stores, item)
    line = requisition.lines.get()
    client = client_for(stores.pharmacist)
    url = reverse("inventory:requisition_fulfil", args=[requisition.pk])
    page = client.get(requisition.get_absolute_url()).content.decode()
    assert f'name="serials_{line.pk}"' in page and f'name="scan_{line.pk}"' in page
    before = _snapshot()
    # no serials, then an unknown one: refused, the same message through page and API
    for serials in ("", "A1\nNOPE"):
        refused = client.post(url, {f"line_{line.pk}": 2, f"serials_{line.pk}": serials})
        api = client.post(
            f"/api/v1/inventory/requisitions/{requisition.pk}/fulfil/",
            {"quantities": {str(line.pk): 2}, "serials": {str(line.pk): clean_list(serials)}},
            content_type="application/json",
        )
        assert refused.status_code == 200 and api.status_code == 400
        assert api.json()["detail"] in refused.content.decode()
        assert _snapshot() == before
    sent = client.post(
        f"/api/v1/inventory/requisitions/{requisition.pk}/fulfil/",
        {"quantities": {str(line.pk): 1}, "serials": {str(line.pk): ["A3"]}},
        content_type="application/json",
    )
    assert sent.status_code == 200 and sent.json()["status"] == "partly_fulfilled"
    assert client.post(url, {f"line_{line.pk}": 1, f"serials_{line.pk}": "A1"}).status_code == 302
    ward = client_for(hospital.nurse_icu)
    assert ward.post(reverse("inventory:requisition_confirm", args=[requisition.pk])).status_code == 302
    units = dict(SerialNumber.objects.values_list("serial", "store_id"))
    assert units == {"A1": stores.icu_ward.pk, "A2": stores.pharmacy.pk, "A3": stores.icu_ward.pk}
    assert set(SerialNumber.objects.values_list("status", flat=True)) == {SerialStatus.IN_STOCK}


def clean_list(serials):
    return [s for s in serials.split("\n") if s]


def test_a_return_names_issued_serials_of_that_lot_and_department_and_puts_them_back_in_stock(hospital, stores):
    item = _stent()
    _receive(stores, item, ["A1", "A2", "A3"])
    _receive(stores, item, ["B1"], lot="ST2")
    for serial, department in (("A1", hospital.cardiology), ("A2", hospital.icu), ("B1", hospital.cardiology)):
        services.issue(
            user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=1, department=department, serials=serial
        )
    lot = SerialNumber.objects.get(serial="A1").lot

    def give_back(serials, quantity=1):
        return services.return_stock(
            user=stores.pharmacist,
            store=stores.pharmacy,
            lot=lot,
            quantity=quantity,
            department=hospital.cardiology,
            serials=serials,
        )

    before = _snapshot()
    for serials, message in [
        ("", r"one serial per unit \(1\), not 0"),
        ("A2", "Not issued from lot ST1 in Pharmacy to .*: serial numbers A2"),  # another department's
        ("A3", "serial numbers A3"),  # still in stock
        ("B1", "serial numbers B1"),  # another lot
        ("ZZ", "serial numbers ZZ"),
    ]:
        with pytest.raises(DomainError, match=message):
            give_back(serials)
    assert _snapshot() == before
    movement = give_back(["A1"])
    unit = SerialNumber.objects.get(serial="A1")
    assert (unit.status, unit.store, unit.department) == (SerialStatus.IN_STOCK, stores.pharmacy, None)
    assert list(unit.movements.order_by("pk").values_list("kind", flat=True))[-1] == MovementKind.RETURN
    assert movement.quantity == 1
    # a reversed return: the unit is with the department again, and may be returned again
    services.reverse(user=stores.pharmacist, movement=movement, reason="entered twice")
    unit = SerialNumber.objects.get(serial="A1")
    assert (unit.status, unit.department) == (SerialStatus.ISSUED, hospital.cardiology)
    give_back("A1")
    # back in stock: it may be issued again
    services.issue(
        user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=1, department=hospital.icu, serials="A1"
    )
    assert SerialNumber.objects.get(serial="A1").department == hospital.icu


@pytest.mark.parametrize("n", [10, 500])
def test_item_page_lists_where_each_serial_is_like_the_api_paginated_with_a_fixed_query_count(
    hospital, stores, client_for, django_assert_max_num_queries, n
):
    item = _stent()
    _receive(stores, item, [f"S{i:04d}" for i in range(n)])
    services.issue(
        user=stores.pharmacist,
        store=stores.pharmacy,
        item=item,
        quantity=1,
        department=hospital.cardiology,
        serials=["S0001"],
    )
    client = client_for(stores.pharmacist)
    url = reverse("inventory:item_detail", args=[item.pk])
    with django_assert_max_num_queries(14):
        page = client.get(url)
    shown = [
        (u.serial, u.status, u.store.name, u.department.name if u.department else "") for u in page.context["serials"]
    ]
    api = client.get("/api/v1/inventory/serials/", {"item": item.pk}).json()
    listed = [(r["serial"], r["status"], r["store_name"], r["department_name"]) for r in api["results"]]
    assert shown == listed[: len(shown)]
    assert shown[1] == ("S0001", "issued", "Pharmacy", hospital.cardiology.name)
    assert len(shown) == min(n, 25) and page.context["serials"].paginator.count == n == api["count"]
    assert 'id="item-serials"' in page.content.decode()
    if n > 25:
        with django_assert_max_num_queries(14):
            last = client.get(url, {"serials_page": 20})
        assert [u.serial for u in last.context["serials"]] == [f"S{i:04d}" for i in range(475, 500)]
    # not a high-value item: no serials table
    plain = ItemFactory()
    assert client.get(reverse("inventory:item_detail", args=[plain.pk])).context["serials"] is None


def test_order_receipt_page_names_serials_per_line_and_refuses_like_the_api(stores, client_for):
    item = _stent()
    order = PurchaseOrder.objects.create(
        number="PO-S",
        supplier=SupplierFactory(),
        store=stores.pharmacy,
        status=OrderStatus.APPROVED,
        created_by=stores.pharmacist,
    )
    line = PurchaseOrderLine.objects.create(order=order, item=item, packs=2, pack_price=8000)
    item.pack_size = 1
    item.save(update_fields=["pack_size"])
    client = client_for(stores.pharmacist)
    url = reverse("inventory:receive_order", args=[order.pk])
    assert 'name="line-0-serials"' in client.get(url).content.decode()

    def page(serials):
        return client.post(
            url,
            {
                "line-TOTAL_FORMS": 1,
                "line-INITIAL_FORMS": 1,
                "delivery_note": "DN-S",
                "line-0-lot_number": "ST9",
                "line-0-quantity_accepted": 2,
                "line-0-serials": serials,
            },
        )

    def api(serials):
        body = {
            "store": stores.pharmacy.pk,
            "order": order.pk,
            "delivery_note": "DN-S",
            "lines": [
                {
                    "item": item.pk,
                    "order_line": line.pk,
                    "lot_number": "ST9",
                    "quantity_accepted": 2,
                    "serials": serials,
                }
            ],
        }
        return client.post("/api/v1/inventory/receipts/", body, content_type="application/json")

    before = _snapshot()
    for typed in ("", "X1", "X1\nX1"):
        refused, answer = page(typed), api(clean_list(typed))
        assert refused.status_code == 400 and answer.status_code == 400
        assert answer.json()["detail"] in refused.content.decode()
        assert _snapshot() == before
    assert page("X1\nX2").status_code == 302
    assert sorted(SerialNumber.objects.filter(store=stores.pharmacy).values_list("serial", "status")) == [
        ("X1", "in_stock"),
        ("X2", "in_stock"),
    ]
