"""The event page offers exactly the steps the workflow allows (services.allowed_steps),
and the API refuses every other step."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from quality import services
from quality.models import EventStatus, RootCauseKind
from tests.quality.factories import AdverseEventFactory

pytestmark = pytest.mark.django_db

PEOPLE = ["quality_manager", "head_cardiology", "admin", "nurse_cardiology"]


def _api_call(step, hospital):
    """(API path under the event, a valid body) for each step."""
    due = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    return {
        "triage": (
            "triage",
            {"event_type": "incident", "category": "fall", "harm": "mild", "investigator": hospital.head_cardiology.pk},
        ),
        "start_investigation": ("start-investigation", {}),
        "findings": ("findings", {"findings": "Bed rails were down."}),
        "root_cause": ("root-causes", {"kind": RootCauseKind.TASK, "description": "No check at handover."}),
        "action": (
            "actions",
            {"description": "Check rails at handover", "owner": hospital.nurse_cardiology.pk, "due_date": due},
        ),
        "close": ("close", {"summary": "Done."}),
        "reopen": ("reopen", {"reason": "It happened again."}),
    }[step]


def _event(hospital, status):
    return AdverseEventFactory(
        department=hospital.cardiology,
        reporter=hospital.nurse_cardiology,
        status=status,
        investigator=None if status == EventStatus.SUBMITTED else hospital.head_cardiology,
    )


def _offered(client, event) -> set[str]:
    html = client.get(f"/quality/events/{event.pk}/").content.decode()
    return set(re.findall(rf'action="/quality/events/{event.pk}/([a-z_]+)/"', html))


@pytest.mark.parametrize("status", EventStatus.values)
@pytest.mark.parametrize("role", PEOPLE)
def test_the_event_page_offers_exactly_the_allowed_steps(hospital, client_for, status, role):
    user = getattr(hospital, role)
    event = _event(hospital, status)
    assert _offered(client_for(user), event) == set(services.allowed_steps(event, user))


@pytest.mark.parametrize("status", EventStatus.values)
@pytest.mark.parametrize("role", PEOPLE)
def test_the_api_refuses_every_step_not_allowed(hospital, api_for, status, role):
    user = getattr(hospital, role)
    event = _event(hospital, status)
    refused = set(services.STEPS) - set(services.allowed_steps(event, user))
    api = api_for(user)
    for step in sorted(refused):
        path, body = _api_call(step, hospital)
        response = api.post(f"/api/v1/quality/events/{event.pk}/{path}/", body, format="json")
        assert response.status_code in (403, 409), (step, response.status_code, response.data)
    event.refresh_from_db()
    assert event.status == status


def test_who_may_take_which_step(hospital):
    event = _event(hospital, EventStatus.INVESTIGATING)
    assert services.allowed_steps(event, hospital.quality_manager) == ["findings", "root_cause", "action", "close"]
    assert services.allowed_steps(event, hospital.head_cardiology) == ["findings", "root_cause", "action"]
    assert services.allowed_steps(event, hospital.admin) == []
    assert services.allowed_steps(event, hospital.nurse_cardiology) == []
