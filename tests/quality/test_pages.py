"""Every quality page renders, in English and in Simplified Chinese, and the web steps work."""

import datetime as dt

import pytest
from django.utils import timezone

from quality.models import AdverseEvent, InfectionThreshold, SurveyResponse
from tests.quality.factories import AdverseEventFactory, CorrectiveActionFactory, make_survey

pytestmark = pytest.mark.django_db

URLS = [
    "/quality/report/",
    "/quality/report/thanks/AE-2026-000001/",
    "/quality/mine/",
    "/quality/events/",
    "/quality/triage/",
    "/quality/investigations/",
    "/quality/actions/",
    "/quality/dashboard/",
    "/quality/infections/",
    "/quality/satisfaction/",
    "/quality/satisfaction/import/",
    "/quality/satisfaction/new/",
]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_pages_render(hospital, client_for, language):
    event = AdverseEventFactory(department=hospital.cardiology, reporter=hospital.nurse_cardiology, harm="severe")
    CorrectiveActionFactory(event=event, owner=hospital.quality_manager)
    make_survey()
    client = client_for(hospital.quality_manager)
    client.cookies["django_language"] = language
    for url in [*URLS, f"/quality/events/{event.pk}/"]:
        response = client.get(url)
        assert response.status_code == 200, url
    if language == "zh-hans":
        html = client.get(f"/quality/events/{event.pk}/").content.decode()
        assert "Ⅰ级" in html  # severe harm → Level Ⅰ, beside the harm scale
        assert "时间线" in html
        assert "不良事件" in client.get("/quality/report/").content.decode()


def test_index_sends_staff_to_the_form_and_the_office_to_triage(hospital, client_for):
    assert client_for(hospital.nurse_icu).get("/quality/").url == "/quality/report/"
    assert client_for(hospital.quality_manager).get("/quality/").url == "/quality/triage/"


def test_report_form_answers_with_a_reference(hospital, client_for):
    response = client_for(hospital.nurse_icu).post(
        "/quality/report/",
        {
            "event_type": "near_miss",
            "category": "medication",
            "medication_category": "B",
            "department": hospital.icu.pk,
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "description": "Wrong strength picked; caught by the second check.",
        },
        follow=True,
    )
    event = AdverseEvent.objects.get()
    assert event.reference in response.content.decode()
    assert event.harm == "none" and event.reporter == hospital.nurse_icu


def test_report_form_shows_errors_without_losing_answers(hospital, client_for):
    future = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client_for(hospital.nurse_icu).post(
        "/quality/report/",
        {
            "event_type": "incident",
            "category": "fall",
            "department": hospital.icu.pk,
            "occurred_at": future,
            "description": "Fell.",
        },
    )
    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()
    assert not AdverseEvent.objects.exists()


def test_workflow_steps_from_the_event_page(hospital, client_for):
    event = AdverseEventFactory(department=hospital.cardiology)
    client = client_for(hospital.quality_manager)
    url = f"/quality/events/{event.pk}"
    client.post(
        f"{url}/triage/",
        {"event_type": "incident", "category": "fall", "harm": "mild", "investigator": hospital.head_cardiology.pk},
    )
    due = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    client.post(
        f"{url}/action/",
        {"kind": "corrective", "description": "Bed alarms", "owner": hospital.head_cardiology.pk, "due_date": due},
    )
    event.refresh_from_db()
    assert event.status == "actions"
    action = event.actions.get()
    client_for(hospital.head_cardiology).post(
        f"/quality/actions/{action.pk}/", {"status": "done", "effectiveness": "pending"}
    )
    action.refresh_from_db()
    assert action.status == "done"
    response = client_for(hospital.quality_manager).post(f"{url}/reopen/", {"reason": "x"}, follow=True)
    assert "cannot reopen" in response.content.decode()


def test_quality_office_types_in_a_survey_response(hospital, client_for):
    survey = make_survey(questions=3)
    client = client_for(hospital.quality_manager)
    response = client.post(
        f"/quality/satisfaction/new/?survey={survey.pk}",
        {"department": hospital.icu.pk, "responded_on": timezone.localdate().isoformat(), "q1": "5", "q3": "2"},
    )
    assert response.status_code == 302
    stored = SurveyResponse.objects.get()
    assert sorted(stored.answers.values_list("question__number", "score")) == [(1, 5), (3, 2)]
    assert client_for(hospital.head_cardiology).get("/quality/satisfaction/new/").status_code == 403


def test_quality_office_sets_a_ward_threshold(hospital, client_for):
    client_for(hospital.quality_manager).post(
        "/quality/infections/thresholds/", {"department": hospital.icu.pk, "kind": "clabsi", "rate": "2.5"}
    )
    assert str(InfectionThreshold.objects.get(department=hospital.icu, kind="clabsi").rate) == "2.50"


def test_event_list_finds_a_report_by_its_number(hospital, client_for):
    wanted = AdverseEventFactory(department=hospital.cardiology, reference="AE-2026-000123")
    other = AdverseEventFactory(department=hospital.cardiology, reference="AE-2026-000456")

    def listed(user, query):
        html = client_for(user).get(f"/quality/events/?reference={query}").content.decode()
        return html.split('id="event-table"')[1].split("<tbody>")[1].split("</table>")[0]  # rows, not header links

    found = listed(hospital.quality_manager, "000123")
    assert wanted.reference in found and other.reference not in found
    # Scoped like the rest of the list: a number does not open another department's events.
    assert "AE-2026" not in listed(hospital.head_respiratory, "AE-2026")


def test_a_survey_response_for_a_department_without_beds(hospital, client_for):
    # Patients fill in surveys in clinics and radiology too, not only on wards.
    survey = make_survey(questions=1)
    response = client_for(hospital.quality_manager).post(
        f"/quality/satisfaction/new/?survey={survey.pk}",
        {"department": hospital.medicine.pk, "responded_on": timezone.localdate().isoformat(), "q1": "4"},
    )
    assert response.status_code == 302
    assert SurveyResponse.objects.get().department == hospital.medicine
