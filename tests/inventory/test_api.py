"""The API: issue (201 with movements, 409 with the available quantity), barcode, lists."""

import pytest

from inventory.models import StockMovement
from tests.inventory.factories import ItemFactory, receive_lot

pytestmark = pytest.mark.django_db


@pytest.fixture
def amoxicillin(stores):
    item = ItemFactory(gtin="09506000134352")
    receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=10, days=100, lot="A")
    receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=10, days=200, lot="B")
    return item


def _issue(api, stores, hospital, item, quantity):
    return api.post(
        "/api/v1/inventory/issues/",
        {"store": stores.pharmacy.pk, "item": item.pk, "quantity": quantity, "department": hospital.icu.pk},
        format="json",
    )


def test_issue_answers_201_with_the_movements(api_for, hospital, stores, amoxicillin):
    response = _issue(api_for(stores.pharmacist), stores, hospital, amoxicillin, 12)
    assert response.status_code == 201
    assert [(m["quantity"], m["kind"]) for m in response.json()] == [(-10, "issue"), (-2, "issue")]


def test_short_issue_answers_409_with_the_available_quantity(api_for, hospital, stores, amoxicillin):
    response = _issue(api_for(stores.pharmacist), stores, hospital, amoxicillin, 21)
    assert response.status_code == 409
    body = response.json()
    assert body["available"] == 20 and "Only 20" in body["detail"]
    assert StockMovement.objects.filter(kind="issue").count() == 0


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"quantity": 0}, 400),
        ({"quantity": "many"}, 400),
        ({"department": 999999}, 400),
        ({"store": 999999}, 400),
        ({"item": None}, 400),
    ],
)
def test_bad_issue_requests_are_400(api_for, hospital, stores, amoxicillin, payload, status):
    body = {"store": stores.pharmacy.pk, "item": amoxicillin.pk, "quantity": 1, "department": hospital.icu.pk}
    response = api_for(stores.pharmacist).post("/api/v1/inventory/issues/", {**body, **payload}, format="json")
    assert response.status_code == status


def test_issue_from_a_store_one_does_not_keep_is_403_or_404(api_for, hospital, stores, amoxicillin):
    # the finance officer sees the pharmacy but keeps no store; a nurse does not even see it
    assert _issue(api_for(hospital.finance), stores, hospital, amoxicillin, 1).status_code == 403
    assert _issue(api_for(hospital.nurse_icu), stores, hospital, amoxicillin, 1).status_code == 404


def test_barcode_reads_our_fields_and_finds_the_item(api_for, hospital, amoxicillin):
    api = api_for(hospital.nurse_icu)
    response = api.post("/api/v1/inventory/barcode/", {"code": "(01)09506000134352(17)280500(10)LOT42"}, format="json")
    assert response.status_code == 200
    assert response.json() == {
        "gtin": "09506000134352",
        "lot": "LOT42",
        "expiry": "2028-05-31",
        "serial": None,
        "quantity": None,
        "item": amoxicillin.pk,
    }


def test_an_unknown_gtin_has_no_item_and_says_so(api_for, hospital):
    response = api_for(hospital.nurse_icu).post("/api/v1/inventory/barcode/", {"code": "9506000134352"}, format="json")
    assert response.status_code == 200
    assert response.json()["item"] is None and "No item has the GTIN" in response.json()["warning"]


@pytest.mark.parametrize("code", ["(01)09506000134353", "(01)06977000123456(17)260229", "hello", ""])
def test_an_unreadable_barcode_is_400_with_a_reason(api_for, hospital, code):
    response = api_for(hospital.nurse_icu).post("/api/v1/inventory/barcode/", {"code": code}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_barcode_messages_follow_the_users_language(api_for, hospital):
    api = api_for(hospital.nurse_icu)
    response = api.post(
        "/api/v1/inventory/barcode/", {"code": "(01)09506000134353"}, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 400
    assert "校验位" in response.json()["detail"]


def test_balances_filter_by_store_item_and_lot(api_for, stores, amoxicillin):
    api = api_for(stores.pharmacist)
    lot_a = amoxicillin.lots.get(number="A")
    rows = api.get(f"/api/v1/inventory/balances/?store={stores.pharmacy.pk}&item={amoxicillin.pk}").json()["results"]
    assert [(r["lot_number"], r["quantity"]) for r in rows] == [("A", 10), ("B", 10)]
    rows = api.get(f"/api/v1/inventory/balances/?lot={lot_a.pk}").json()["results"]
    assert [r["lot_number"] for r in rows] == ["A"]
    assert api.get("/api/v1/inventory/balances/?store=abc").json()["results"] == []


def test_movements_are_read_only(api_for, stores, amoxicillin):
    api = api_for(stores.pharmacist)
    movement = StockMovement.objects.first()
    assert api.get("/api/v1/inventory/movements/").status_code == 200
    assert api.delete(f"/api/v1/inventory/movements/{movement.pk}/").status_code == 405
    assert api.patch(f"/api/v1/inventory/movements/{movement.pk}/", {"quantity": 1}).status_code == 405


def test_a_requisition_through_the_api(api_for, hospital, stores, amoxicillin):
    nurse = api_for(hospital.nurse_cardiology)
    response = nurse.post(
        "/api/v1/inventory/requisitions/",
        {"ward": stores.cardiology_ward.pk, "lines": [{"item": amoxicillin.pk, "quantity": 4}]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    requisition = response.json()["id"]
    assert nurse.post(f"/api/v1/inventory/requisitions/{requisition}/fulfil/").status_code == 403
    sent = api_for(stores.pharmacist).post(f"/api/v1/inventory/requisitions/{requisition}/fulfil/", {}, format="json")
    assert sent.status_code == 200 and sent.json()["status"] == "fulfilled"
    confirmed = nurse.post(f"/api/v1/inventory/requisitions/{requisition}/confirm/")
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "received"
    assert nurse.post(f"/api/v1/inventory/requisitions/{requisition}/confirm/").status_code == 409


def test_receive_through_the_api_refuses_like_the_service(api_for, stores):
    item = ItemFactory()
    api = api_for(stores.pharmacist)
    line = {"item": item.pk, "lot_number": "R1", "expiry": "2020-01-31", "quantity_accepted": 5, "unit_cost": "1.00"}
    refused = api.post("/api/v1/inventory/receipts/", {"store": stores.pharmacy.pk, "lines": [line]}, format="json")
    assert refused.status_code == 400 and refused.json()["field"] == "expiry"
    line["expiry"] = "2099-12-31"
    made = api.post("/api/v1/inventory/receipts/", {"store": stores.pharmacy.pk, "lines": [line]}, format="json")
    assert made.status_code == 201, made.json()
    assert made.json()["lines"][0]["lot_number"] == "R1"


def test_a_stocktake_through_the_api(api_for, stores, amoxicillin):
    api = api_for(stores.pharmacist)
    sheet = api.post("/api/v1/inventory/stocktakes/", {"store": stores.pharmacy.pk}, format="json").json()
    lot = amoxicillin.lots.get(number="A")
    counted = api.post(
        f"/api/v1/inventory/stocktakes/{sheet['id']}/counts/",
        {"counts": [{"lot": lot.pk, "counted": 8}]},
        format="json",
    )
    assert counted.status_code == 200
    posted = api.post(f"/api/v1/inventory/stocktakes/{sheet['id']}/post/", {"reason": "Monthly count"}, format="json")
    assert posted.json() == {"adjustments": 1}
    assert (
        api.post(f"/api/v1/inventory/stocktakes/{sheet['id']}/post/", {"reason": "x"}, format="json").status_code == 409
    )


def test_transfer_adjust_write_off_reverse_and_quarantine_through_the_api(api_for, hospital, stores, amoxicillin):
    api = api_for(stores.pharmacist)
    moved = api.post(
        "/api/v1/inventory/transfers/",
        {"source": stores.pharmacy.pk, "destination": stores.icu_ward.pk, "item": amoxicillin.pk, "quantity": 12},
        format="json",
    )
    assert moved.status_code == 201 and sorted(m["quantity"] for m in moved.json()) == [-10, -2, 2, 10]
    short = api.post(
        "/api/v1/inventory/transfers/",
        {"source": stores.pharmacy.pk, "destination": stores.icu_ward.pk, "item": amoxicillin.pk, "quantity": 99},
        format="json",
    )
    assert short.status_code == 409 and short.json()["available"] == 8
    lot_b = amoxicillin.lots.get(number="B")
    adjusted = api.post(
        "/api/v1/inventory/adjustments/",
        {"store": stores.pharmacy.pk, "lot": lot_b.pk, "quantity": -1, "reason": "Broken vial"},
        format="json",
    )
    assert adjusted.status_code == 201
    assert (
        api.post(
            "/api/v1/inventory/adjustments/",
            {"store": stores.pharmacy.pk, "lot": lot_b.pk, "quantity": 0, "reason": "x"},
            format="json",
        ).status_code
        == 400
    )
    written_off = api.post(
        "/api/v1/inventory/write-offs/",
        {"store": stores.pharmacy.pk, "lot": lot_b.pk, "quantity": 2, "reason": "damaged"},
        format="json",
    )
    assert written_off.status_code == 201
    reversed_ = api.post(
        f"/api/v1/inventory/movements/{written_off.json()[0]['id']}/reverse/", {"reason": "Found them"}, format="json"
    )
    assert reversed_.status_code == 201 and reversed_.json()[0]["quantity"] == 2
    again = api.post(
        f"/api/v1/inventory/movements/{written_off.json()[0]['id']}/reverse/", {"reason": "Again"}, format="json"
    )
    assert again.status_code == 409
    held = api.post(
        f"/api/v1/inventory/lots/{lot_b.pk}/quarantine/", {"quarantined": True, "reason": "Recall"}, format="json"
    )
    assert held.status_code == 200 and held.json()["quarantined"] is True
    nurse = api_for(hospital.nurse_icu)
    assert (
        nurse.post(f"/api/v1/inventory/lots/{lot_b.pk}/quarantine/", {"quarantined": False}, format="json").status_code
        == 403
    )
