"""A nurse files an anonymous report from a phone in two screens; the quality manager
triages it and adds an action; the department head sees it without the reporter."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from hospital.roles import Role
from quality.models import AdverseEvent
from tests.e2e.conftest import log_in


@pytest.fixture
def roles(transactional_db):
    # A transactional test case may run after another has flushed the roles' groups.
    for role in Role:
        Group.objects.get_or_create(name=role.value)


@pytest.mark.django_db(transaction=True)
def test_anonymous_phone_report_triaged_and_seen_by_the_head(roles, hospital, live_server, phone_page, page):
    nurse = hospital.nurse_cardiology
    log_in(phone_page, live_server, nurse.username)

    # Screen 1: the form, asking only what the answers need.
    phone_page.goto(f"{live_server.url}/quality/report/")
    expect(phone_page.locator("#id_medication_category")).to_be_hidden()
    phone_page.check("#id_anonymous")
    phone_page.check("input[name=event_type][value=incident]")
    phone_page.select_option("#id_category", "medication")
    expect(phone_page.locator("#id_medication_category")).to_be_visible()
    phone_page.select_option("#id_category", "fall")
    expect(phone_page.locator("#id_medication_category")).to_be_hidden()
    expect(phone_page.locator("#id_device_asset_tag")).to_be_hidden()
    phone_page.select_option("#id_harm", "moderate")
    phone_page.fill("#id_location", "Bed 12")
    phone_page.fill("#id_description", "Patient fell walking to the toilet at night; call bell out of reach.")
    phone_page.fill("#id_immediate_actions", "Doctor called; X-ray ordered.")
    screens = []
    phone_page.on("framenavigated", lambda frame: frame == phone_page.main_frame and screens.append(frame.url))
    phone_page.click("#submit-report")

    # Screen 2: the reference number.
    reference = phone_page.locator("#reference")
    expect(reference).to_have_text(re.compile(r"AE-\d{4}-\d{6}"))
    assert len(screens) == 1  # the form, then this page: two screens in all
    event = AdverseEvent.objects.get()
    expect(reference).to_have_text(event.reference)
    assert event.reporter is None and event.is_anonymous
    assert event.department == hospital.cardiology

    # The quality manager triages it and adds an action.
    log_in(page, live_server, hospital.quality_manager.username)
    page.goto(f"{live_server.url}/quality/triage/")
    page.click(f"text={event.reference}")
    expect(page.locator("#event-reporter")).to_contain_text("Anonymous")
    page.select_option("#triage-form select[name=investigator]", str(hospital.quality_manager.pk))
    page.click("#triage-form button[type=submit]")
    expect(page.locator("#event-status")).to_have_text("Triaged")
    page.fill("#action-form textarea[name=description]", "Keep the call bell within reach at night checks.")
    page.select_option("#action-form select[name=owner]", str(hospital.head_cardiology.pk))
    page.fill("#action-form input[name=due_date]", "2099-01-31")
    page.click("#action-form button[type=submit]")
    expect(page.locator("#event-status")).to_have_text("Actions")
    expect(page.locator("#event-actions")).to_contain_text("call bell within reach")

    # The head of cardiology sees the event, without the reporter or the patient.
    page.context.clear_cookies()
    log_in(page, live_server, hospital.head_cardiology.username)
    page.goto(f"{live_server.url}/quality/events/")
    page.click(f"text={event.reference}")
    expect(page.locator("#event-facts")).to_contain_text("Cardiology")
    expect(page.locator("#event-reporter")).to_have_count(0)
    expect(page.locator("#timeline")).not_to_contain_text(str(nurse))


@pytest.mark.django_db(transaction=True)
def test_report_draft_survives_leaving_the_page(roles, hospital, live_server, phone_page):
    log_in(phone_page, live_server, hospital.nurse_icu.username)
    phone_page.goto(f"{live_server.url}/quality/report/")
    phone_page.check("#id_anonymous")
    phone_page.check("input[name=event_type][value=near_miss]")
    expect(phone_page.locator("#id_harm")).to_be_hidden()
    phone_page.select_option("#id_category", "device")
    phone_page.fill("#id_device_asset_tag", "BME-00042")
    phone_page.fill("#id_description", "Pump occlusion alarm silenced without a check.")
    phone_page.locator("#more-details summary").click()
    phone_page.fill("#id_patient_identifier", "MRN-555")
    phone_page.goto(f"{live_server.url}/quality/mine/")
    phone_page.goto(f"{live_server.url}/quality/report/")
    expect(phone_page.locator("#draft-note")).to_be_visible()
    expect(phone_page.locator("#id_anonymous")).to_be_checked()
    expect(phone_page.locator("#id_device_asset_tag")).to_have_value("BME-00042")
    expect(phone_page.locator("#id_description")).to_have_value(re.compile("occlusion alarm"))
    # The patient identifier is never kept on the device.
    expect(phone_page.locator("#id_patient_identifier")).to_have_value("")
    phone_page.click("#submit-report")
    expect(phone_page.locator("#reference")).to_be_visible()
    event = AdverseEvent.objects.get()
    assert (event.category, event.device_asset_tag, event.harm) == ("device", "BME-00042", "none")
    # Sent: the draft is gone.
    phone_page.goto(f"{live_server.url}/quality/report/")
    expect(phone_page.locator("#id_description")).to_have_value("")
