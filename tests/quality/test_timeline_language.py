"""Timeline details written by the service (a root cause's kind, an action's new status)
are stored untranslated and shown in the reader's language."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.utils import translation

from quality import services
from quality.models import ActionStatus, EventStatus, Harm, RootCauseKind, StepKind
from tests.quality.factories import AdverseEventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def investigated(hospital):
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC), tick=False):
        event = AdverseEventFactory(department=hospital.cardiology, reporter=hospital.nurse_cardiology)
        qm = hospital.quality_manager
        with translation.override("en"):  # written in English
            services.triage_event(
                event=event, user=qm, category=event.category, harm=Harm.MILD,
                event_type=event.event_type, investigator=hospital.head_cardiology,
            )
            event = services.start_investigation(event=event, user=qm)
            services.add_root_cause(
                event=event, user=hospital.head_cardiology, kind=RootCauseKind.COMMUNICATION, description="Handover"
            )
            services.add_action(
                event=event, user=qm, description="Handover checklist", owner=hospital.head_cardiology,
                due_date=dt.date(2026, 11, 30),
            )
            services.update_action(action=event.actions.get(), user=qm, status=ActionStatus.DONE)
    event.refresh_from_db()
    assert event.status == EventStatus.ACTIONS
    return event


def test_timeline_details_follow_the_readers_language(investigated):
    root_cause = investigated.steps.get(kind=StepKind.ROOT_CAUSE)
    updated = investigated.steps.get(kind=StepKind.ACTION_UPDATED)
    with translation.override("en"):
        assert root_cause.display_note == "Communication"
        assert updated.display_note == "Handover checklist → Done"
    with translation.override("zh-hans"):
        assert root_cause.display_note == str(RootCauseKind.COMMUNICATION.label)
        assert updated.display_note == f"Handover checklist → {ActionStatus.DONE.label}"
        assert root_cause.display_note != "Communication"


def test_the_event_page_and_api_show_them_in_chinese(investigated, hospital, client_for, api_for):
    client = client_for(hospital.quality_manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    with translation.override("zh-hans"):
        done, communication = str(ActionStatus.DONE.label), str(RootCauseKind.COMMUNICATION.label)
    page = client.get(investigated.get_absolute_url()).content.decode()
    assert f"Handover checklist → {done}" in page and communication in page
    api = api_for(hospital.quality_manager)
    steps = api.get(f"/api/v1/quality/events/{investigated.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()["steps"]
    assert f"Handover checklist → {done}" in [step["note"] for step in steps]


def test_notes_people_typed_are_shown_as_typed(investigated):
    triaged = investigated.steps.get(kind=StepKind.TRIAGED)
    triaged.note = "Fall"  # a message id by chance: still not translated, it is the person's text
    with translation.override("zh-hans"):
        assert triaged.display_note == "Fall"
