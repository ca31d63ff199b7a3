"""Finance opens the budget report, finds Cardiology over budget, drills into the cell to
the stent consignment behind it, and downloads the report as XLSX."""

import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from hospital.periods import add_months, month_start
from hospital.roles import Role
from performance import services
from performance.models import CostCategory
from tests.e2e.conftest import log_in


@pytest.fixture
def setup(transactional_db, hospital):
    # a transactional test starts without the rows the migrations seeded
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    for order, (code, name) in enumerate([("consumables", "Consumables"), ("drugs", "Drugs")], start=1):
        CostCategory.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    month = add_months(month_start(timezone.localdate()), -1)
    consumables = CostCategory.objects.get(code="consumables")
    f = hospital.finance
    services.set_budget(department=hospital.cardiology, category=consumables, month=month, amount="50000", user=f)
    services.record_cost_entry(
        department=hospital.cardiology, month=month, category=consumables, amount="48000.00", user=f
    )
    services.record_cost_entry(
        department=hospital.cardiology,
        month=month,
        category=consumables,
        amount="182400.00",
        user=f,
        reference="Consignment settlement: 38 coronary stents",
    )
    return month


@pytest.mark.django_db(transaction=True)
def test_finance_drills_into_an_overspent_cell_and_downloads_the_report(setup, hospital, live_server, page):
    month = f"{setup:%Y-%m}"
    log_in(page, live_server, hospital.finance.username)
    page.goto(f"{live_server.url}/performance/budget/?first={month}&last={month}")
    row = page.locator('#budget-report tr[data-department="CARD"][data-category="consumables"]')
    expect(row).to_contain_text("230,400.00")
    expect(row).to_have_class("table-warning")

    row.locator("a").click()
    expect(page.locator("#cell-entries")).to_contain_text("Consignment settlement: 38 coronary stents")
    expect(page.locator("#cell-entries tbody tr").first).to_contain_text("182,400.00")

    page.go_back()
    with page.expect_download() as download:
        page.click("#budget-xlsx")
    workbook = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    sheet = workbook.worksheets[0]
    rows = {(r[0], r[2]): r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[("CARD", "Consumables")][4] == 230400.0


@pytest.mark.django_db(transaction=True)
def test_a_head_opens_their_cockpit_on_a_phone(setup, hospital, live_server, phone_page):
    log_in(phone_page, live_server, hospital.head_cardiology.username)
    phone_page.goto(f"{live_server.url}/performance/cockpit/")
    expect(phone_page.locator("h1")).to_contain_text("Cardiology")
    expect(phone_page.locator("#cost-against-budget tr.table-warning")).to_have_count(1)
    # nothing wider than the phone: the cards stack, the cost table scrolls in its own box
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
