"""A report form sent twice (a double tap, a reload of the answer page) files one report."""

import datetime as dt
import re
import uuid

import pytest
from django.utils import timezone

from hospital.models import Notification
from quality.models import AdverseEvent

pytestmark = pytest.mark.django_db


def _key_of(html: str) -> str:
    return re.search(r'name="submission_key" value="([^"]+)"', html).group(1)


def test_the_same_form_posted_twice_files_one_report(hospital, client_for):
    client = client_for(hospital.nurse_cardiology)
    key = _key_of(client.get("/quality/report/").content.decode())
    answers = {
        "submission_key": key,
        "anonymous": "on",
        "event_type": "incident",
        "category": "fall",
        "harm": "severe",
        "department": hospital.cardiology.pk,
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "description": "Fell on the stairs.",
    }
    first = client.post("/quality/report/", answers)
    second = client.post("/quality/report/", answers)
    event = AdverseEvent.objects.get()
    assert event.reference in first.content.decode() and event.reference in second.content.decode()
    assert Notification.objects.filter(recipient=hospital.quality_manager).count() == 1
    # The next form is a new report.
    assert _key_of(client.get("/quality/report/").content.decode()) != key


def test_a_mangled_key_still_files_the_report(hospital, client_for):
    response = client_for(hospital.nurse_icu).post(
        "/quality/report/",
        {
            "submission_key": "not-a-uuid",
            "event_type": "unsafe_condition",
            "category": "other",
            "department": hospital.icu.pk,
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "description": "Wet floor, no sign.",
        },
    )
    assert response.status_code == 302
    assert AdverseEvent.objects.get().submission_key is None


def test_an_api_retry_with_the_same_key_returns_the_first_report(hospital, api_for):
    body = {
        "submission_key": str(uuid.uuid4()),
        "occurred_at": (timezone.now() - dt.timedelta(hours=1)).isoformat(),
        "department": hospital.icu.pk,
        "event_type": "near_miss",
        "category": "medication",
        "medication_category": "B",
        "harm": "none",
        "description": "Ten-fold dose prepared, caught at the second check.",
    }
    api = api_for(hospital.nurse_icu)
    first = api.post("/api/v1/quality/events/", body, format="json").json()
    second = api.post("/api/v1/quality/events/", body, format="json").json()
    assert first == second
    assert AdverseEvent.objects.count() == 1
    assert AdverseEvent.objects.get().reference.endswith("000001")
    # Without a key, each post is a report of its own.
    del body["submission_key"]
    api.post("/api/v1/quality/events/", body, format="json")
    assert AdverseEvent.objects.count() == 2
    assert AdverseEvent.objects.order_by("id").last().reference.endswith("000002")
