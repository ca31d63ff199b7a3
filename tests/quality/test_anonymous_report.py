"""An anonymous report leaves no trace of the reporter anywhere."""

import datetime as dt
import logging

import pytest
from django.apps import apps
from django.utils import timezone

from hospital.models import Notification
from quality import services
from quality.models import AdverseEvent, Harm

pytestmark = pytest.mark.django_db


def _every_history_model():
    return [m for m in apps.get_models() if m.__name__.startswith("Historical")]


def _rows_mentioning(user) -> set[tuple[str, object, str]]:
    """Every row of every quality table, history table and the notifications that holds
    the user's id in a user column, or their username or name anywhere in its text.

    Tests compare this before and after a report: the user's own account history
    mentions them, of course; the report must add nothing.
    """
    found = set()
    needles = {user.username, user.display_name, user.email}
    models = list(apps.get_app_config("quality").get_models()) + _every_history_model() + [Notification]
    for model in models:
        user_columns = [
            f.attname
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model is not None and f.related_model._meta.label == "hospital.User"
        ]
        for row in model.objects.values():
            for column in user_columns:
                if row[column] == user.pk and not (model is Notification and column == "recipient_id"):
                    found.add((model.__name__, row.get("history_id", row.get("id")), column))
            text = " ".join(str(v) for v in row.values())
            if any(needle and needle in text for needle in needles):
                found.add((model.__name__, row.get("history_id", row.get("id")), "text"))
    return found


def _report(hospital, *, anonymous, harm=Harm.SEVERE):
    return services.report_event(
        user=hospital.nurse_cardiology,
        anonymous=anonymous,
        occurred_at=timezone.now() - dt.timedelta(hours=1),
        department=hospital.cardiology,
        event_type="incident",
        category="medication",
        medication_category="G",
        harm=harm,
        description="Double dose of heparin given.",
        patient_identifier="MRN-0042",
    )


def test_anonymous_report_stores_no_reporter_on_the_row_or_in_history(hospital):
    before = _rows_mentioning(hospital.nurse_cardiology)
    event = _report(hospital, anonymous=True)

    stored = AdverseEvent.objects.get(pk=event.pk)
    assert stored.reporter is None and stored.is_anonymous
    assert stored.history.get().history_user is None
    assert stored.steps.get().actor is None
    assert _rows_mentioning(hospital.nurse_cardiology) == before


def test_anonymous_report_through_the_web_form_leaves_no_trace(hospital, client_for):
    # The web request runs simple_history's middleware, which would record the request's user.
    client = client_for(hospital.nurse_cardiology)
    before = _rows_mentioning(hospital.nurse_cardiology)
    response = client.post(
        "/quality/report/",
        {
            "anonymous": "on",
            "event_type": "incident",
            "category": "fall",
            "harm": "moderate",
            "department": hospital.cardiology.pk,
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "description": "Fell on the way to the toilet.",
        },
    )
    # Answered in the POST itself: no URL carries the reference into access logs.
    assert response.status_code == 200
    event = AdverseEvent.objects.get()
    assert event.reference in response.content.decode()
    assert event.reporter is None
    assert _rows_mentioning(hospital.nurse_cardiology) == before


def test_anonymous_report_through_the_api_leaves_no_trace(hospital, api_for):
    api = api_for(hospital.nurse_cardiology)
    before = _rows_mentioning(hospital.nurse_cardiology)
    response = api.post(
        "/api/v1/quality/events/",
        {
            "anonymous": True,
            "occurred_at": (timezone.now() - dt.timedelta(hours=1)).isoformat(),
            "department": hospital.cardiology.pk,
            "event_type": "incident",
            "category": "fall",
            "harm": "severe",
            "description": "Fell out of bed.",
        },
        format="json",
    )
    assert response.status_code == 201
    assert set(response.json()) == {"id", "reference"}
    assert _rows_mentioning(hospital.nurse_cardiology) == before
    # The quality office was told at once, and the notification names nobody.
    assert Notification.objects.filter(recipient=hospital.quality_manager).count() == 1

    for reader in (hospital.quality_manager, hospital.head_cardiology, hospital.admin):
        body = api_for(reader).get(f"/api/v1/quality/events/{response.json()['id']}/").json()
        assert body.get("reporter") is None
        assert str(hospital.nurse_cardiology.pk) not in str(body.get("steps"))
        assert hospital.nurse_cardiology.username not in str(body)
    # The anonymous reporter cannot read it back either: nothing links it to them.
    assert api.get(f"/api/v1/quality/events/{response.json()['id']}/").status_code == 404
    assert api.get("/api/v1/quality/events/").json()["count"] == 0


def test_named_report_keeps_the_reporter_for_the_quality_office(hospital):
    event = _report(hospital, anonymous=False)
    assert event.reporter == hospital.nurse_cardiology
    assert event.history.get().history_user == hospital.nurse_cardiology


def test_anonymous_page_shows_no_reporter_even_to_the_quality_office(hospital, client_for):
    event = _report(hospital, anonymous=True)
    html = client_for(hospital.quality_manager).get(f"/quality/events/{event.pk}/").content.decode()
    reporter = html.split('id="event-reporter">')[1].split("</dd>")[0]
    timeline = html.split('id="timeline">')[1].split("</ol>")[0]
    assert "Anonymous" in reporter
    assert hospital.nurse_cardiology.display_name not in timeline


def test_anonymous_report_writes_nothing_about_the_reporter_to_the_logs(hospital, client_for, caplog):
    caplog.set_level(logging.DEBUG)
    client = client_for(hospital.nurse_cardiology)
    client.post(
        "/quality/report/",
        {
            "anonymous": "on",
            "event_type": "incident",
            "category": "fall",
            "harm": "severe",
            "department": hospital.cardiology.pk,
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "description": "Fell in the corridor.",
        },
    )
    assert AdverseEvent.objects.count() == 1
    nurse = hospital.nurse_cardiology
    for record in caplog.records:
        message = record.getMessage()
        assert nurse.username not in message and nurse.display_name not in message
        assert f"'user_id': {nurse.pk}" not in message
