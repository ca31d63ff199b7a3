"""Bad input is refused with a clear message and stores nothing: never a 500."""

import datetime as dt
import io

import pytest
from django.utils import timezone

from quality.models import AdverseEvent, DeviceDays, SurveyResponse
from tests.quality.factories import make_survey

pytestmark = pytest.mark.django_db


def _report(hospital, **changes):
    return {
        "occurred_at": (timezone.now() - dt.timedelta(hours=1)).isoformat(),
        "department": hospital.icu.pk,
        "event_type": "incident",
        "category": "device",
        "harm": "mild",
        "description": "Pump stopped.",
        **changes,
    }


@pytest.mark.parametrize("field", ["location", "patient_identifier", "device_asset_tag"])
def test_api_refuses_text_longer_than_its_column(hospital, api_for, field):
    response = api_for(hospital.nurse_icu).post(
        "/api/v1/quality/events/", _report(hospital, **{field: "x" * 300}), format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not AdverseEvent.objects.exists()


def test_report_form_refuses_a_year_typed_wrong(hospital, client_for):
    response = client_for(hospital.nurse_icu).post(
        "/quality/report/",
        {
            "event_type": "incident",
            "category": "fall",
            "harm": "mild",
            "department": hospital.icu.pk,
            "occurred_at": "0001-01-01T00:00",
            "description": "Fell.",
        },
    )
    assert response.status_code == 200
    assert "Check the year" in response.content.decode()
    assert not AdverseEvent.objects.exists()


def test_api_refuses_a_discovery_date_before_1970(hospital, api_for):
    response = api_for(hospital.nurse_icu).post(
        "/api/v1/quality/events/", _report(hospital, discovered_at="1900-01-01T00:00:00Z"), format="json"
    )
    assert response.status_code == 400
    assert response.json()["field"] == "discovered_at"
    assert not AdverseEvent.objects.exists()


@pytest.mark.parametrize("value", ["99999999999", "100000"])
def test_device_days_form_refuses_an_impossible_number(hospital, client_for, value):
    response = client_for(hospital.quality_manager).post(
        "/quality/infections/device-days/",
        {
            "department": hospital.icu.pk,
            "month": timezone.localdate().strftime("%Y-%m"),
            "central_line_days": value,
            "urinary_catheter_days": "0",
            "ventilator_days": "0",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "cannot be right" in html
    assert f'value="{value}"' in html  # the form comes back as typed
    assert not DeviceDays.objects.exists()


def test_device_days_api_refuses_an_impossible_number(hospital, api_for):
    body = {"department": hospital.icu.pk, "month": timezone.localdate().replace(day=1).isoformat()}
    response = api_for(hospital.quality_manager).post(
        "/api/v1/quality/device-days/", {**body, "ventilator_days": 99999999999}, format="json"
    )
    assert response.status_code == 400
    assert not DeviceDays.objects.exists()


@pytest.mark.parametrize("score", ["²", "٥", "4.5", "-1"])
def test_survey_import_refuses_scores_that_are_not_the_digits_1_to_5(hospital, client_for, score):
    survey = make_survey(questions=1)
    upload = io.BytesIO(f"department,date,q1\nICU,{timezone.localdate()},{score}\n".encode())
    upload.name = "survey.csv"
    response = client_for(hospital.quality_manager).post(
        "/quality/satisfaction/import/", {"survey": survey.pk, "file": upload}
    )
    assert response.status_code == 200
    assert "Line 2" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_refused_infection_case_comes_back_as_typed(hospital, client_for):
    response = client_for(hospital.quality_manager).post(
        "/quality/infections/cases/",
        {"department": hospital.icu.pk, "kind": "clabsi", "onset_date": "2099-01-01", "note": "Line day 6"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "cannot be in the future" in html
    assert 'value="Line day 6"' in html


@pytest.mark.parametrize("survey", ["abc", "99999999999999999999", "-1"])
def test_survey_entry_page_ignores_a_bad_survey_parameter(hospital, client_for, survey):
    make_survey()
    response = client_for(hospital.quality_manager).get(f"/quality/satisfaction/new/?survey={survey}")
    assert response.status_code == 200


def test_thank_you_page_shows_only_a_reference_number(hospital, client_for):
    client = client_for(hospital.nurse_icu)
    assert client.get("/quality/report/thanks/AE-2026-000123/").status_code == 200
    assert client.get("/quality/report/thanks/Call-0800-123-for-your-prize/").status_code == 404
