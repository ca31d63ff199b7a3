"""A refused step on the event page says why and keeps what the quality manager typed."""

import re
from collections import Counter

import pytest

from quality.models import EventStatus
from tests.quality.factories import AdverseEventFactory, CorrectiveActionFactory

pytestmark = pytest.mark.django_db

SUMMARY = "Bed alarms fitted on every bed of the ward; staff trained over three weeks."


def test_refused_closing_keeps_the_summary_and_says_why(hospital, client_for):
    event = AdverseEventFactory(department=hospital.cardiology, status=EventStatus.ACTIONS)
    CorrectiveActionFactory(event=event, owner=hospital.head_cardiology)  # still open
    response = client_for(hospital.quality_manager).post(f"/quality/events/{event.pk}/close/", {"summary": SUMMARY})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Finish or cancel the open actions" in html
    assert SUMMARY in html.split('id="close-form"')[1]
    event.refresh_from_db()
    assert event.status == EventStatus.ACTIONS


def test_refused_triage_shows_the_error_beside_its_field(hospital, client_for):
    event = AdverseEventFactory(department=hospital.cardiology)
    response = client_for(hospital.quality_manager).post(
        f"/quality/events/{event.pk}/triage/",
        {
            "event_type": "near_miss",
            "category": "fall",
            "harm": "severe",
            "investigator": hospital.head_cardiology.pk,
            "note": "Called the ward sister first.",
        },
    )
    assert response.status_code == 400
    form = response.content.decode().split('id="triage-form"')[1].split("</form>")[0]
    assert "did not reach a patient" in form
    assert "Called the ward sister first." in form
    event.refresh_from_db()
    assert event.status == EventStatus.SUBMITTED


def test_an_empty_action_keeps_the_other_answers(hospital, client_for):
    event = AdverseEventFactory(department=hospital.cardiology, status=EventStatus.INVESTIGATING)
    response = client_for(hospital.quality_manager).post(
        f"/quality/events/{event.pk}/action/",
        {"kind": "preventive", "description": "Night checks of the call bell", "owner": "", "due_date": ""},
    )
    assert response.status_code == 400
    form = response.content.decode().split('id="action-form"')[1].split("</form>")[0]
    assert "Night checks of the call bell" in form
    assert not event.actions.exists()


def test_every_field_on_the_event_page_has_an_id_of_its_own(hospital, client_for):
    event = AdverseEventFactory(department=hospital.cardiology, status=EventStatus.INVESTIGATING)
    html = client_for(hospital.quality_manager).get(f"/quality/events/{event.pk}/").content.decode()
    ids = Counter(re.findall(r'\bid="(id_[^"]+)"', html))
    assert ids and all(n == 1 for n in ids.values()), ids
    for target in re.findall(r'<label[^>]*for="(id_[^"]+)"', html):
        assert target in ids


def test_triage_away_from_medication_drops_the_merp_letter(hospital, client_for):
    event = AdverseEventFactory(department=hospital.cardiology, category="medication", medication_category="C")
    response = client_for(hospital.quality_manager).post(
        f"/quality/events/{event.pk}/triage/",
        {
            "event_type": "incident",
            "category": "fall",
            "harm": "mild",
            "medication_category": "C",  # still selected in the form
            "investigator": hospital.head_cardiology.pk,
        },
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.status, event.category, event.medication_category) == ("triaged", "fall", "")
