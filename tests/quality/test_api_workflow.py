"""The review through the API: each step calls the service; refusals are 403/409 with a message."""

import datetime as dt

import pytest
from django.utils import timezone

from quality.models import AdverseEvent
from tests.quality.factories import AdverseEventFactory

pytestmark = pytest.mark.django_db


def test_quality_manager_reviews_an_event_through_the_api(hospital, api_for):
    event = AdverseEventFactory(department=hospital.cardiology, reporter=hospital.nurse_cardiology)
    api = api_for(hospital.quality_manager)
    url = f"/api/v1/quality/events/{event.pk}"
    triage = api.post(
        f"{url}/triage/",
        {"event_type": "incident", "category": "fall", "harm": "mild", "investigator": hospital.quality_manager.pk},
        format="json",
    )
    assert triage.status_code == 200, triage.json()
    assert triage.json()["status"] == "triaged"
    assert api.post(f"{url}/start-investigation/").json()["status"] == "investigating"
    assert api.post(f"{url}/findings/", {"findings": "Bed rails down."}, format="json").status_code == 200
    cause = api.post(f"{url}/root-causes/", {"kind": "task", "description": "No checklist"}, format="json")
    assert cause.json()["root_causes"][0]["kind"] == "task"
    due = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    added = api.post(
        f"{url}/actions/",
        {"description": "Rail checklist", "owner": hospital.head_cardiology.pk, "due_date": due},
        format="json",
    )
    assert added.json()["status"] == "actions"
    action_id = added.json()["actions"][0]["id"]
    refused = api.post(f"{url}/close/", {"summary": "Done"}, format="json")
    assert refused.status_code == 409 and refused.json()["detail"]
    owner = api_for(hospital.head_cardiology)
    done = owner.post(f"/api/v1/quality/actions/{action_id}/progress/", {"status": "done"}, format="json")
    assert done.status_code == 200 and done.json()["completed_on"]
    assert api.post(f"{url}/close/", {"summary": "Done"}, format="json").json()["status"] == "closed"
    assert api.post(f"{url}/reopen/", {"reason": "Fell again"}, format="json").json()["status"] == "investigating"
    kinds = [step["kind"] for step in api.get(f"{url}/").json()["steps"]]
    assert kinds[-1] == "reopened"


def test_department_head_cannot_triage(hospital, api_for):
    event = AdverseEventFactory(department=hospital.cardiology)
    response = api_for(hospital.head_cardiology).post(
        f"/api/v1/quality/events/{event.pk}/triage/",
        {"event_type": "incident", "category": "fall", "harm": "mild", "investigator": hospital.head_cardiology.pk},
        format="json",
    )
    assert response.status_code == 403
    assert AdverseEvent.objects.get().status == "submitted"


def test_refused_step_is_409_with_a_message(hospital, api_for):
    event = AdverseEventFactory(department=hospital.cardiology)
    response = api_for(hospital.quality_manager).post(f"/api/v1/quality/events/{event.pk}/reopen/", {"reason": "x"})
    assert response.status_code == 409
    assert "reopen" in response.json()["detail"]


def test_any_signed_in_user_reports_and_anonymous_callers_cannot(hospital, api_for):
    data = {
        "occurred_at": timezone.now().isoformat(),
        "department": hospital.icu.pk,
        "event_type": "near_miss",
        "category": "medication",
        "medication_category": "B",
        "harm": "none",
        "description": "Wrong dose prepared, caught.",
    }
    assert api_for(hospital.pharmacist).post("/api/v1/quality/events/", data, format="json").status_code == 201
    assert api_for(None).post("/api/v1/quality/events/", data, format="json").status_code in (401, 403)


def test_infection_data_and_surveys_are_entered_by_the_quality_office(hospital, api_for):
    month = timezone.localdate().replace(day=1).isoformat()
    body = {"department": hospital.icu.pk, "month": month, "central_line_days": 120}
    assert api_for(hospital.head_cardiology).post("/api/v1/quality/device-days/", body).status_code == 403
    assert api_for(hospital.quality_manager).post("/api/v1/quality/device-days/", body).status_code == 201
    case = {"department": hospital.icu.pk, "kind": "clabsi", "onset_date": timezone.localdate().isoformat()}
    case["patient_identifier"] = "MRN-1"
    assert api_for(hospital.quality_manager).post("/api/v1/quality/infection-cases/", case).status_code == 201
    head_icu_view = api_for(hospital.admin).get("/api/v1/quality/infection-cases/").json()["results"][0]
    assert "patient_identifier" not in head_icu_view


def test_survey_response_entered_through_the_api(hospital, api_for):
    from tests.quality.factories import make_survey

    survey = make_survey()
    body = {
        "survey": survey.pk,
        "department": hospital.icu.pk,
        "responded_on": timezone.localdate().isoformat(),
        "scores": {"1": 5, "2": 3},
    }
    response = api_for(hospital.quality_manager).post("/api/v1/quality/survey-responses/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["answers"] == {"1": 5, "2": 3}
    body["scores"] = {"1": 6}
    assert (
        api_for(hospital.quality_manager).post("/api/v1/quality/survey-responses/", body, format="json").status_code
        == 400
    )


def test_triage_refuses_an_investigator_outside_the_office_and_the_heads(hospital, api_for):
    # The form offers only quality managers and department heads; the API keeps the same rule.
    event = AdverseEventFactory(department=hospital.cardiology)
    response = api_for(hospital.quality_manager).post(
        f"/api/v1/quality/events/{event.pk}/triage/",
        {"event_type": "incident", "category": "fall", "harm": "mild", "investigator": hospital.nurse_icu.pk},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "investigator"
    event.refresh_from_db()
    assert (event.status, event.investigator) == ("submitted", None)


def test_ward_thresholds_through_the_api(hospital, api_for):
    body = {"department": hospital.icu.pk, "kind": "clabsi", "rate": "2.50"}
    assert api_for(hospital.head_cardiology).post("/api/v1/quality/infection-thresholds/", body).status_code == 403
    qm = api_for(hospital.quality_manager)
    assert qm.post("/api/v1/quality/infection-thresholds/", body).status_code == 201
    replaced = qm.post("/api/v1/quality/infection-thresholds/", {**body, "rate": "1.75"})
    assert replaced.status_code == 201 and replaced.json()["rate"] == "1.75"
    assert qm.post("/api/v1/quality/infection-thresholds/", {**body, "rate": "-1"}).status_code == 400
    assert [t["rate"] for t in qm.get("/api/v1/quality/infection-thresholds/").json()["results"]] == ["1.75"]
    assert api_for(hospital.nurse_cardiology).get("/api/v1/quality/infection-thresholds/").json()["count"] == 0


def test_event_list_filters_a_department_with_its_sub_departments(hospital, api_for):
    cardiology = AdverseEventFactory(department=hospital.cardiology)
    icu = AdverseEventFactory(department=hospital.icu)
    body = api_for(hospital.quality_manager).get(f"/api/v1/quality/events/?department={hospital.medicine.pk}").json()
    references = [e["reference"] for e in body["results"]]
    assert cardiology.reference in references and icu.reference not in references
    assert api_for(hospital.quality_manager).get("/api/v1/quality/events/?department=abc").status_code == 400
