"""The report draft on a shared ward device: kept per user, and kept until the report arrives."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from hospital.roles import Role
from quality.models import AdverseEvent
from tests.e2e.conftest import log_in


@pytest.fixture
def roles(transactional_db):
    for role in Role:
        Group.objects.get_or_create(name=role.value)


def _start_report(page, live_server, text):
    page.goto(f"{live_server.url}/quality/report/")
    page.check("input[name=event_type][value=near_miss]")
    page.select_option("#id_category", "fall")
    page.fill("#id_description", text)


@pytest.mark.django_db(transaction=True)
def test_a_send_that_fails_offline_keeps_the_draft(roles, hospital, live_server, phone_page):
    log_in(phone_page, live_server, hospital.nurse_icu.username)
    _start_report(phone_page, live_server, "Bed brake found off in bay 3.")
    phone_page.context.set_offline(True)
    with pytest.raises(PlaywrightError):
        phone_page.click("#submit-report", timeout=5_000)
        phone_page.wait_for_url("**/thanks/**", timeout=5_000)
    phone_page.context.set_offline(False)
    assert not AdverseEvent.objects.exists()
    phone_page.goto(f"{live_server.url}/quality/report/")
    expect(phone_page.locator("#draft-note")).to_be_visible()
    expect(phone_page.locator("#id_description")).to_have_value("Bed brake found off in bay 3.")
    phone_page.click("#submit-report")
    expect(phone_page.locator("#reference")).to_be_visible()
    assert AdverseEvent.objects.get().description == "Bed brake found off in bay 3."
    phone_page.goto(f"{live_server.url}/quality/report/")
    expect(phone_page.locator("#id_description")).to_have_value("")


@pytest.mark.django_db(transaction=True)
def test_another_user_on_the_same_device_does_not_get_the_draft(roles, hospital, live_server, phone_page):
    log_in(phone_page, live_server, hospital.nurse_icu.username)
    _start_report(phone_page, live_server, "Oxygen cylinder empty on the resus trolley.")
    phone_page.context.clear_cookies()  # signed out; the browser's storage stays
    log_in(phone_page, live_server, hospital.nurse_cardiology.username)
    phone_page.goto(f"{live_server.url}/quality/report/")
    expect(phone_page.locator("#id_description")).to_have_value("")
    expect(phone_page.locator("#draft-note")).to_be_hidden()
