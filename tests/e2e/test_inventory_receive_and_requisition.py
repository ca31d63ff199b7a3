"""A pharmacist receives a delivery by scanning a GS1 string; a ward nurse asks for stock
on a phone and confirms receipt; the balance pages show the right numbers."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from hospital.roles import Role
from inventory.models import Requisition, StockBalance, StoreKind
from tests.e2e.conftest import log_in
from tests.inventory.factories import ItemFactory, StoreFactory


@pytest.fixture
def roles(transactional_db):
    for role in Role:
        Group.objects.get_or_create(name=role.value)


@pytest.mark.django_db(transaction=True)
def test_scan_a_delivery_then_a_ward_asks_and_confirms(roles, hospital, live_server, page, phone_page):
    pharmacy = StoreFactory(name="Pharmacy", kind=StoreKind.PHARMACY, keepers=[hospital.pharmacist])
    ward = StoreFactory(
        name="Cardiology ward store", kind=StoreKind.WARD, department=hospital.cardiology, supplied_by=pharmacy
    )
    item = ItemFactory(name="Amoxicillin", gtin="09506000134352")
    expiry_year = timezone.localdate().year + 2

    # The pharmacist scans the delivery: the form fills itself from the barcode.
    log_in(page, live_server, hospital.pharmacist.username)
    page.goto(f"{live_server.url}/inventory/receive/")
    scan = page.locator("#id_scan")
    expect(scan).to_be_focused()
    scan.fill("]d20109506000134352" + f"17{expiry_year % 100:02d}1200" + "10LOT42")
    scan.press("Enter")
    expect(page.locator("#id_item")).to_have_value(str(item.pk))
    expect(page.locator("#id_lot_number")).to_have_value("LOT42")
    expect(page.locator("#id_expiry")).to_have_value(f"{expiry_year}-12-31")
    page.select_option("#id_store", str(pharmacy.pk))
    page.fill("#id_quantity_accepted", "40")
    page.fill("#id_unit_cost", "0.35")
    page.click("#submit-receipt")
    expect(page.locator(".alert-success")).to_contain_text("Received 40")
    assert StockBalance.objects.get(store=pharmacy, lot__number="LOT42").quantity == 40

    # A bad scan says why, in place.
    page.locator("#id_scan").fill("(01)09506000134353")
    page.locator("#id_scan").press("Enter")
    expect(page.locator("[data-scan-message]")).to_contain_text("check digit")

    # The ward nurse asks for ten on a phone.
    log_in(phone_page, live_server, hospital.nurse_cardiology.username)
    phone_page.goto(f"{live_server.url}/inventory/requisitions/new/")
    phone_page.select_option("#id_ward", str(ward.pk))
    phone_page.select_option("#id_lines-0-item", str(item.pk))
    phone_page.fill("#id_lines-0-quantity", "10")
    phone_page.click("#submit-requisition")
    expect(phone_page.locator("#requisition-status")).to_have_text("Raised")
    requisition = Requisition.objects.get()

    # The pharmacy sends it.
    page.goto(f"{live_server.url}/inventory/requisitions/{requisition.pk}/")
    page.click("#submit-fulfil")
    expect(page.locator("#requisition-status")).to_have_text("Fulfilled")

    # The nurse confirms that it arrived.
    phone_page.reload()
    phone_page.click("#submit-confirm")
    expect(phone_page.locator("#requisition-status")).to_have_text("Received")

    # The balance report shows 30 in the pharmacy and 10 on the ward.
    page.goto(f"{live_server.url}/inventory/balances/?store={pharmacy.pk}")
    expect(page.locator("#balance-table tbody tr")).to_have_count(1)
    expect(page.locator("#balance-table tbody")).to_contain_text("30")
    page.goto(f"{live_server.url}/inventory/balances/?store={ward.pk}")
    expect(page.locator("#balance-table tbody")).to_contain_text("LOT42")
    expect(page.locator("#balance-table tbody")).to_contain_text("10")
    assert dt.date(expiry_year, 12, 31) == StockBalance.objects.get(store=ward).lot.expiry
