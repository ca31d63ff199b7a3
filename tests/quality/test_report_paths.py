"""A report is stored the same whether it comes from the report page or the API:
the normalisation lives in the service (quality.services.reports), not in a form."""

import datetime as dt

import pytest
from django.utils import timezone

from quality.models import AdverseEvent, Category, EventType, Harm

pytestmark = pytest.mark.django_db


def _file_both_ways(hospital, client_for, api_for, answers: dict) -> tuple[AdverseEvent, AdverseEvent]:
    """The same answers through the page and through POST /api/v1/quality/events/."""
    occurred = timezone.localtime() - dt.timedelta(hours=1)
    common = {"department": hospital.cardiology.pk, "description": "Found before it reached the patient.", **answers}
    page = client_for(hospital.nurse_cardiology).post(
        "/quality/report/", {**common, "occurred_at": occurred.strftime("%Y-%m-%dT%H:%M")}
    )
    assert page.status_code == 302, page.content.decode()
    api = api_for(hospital.nurse_cardiology).post(
        "/api/v1/quality/events/", {**common, "occurred_at": occurred.isoformat()}, format="json"
    )
    assert api.status_code == 201, api.data
    from_page, from_api = AdverseEvent.objects.order_by("id")
    return from_page, from_api


@pytest.mark.parametrize("event_type", [EventType.NEAR_MISS, EventType.UNSAFE_CONDITION])
def test_a_report_that_did_not_reach_the_patient_is_stored_with_no_harm_from_page_and_api(
    hospital, client_for, api_for, event_type
):
    from_page, from_api = _file_both_ways(
        hospital, client_for, api_for, {"event_type": event_type, "category": Category.FALL}
    )
    assert from_page.harm == from_api.harm == Harm.NONE


def test_an_incident_without_harm_is_stored_as_unknown_from_page_and_api(hospital, client_for, api_for):
    from_page, from_api = _file_both_ways(
        hospital, client_for, api_for, {"event_type": EventType.INCIDENT, "category": Category.FALL}
    )
    assert from_page.harm == from_api.harm == Harm.UNKNOWN


def test_an_ncc_merp_letter_outside_medication_is_dropped_from_page_and_api(hospital, client_for, api_for):
    answers = {"event_type": EventType.NEAR_MISS, "category": Category.FALL, "medication_category": "B"}
    from_page, from_api = _file_both_ways(hospital, client_for, api_for, answers)
    assert from_page.medication_category == from_api.medication_category == ""
