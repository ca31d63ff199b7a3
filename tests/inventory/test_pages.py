"""The pages: forms go through the services; the page and the API give the same answer."""

import pytest
from django.urls import reverse

from inventory.models import Requisition, StockBalance, StockMovement
from tests.inventory.factories import receive_lot

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(stocked_item):
    return stocked_item


@pytest.mark.parametrize(
    "url",
    [
        "inventory:item_list",
        "inventory:balance_report",
        "inventory:expiry_report",
        "inventory:issue",
        "inventory:receive",
    ],
)
def test_pages_open_for_a_pharmacist(client_for, stores, item, url):
    response = client_for(stores.pharmacist).get(reverse(url))
    assert response.status_code == 200


def test_item_page_shows_balances_and_ledger(client_for, stores, item):
    page = client_for(stores.pharmacist).get(reverse("inventory:item_detail", args=[item.pk])).content.decode()
    assert "A1" in page and 'id="ledger-table"' in page and 'id="total-value"' in page


def test_item_search_finds_by_name_code_and_gtin(client_for, stores, item):
    client = client_for(stores.pharmacist)
    for query in ("amoxi", item.code, "9506000134352"):
        page = client.get(reverse("inventory:item_list"), {"q": query}).content.decode()
        assert reverse("inventory:item_detail", args=[item.pk]) in page, query


def test_issue_form_issues_earliest_expiry_first(client_for, hospital, stores, item):
    response = client_for(stores.pharmacist).post(
        reverse("inventory:issue"),
        {"store": stores.pharmacy.pk, "item": item.pk, "quantity": 4, "department": hospital.icu.pk},
    )
    assert response.status_code == 302
    assert StockBalance.objects.get(store=stores.pharmacy, lot__number="A1").quantity == 6


def test_page_and_api_give_the_same_refusal_for_a_short_issue(client_for, api_for, hospital, stores, item):
    payload = {"store": stores.pharmacy.pk, "item": item.pk, "quantity": 11, "department": hospital.icu.pk}
    page = client_for(stores.pharmacist).post(reverse("inventory:issue"), payload)
    api = api_for(stores.pharmacist).post("/api/v1/inventory/issues/", payload, format="json")
    assert page.status_code == 200 and api.status_code == 409
    message = api.json()["detail"]
    assert message in page.context["form"].errors["quantity"]
    assert StockMovement.objects.filter(kind="issue").count() == 0


def test_receipt_form_refuses_an_expired_lot_with_the_services_message(client_for, stores, item):
    response = client_for(stores.pharmacist).post(
        reverse("inventory:receive"),
        {
            "store": stores.pharmacy.pk,
            "item": item.pk,
            "lot_number": "OLD",
            "expiry": "2020-01-31",
            "quantity_accepted": 5,
            "unit_cost": "1.00",
        },
    )
    assert response.status_code == 200
    assert "expired on 2020-01-31" in " ".join(response.context["form"].errors["expiry"])


def test_a_nurse_raises_a_requisition_and_confirms_receipt(client_for, hospital, stores, item):
    nurse = client_for(hospital.nurse_cardiology)
    response = nurse.post(
        reverse("inventory:requisition_new"),
        {
            "ward": stores.cardiology_ward.pk,
            "lines-TOTAL_FORMS": 3,
            "lines-INITIAL_FORMS": 0,
            "lines-0-item": item.pk,
            "lines-0-quantity": 3,
        },
    )
    requisition = Requisition.objects.get()
    assert response.status_code == 302 and requisition.lines.get().quantity_requested == 3
    pharmacist = client_for(stores.pharmacist)
    line = requisition.lines.get()
    assert (
        pharmacist.post(
            reverse("inventory:requisition_fulfil", args=[requisition.pk]), {f"line_{line.pk}": 3}
        ).status_code
        == 302
    )
    nurse = client_for(hospital.nurse_cardiology)
    nurse.post(reverse("inventory:requisition_confirm", args=[requisition.pk]))
    requisition.refresh_from_db()
    assert requisition.status == "received"
    assert StockBalance.objects.get(store=stores.cardiology_ward).quantity == 3


def test_expiry_report_bands_count_and_export(client_for, stores, item):
    receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=2, days=20, lot="SOON")
    client = client_for(stores.pharmacist)
    page = client.get(reverse("inventory:expiry_report"), {"days": "30"})
    assert [row.lot.number for row in page.context["rows"]] == ["SOON"]
    assert page.context["counts"]["count_30"] == 1 and page.context["counts"]["count_90"] == 1
    export = client.get(reverse("inventory:export_expiry"), {"days": "30"})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_kpi_page_charts_the_registered_metrics(hospital, stores, item, client_for):
    page = client_for(hospital.finance).get(reverse("inventory:kpis"))
    assert page.status_code == 200
    assert 'data-metric="inventory.days_on_hand"' in page.content.decode()
    assert client_for(hospital.nurse_icu).get(reverse("inventory:kpis")).status_code == 403


def test_transfer_form_moves_stock_and_shows_a_short_refusal(client_for, stores, item):
    client = client_for(stores.pharmacist)
    payload = {"source": stores.pharmacy.pk, "destination": stores.icu_ward.pk, "item": item.pk, "quantity": 4}
    assert client.post(reverse("inventory:transfer"), payload).status_code == 302
    assert StockBalance.objects.get(store=stores.icu_ward).quantity == 4
    refused = client.post(reverse("inventory:transfer"), {**payload, "quantity": 7})
    assert "Only 6" in " ".join(refused.context["form"].errors["quantity"])
