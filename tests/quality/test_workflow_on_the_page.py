"""The quality workflow as a person meets it: actions updated and closed from the event page,
a searchable action tracker, a stepper from the workflow's own table, NCC MERP letters that
fit the event type, and a thank-you page that fits the report."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from quality.models import ActionStatus, AdverseEvent, EventStatus, EventType
from quality.services import TRANSITIONS
from quality.services.workflow import workflow_path
from tests.quality.factories import AdverseEventFactory, CorrectiveActionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def investigated(hospital):
    event = AdverseEventFactory(department=hospital.cardiology, status=EventStatus.INVESTIGATING)
    action = CorrectiveActionFactory(event=event, owner=hospital.nurse_cardiology, description="New bed rails")
    return event, action


def test_the_owner_closes_an_action_from_the_event_page(hospital, client_for, investigated):
    event, action = investigated
    client = client_for(hospital.nurse_cardiology)
    page = client.get(f"/quality/events/{event.pk}/").content.decode()
    form = page.split(f'data-action="{action.pk}"', 1)[1].split("</div>", 1)[0]
    assert "Mark done" in form and f'name="next" value="/quality/events/{event.pk}/"' in form
    response = client.post(
        f"/quality/actions/{action.pk}/",
        {"status": ActionStatus.DONE, "effectiveness": action.effectiveness, "next": f"/quality/events/{event.pk}/"},
    )
    assert response.status_code == 302 and response.url == f"/quality/events/{event.pk}/"
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.completed_on == timezone.localdate()


def test_the_quality_office_updates_an_action_from_the_event_page(hospital, client_for, investigated):
    event, action = investigated
    client = client_for(hospital.quality_manager)
    assert f'data-action="{action.pk}"' in client.get(f"/quality/events/{event.pk}/").content.decode()
    client.post(f"/quality/actions/{action.pk}/", {"status": ActionStatus.IN_PROGRESS, "effectiveness": "pending"})
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS


def test_a_closed_event_offers_no_action_updates(hospital, client_for, investigated):
    event, action = investigated
    AdverseEvent.objects.filter(pk=event.pk).update(status=EventStatus.CLOSED)
    page = client_for(hospital.quality_manager).get(f"/quality/events/{event.pk}/").content.decode()
    assert f'data-action="{action.pk}"' not in page


def test_someone_else_sees_no_update_form(hospital, client_for, investigated):
    event, action = investigated
    page = client_for(hospital.head_cardiology).get(f"/quality/events/{event.pk}/").content.decode()
    assert f'data-action="{action.pk}"' not in page


def test_the_action_tracker_searches_and_filters(hospital, client_for):
    today = timezone.localdate()
    cardio = AdverseEventFactory(department=hospital.cardiology, reference="AE-2026-000777")
    icu = AdverseEventFactory(department=hospital.icu)
    rails = CorrectiveActionFactory(
        event=cardio, owner=hospital.nurse_cardiology, description="Bed rails", due_date=today
    )
    label = CorrectiveActionFactory(
        event=icu, owner=hospital.nurse_icu, description="Label pumps", due_date=today + dt.timedelta(days=30)
    )
    client = client_for(hospital.quality_manager)

    def listed(**query):
        return {a.pk for a in client.get("/quality/actions/", query).context["page_obj"]}

    assert listed() == {rails.pk, label.pk}
    assert listed(q="rails") == {rails.pk}
    assert listed(q="000777") == {rails.pk}
    assert listed(owner=hospital.nurse_icu.pk) == {label.pk}
    assert listed(department=hospital.medicine.pk) == {rails.pk}  # with its sub-departments
    assert listed(due_from=(today + dt.timedelta(days=1)).isoformat()) == {label.pk}
    assert listed(due_to=today.isoformat()) == {rails.pk}
    html = client.get("/quality/actions/", {"owner": hospital.nurse_icu.pk}).content.decode()
    owner_select = html.split('id="action-owner"', 1)[1].split("</select>", 1)[0]
    assert f'<option value="{hospital.nurse_icu.pk}" selected>' in owner_select


def test_the_way_through_the_workflow_is_read_from_its_transitions():
    assert workflow_path() == [
        EventStatus.SUBMITTED,
        EventStatus.TRIAGED,
        EventStatus.INVESTIGATING,
        EventStatus.ACTIONS,
        EventStatus.CLOSED,
    ]
    targets = {to for _sources, to, _kind in TRANSITIONS.values()}
    assert set(workflow_path()) == targets | {EventStatus.SUBMITTED}


def test_the_event_page_shows_where_the_event_stands(hospital, client_for, investigated):
    event, _action = investigated
    page = client_for(hospital.quality_manager).get(f"/quality/events/{event.pk}/").content.decode()
    stepper = page.split('id="workflow-stepper"', 1)[1].split("</ol>", 1)[0]
    states = re.findall(r'data-stage="(\w+)" data-state="(\w+)"', stepper)
    assert states == [
        ("submitted", "done"),
        ("triaged", "done"),
        ("investigating", "current"),
        ("actions", "upcoming"),
        ("closed", "upcoming"),
    ]
    assert 'aria-current="step"' in stepper


def test_the_report_form_marks_each_merp_letter_with_its_event_type(hospital, client_for):
    html = client_for(hospital.nurse_cardiology).get("/quality/report/").content.decode()
    select = html.split('name="medication_category"', 1)[1].split("</select>", 1)[0]
    marked = dict(re.findall(r'<option value="(\w)" data-event-type="(\w+)"', select))
    assert marked == {
        "A": EventType.UNSAFE_CONDITION,
        "B": EventType.NEAR_MISS,
        **dict.fromkeys("CDEFGHI", EventType.INCIDENT),
    }


def test_a_letter_of_another_event_type_is_refused_alike_by_page_and_api(hospital, client_for, api_for):
    occurred = timezone.localtime() - dt.timedelta(hours=1)
    answers = {
        "department": hospital.cardiology.pk,
        "description": "Wrong dose given.",
        "event_type": EventType.INCIDENT,
        "category": "medication",
        "medication_category": "B",
    }
    page = client_for(hospital.nurse_cardiology).post(
        "/quality/report/", {**answers, "occurred_at": occurred.strftime("%Y-%m-%dT%H:%M")}
    )
    api = api_for(hospital.nurse_cardiology).post(
        "/api/v1/quality/events/", {**answers, "occurred_at": occurred.isoformat()}, format="json"
    )
    message = "NCC MERP category B means “Near miss (did not reach the patient)”."
    assert page.status_code == 200 and page.context["form"].errors["medication_category"] == [message]
    assert api.status_code == 400 and message in str(api.data)
    assert AdverseEvent.objects.count() == 0


def test_a_named_reporters_thank_you_page_links_my_reports_and_says_nothing_of_anonymity(hospital, client_for):
    occurred = timezone.localtime() - dt.timedelta(hours=1)
    client = client_for(hospital.nurse_cardiology)
    response = client.post(
        "/quality/report/",
        {
            "department": hospital.cardiology.pk,
            "description": "Slipped on a wet floor.",
            "event_type": EventType.NEAR_MISS,
            "category": "fall",
            "occurred_at": occurred.strftime("%Y-%m-%dT%H:%M"),
        },
        follow=True,
    )
    html = response.content.decode()
    assert 'id="my-reports-link"' in html and 'href="/quality/mine/"' in html
    assert "anonym" not in html.split("<main", 1)[1].lower()


def test_an_anonymous_reporters_thank_you_page_keeps_the_anonymity_note(hospital, client_for):
    occurred = timezone.localtime() - dt.timedelta(hours=1)
    html = (
        client_for(hospital.nurse_cardiology)
        .post(
            "/quality/report/",
            {
                "anonymous": "on",
                "department": hospital.cardiology.pk,
                "description": "Slipped on a wet floor.",
                "event_type": EventType.NEAR_MISS,
                "category": "fall",
                "occurred_at": occurred.strftime("%Y-%m-%dT%H:%M"),
            },
        )
        .content.decode()
    )
    assert 'id="anonymous-note"' in html and 'id="my-reports-link"' not in html
