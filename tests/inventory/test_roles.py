"""Who sees and does what, as a matrix: pages, API and exports ask the same rules."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from inventory import services
from tests.inventory.factories import ItemFactory, receive_lot

pytestmark = pytest.mark.django_db

USERS = [
    "admin",
    "pharmacist",
    "storekeeper",
    "finance",
    "head_medicine",
    "head_cardiology",
    "nurse_cardiology",
    "nurse_icu",
    "physician_cardiology",
    "engineer",
]
# stores whose stock each user sees: pharmacy (P), central warehouse (C), cardiology ward (W)
SEES = {
    "admin": "PCW",
    "pharmacist": "PCW",
    "storekeeper": "C",
    "finance": "PCW",
    "head_medicine": "W",
    "head_cardiology": "W",
    "nurse_cardiology": "W",
    "nurse_icu": "",
    "physician_cardiology": "W",
    "engineer": "",
}
KEEPS = {"admin", "pharmacist", "storekeeper"}
RAISES = {"admin", "head_medicine", "head_cardiology", "nurse_cardiology", "nurse_icu"}  # each for their ward
VALUES = {"admin", "pharmacist", "finance", "head_medicine", "head_cardiology"}


def _user(hospital, stores, name):
    return getattr(stores, name, None) or getattr(hospital, name)


@pytest.fixture
def stock(hospital, stores):
    item = ItemFactory()
    receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=50, lot="P")
    receive_lot(user=stores.storekeeper, store=stores.central, item=item, quantity=50, lot="C")
    services.transfer(
        user=stores.pharmacist, source=stores.pharmacy, destination=stores.cardiology_ward, item=item, quantity=5
    )
    return item


def _codes(stores, seen: str) -> set[int]:
    by_letter = {"P": stores.pharmacy.pk, "C": stores.central.pk, "W": stores.cardiology_ward.pk}
    return {by_letter[letter] for letter in seen}


@pytest.mark.parametrize("name", USERS)
def test_balances_in_api_page_and_export_agree(hospital, stores, stock, client_for, api_for, name):
    user = _user(hospital, stores, name)
    expected = _codes(stores, SEES[name])
    api_rows = api_for(user).get("/api/v1/inventory/balances/").json()["results"]
    assert {row["store"] for row in api_rows} == expected
    assert ("value" in api_rows[0]) == (name in VALUES) if api_rows else True

    client = client_for(user)
    page = client.get(reverse("inventory:balance_report"))
    assert page.status_code == 200
    assert {row.store_id for row in page.context["rows"]} == expected
    assert (page.context["total_value"] is not None) == (name in VALUES)

    export = client.get(reverse("inventory:export_balances"))
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) - 1 == len(api_rows)
    assert ("Value" in rows[0]) == (name in VALUES)


@pytest.mark.parametrize("name", USERS)
def test_stock_forms_and_requisitions_by_role(hospital, stores, stock, client_for, name):
    client = client_for(_user(hospital, stores, name))
    keeps = 200 if name in KEEPS else 403
    assert client.get(reverse("inventory:issue")).status_code == keeps
    assert client.get(reverse("inventory:receive")).status_code == keeps
    assert client.get(reverse("inventory:requisition_new")).status_code == (200 if name in RAISES else 403)
    assert client.get(reverse("inventory:item_list")).status_code == 200


@pytest.mark.parametrize("name", USERS)
def test_issue_through_the_api_by_role(hospital, stores, stock, api_for, name):
    response = api_for(_user(hospital, stores, name)).post(
        "/api/v1/inventory/issues/",
        {"store": stores.pharmacy.pk, "item": stock.pk, "quantity": 1, "department": hospital.icu.pk},
        format="json",
    )
    if name in ("admin", "pharmacist"):
        assert response.status_code == 201
    elif "P" in SEES[name]:
        assert response.status_code == 403
    else:
        assert response.status_code == 404
