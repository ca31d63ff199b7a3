"""A nurse reports a fault from the device's label on a phone; the engineer takes the order
on the board (no page reload), repairs it, and the device is back in service with its
downtime on the timeline."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from equipment.models import EquipmentStatus, WorkOrder, WorkOrderStatus
from hospital.roles import Role
from tests.e2e.conftest import log_in
from tests.equipment.factories import EquipmentFactory


@pytest.fixture
def roles(transactional_db):
    for role in Role:
        Group.objects.get_or_create(name=role.value)


@pytest.mark.django_db(transaction=True)
def test_phone_report_to_repair_and_back_in_service(roles, hospital, live_server, phone_page, page):
    device = EquipmentFactory(department=hospital.icu, asset_tag="ICU-VENT-7", name="Evita ventilator")

    # The nurse scans the label: the report form, with the device already chosen.
    log_in(phone_page, live_server, hospital.nurse_icu.username)
    phone_page.goto(f"{live_server.url}{device.get_report_url()}")
    expect(phone_page.locator("#chosen-device")).to_contain_text("ICU-VENT-7")
    phone_page.fill("#id_description", "Low pressure alarm keeps sounding")
    phone_page.click("#send-report")
    expect(phone_page.locator("#report-done")).to_contain_text("has reached the biomedical engineers")
    order = WorkOrder.objects.get()

    # The engineer sees it on the board and starts it: the card moves without a reload.
    log_in(page, live_server, hospital.engineer.username)
    page.goto(f"{live_server.url}/equipment/work-orders/")
    card = page.locator(f'[data-column="open"] [data-order="{order.pk}"]')
    expect(card).to_contain_text("ICU-VENT-7")
    page.evaluate("window.notReloaded = true")
    card.locator('button[data-move="in_progress"]').click()
    expect(page.locator(f'[data-column="in_progress"] [data-order="{order.pk}"]')).to_be_visible()
    assert page.evaluate("window.notReloaded") is True
    device.refresh_from_db()
    assert device.status == EquipmentStatus.UNDER_REPAIR

    # Repaired: completed on the order's page, the device is back in service.
    page.locator(f'[data-column="in_progress"] [data-order="{order.pk}"] >> text=Open').click()
    page.select_option("#complete-form select[name=outcome]", "repaired")
    page.fill("#complete-form input[name=labour_hours]", "1.5")
    page.click("#complete-form button[type=submit]")
    expect(page.locator("#order-status")).to_have_text("Completed")
    order.refresh_from_db()
    device.refresh_from_db()
    assert order.status == WorkOrderStatus.COMPLETED
    assert device.status == EquipmentStatus.IN_SERVICE

    # The timeline shows the downtime.
    page.goto(f"{live_server.url}{device.get_absolute_url()}")
    expect(page.locator("#device-status")).to_have_text("In service")
    expect(page.locator("#timeline .downtime")).to_have_count(1)
    expect(page.locator("#timeline")).to_contain_text("Under repair")
