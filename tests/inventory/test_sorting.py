"""Inventory lists sort by their column headers (hospital.sorting); the export keeps the
page's order; the API sorts by its `ordering_fields` only (400 for any other)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.inventory.factories import ItemFactory, receive_lot

pytestmark = pytest.mark.django_db


@pytest.fixture
def stock(stores):
    for name, code, quantity in (("Bandage", "C3", 30), ("Amoxicillin", "A9", 5), ("Cannula", "B1", 12)):
        item = ItemFactory(name=name, code=code)
        receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=quantity, lot=f"L-{code}")


def test_item_list_sorts_by_a_column_and_flips_it(stores, stock, client_for):
    client = client_for(stores.pharmacist)
    by_code = client.get(reverse("inventory:item_list"), {"sort": "code"})
    assert [item.code for item in by_code.context["items"]] == ["A9", "B1", "C3"]
    page = by_code.content.decode()
    assert "?sort=-code" in page  # the sorted column's header flips its direction
    by_stock = client.get(reverse("inventory:item_list"), {"sort": "-on_hand"})
    assert [item.on_hand for item in by_stock.context["items"]] == [30, 12, 5]


def test_an_unknown_sort_is_refused_with_a_message_and_the_usual_order(stores, stock, client_for):
    response = client_for(stores.pharmacist).get(reverse("inventory:item_list"), {"sort": "password"})
    assert [item.name for item in response.context["items"]] == ["Amoxicillin", "Bandage", "Cannula"]
    assert "cannot be sorted that way" in response.content.decode()


def test_balance_export_keeps_the_pages_sort(hospital, stock, client_for):
    client = client_for(hospital.finance)
    page = client.get(reverse("inventory:balance_report"), {"sort": "-quantity"})
    on_page = [row.quantity for row in page.context["rows"]]
    assert on_page == [30, 12, 5]
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("inventory:export_balances"), {"sort": "-quantity"}).content)
    ).active
    header = [cell.value for cell in sheet[1]]
    column = next(i for i, name in enumerate(header) if name == "Quantity")
    assert [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)] == on_page


@pytest.mark.parametrize(
    ("url", "ordering", "field", "expected"),
    [
        ("/api/v1/inventory/items/", "-code", "code", ["C3", "B1", "A9"]),
        ("/api/v1/inventory/balances/", "quantity", "quantity", [5, 12, 30]),
        ("/api/v1/inventory/movements/", "-quantity", "quantity", [30, 12, 5]),
        ("/api/v1/inventory/lots/", "number", "number", ["L-A9", "L-B1", "L-C3"]),
    ],
)
def test_api_lists_sort_by_their_ordering_fields(hospital, stock, api_for, url, ordering, field, expected):
    api = api_for(hospital.admin)
    rows = api.get(url, {"ordering": ordering}).json()["results"]
    assert [row[field] for row in rows] == expected
    refused = api.get(url, {"ordering": "user__password"})
    assert refused.status_code == 400 and "ordering" in refused.json()
