"""Triage on the event page asks only what the category needs, like the report form."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from hospital.roles import Role
from tests.e2e.conftest import log_in
from tests.quality.factories import AdverseEventFactory


@pytest.fixture
def roles(transactional_db):
    for role in Role:
        Group.objects.get_or_create(name=role.value)


@pytest.mark.django_db(transaction=True)
def test_recategorising_a_medication_event_hides_and_drops_its_merp_letter(roles, hospital, live_server, page):
    event = AdverseEventFactory(
        department=hospital.cardiology, category="medication", medication_category="C", harm="none"
    )
    log_in(page, live_server, hospital.quality_manager.username)
    page.goto(f"{live_server.url}/quality/events/{event.pk}/")
    merp = page.locator("#triage-form select[name=medication_category]")
    expect(merp).to_be_visible()
    page.select_option("#triage-form select[name=category]", "fall")
    expect(merp).to_be_hidden()
    page.select_option("#triage-form select[name=investigator]", str(hospital.head_cardiology.pk))
    page.click("#triage-form button[type=submit]")
    expect(page.locator("#event-status")).to_have_text("Triaged")
    event.refresh_from_db()
    assert (event.category, event.medication_category) == ("fall", "")
