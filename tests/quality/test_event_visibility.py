"""Who sees which event, and whose identity, in pages, the API and the export.

The matrix: a named report by a cardiology nurse, with a patient identifier.
- the reporter: sees it, with their own name, not the patient identifier;
- another nurse (ICU): does not see it;
- the head of cardiology (and of internal medicine, cardiology's parent): sees it,
  without reporter or patient identifier;
- another department's head (respiratory): does not see it;
- the quality manager: sees it, with reporter and patient identifier;
- the administrator: sees it, without reporter or patient identifier.
The export is de-identified for everyone, the quality office included.

Covered for each of the seven: the event list page, the event page (reporter line,
patient identifier, timeline), the API list and detail, and the XLSX export. Beside
the matrix: "my reports", an investigator or action owner from another department,
the triage queue (quality office only), the dashboards (managers only) and the
Django admin (neither reporter nor patient).
"""

import io

import pytest
from openpyxl import load_workbook

from tests.quality.factories import AdverseEventFactory

pytestmark = pytest.mark.django_db

PATIENT = "MRN-777123"

# role -> (sees the event, sees the reporter, sees the patient identifier)
MATRIX = {
    "nurse_cardiology": (True, True, False),  # the reporter
    "nurse_icu": (False, False, False),
    "head_cardiology": (True, False, False),
    "head_medicine": (True, False, False),
    "head_respiratory": (False, False, False),
    "quality_manager": (True, True, True),
    "admin": (True, False, False),
}


@pytest.fixture
def event(hospital):
    return AdverseEventFactory(
        department=hospital.cardiology,
        reporter=hospital.nurse_cardiology,
        patient_identifier=PATIENT,
        description="Wrong patient's blood sample labelled.",
    )


@pytest.mark.parametrize(("role", "expected"), MATRIX.items())
def test_event_pages(hospital, client_for, event, role, expected):
    sees, sees_reporter, sees_patient = expected
    client = client_for(getattr(hospital, role))
    listing = client.get("/quality/events/").content.decode()
    assert (event.reference in listing) is sees
    detail = client.get(f"/quality/events/{event.pk}/")
    assert detail.status_code == (200 if sees else 404)
    if sees:
        html = detail.content.decode()
        assert ('id="event-reporter"' in html) is sees_reporter
        assert (PATIENT in html) is sees_patient
        timeline = html.split('id="timeline">')[1].split("</ol>")[0]
        assert hospital.nurse_cardiology.display_name not in timeline or sees_reporter
        if sees_reporter:
            assert hospital.nurse_cardiology.display_name in html.split('id="event-reporter">')[1]


@pytest.mark.parametrize(("role", "expected"), MATRIX.items())
def test_event_api(hospital, api_for, event, role, expected):
    sees, sees_reporter, sees_patient = expected
    api = api_for(getattr(hospital, role))
    listing = api.get("/api/v1/quality/events/").json()
    assert [e["reference"] for e in listing["results"]] == ([event.reference] if sees else [])
    detail = api.get(f"/api/v1/quality/events/{event.pk}/")
    assert detail.status_code == (200 if sees else 404)
    if sees:
        for body in (listing["results"][0], detail.json()):
            assert ("reporter" in body) is sees_reporter
            assert ("patient_identifier" in body) is sees_patient
            assert (PATIENT in str(body)) is sees_patient
        if sees_reporter:
            assert detail.json()["reporter"] == hospital.nurse_cardiology.pk


@pytest.mark.parametrize(("role", "expected"), MATRIX.items())
def test_event_export_is_scoped_and_de_identified(hospital, client_for, event, role, expected):
    sees, _sees_reporter, _sees_patient = expected
    response = client_for(getattr(hospital, role)).get("/quality/export.xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    references = [row[0] for row in rows[1:]]
    assert references == ([event.reference] if sees else [])
    text = " ".join(str(cell) for row in rows for cell in row)
    assert PATIENT not in text
    assert hospital.nurse_cardiology.display_name not in text
    assert hospital.nurse_cardiology.username not in text
    assert "Wrong patient's blood sample" not in text  # free text stays out


def test_my_reports_lists_only_own_named_reports(hospital, client_for, event):
    AdverseEventFactory(department=hospital.cardiology, reporter=None, is_anonymous=True)
    assert event.reference in client_for(hospital.nurse_cardiology).get("/quality/mine/").content.decode()
    assert event.reference not in client_for(hospital.nurse_icu).get("/quality/mine/").content.decode()


def test_investigator_and_action_owner_see_the_event_without_identities(hospital, api_for, event):
    event.investigator = hospital.head_respiratory
    event.save()
    body = api_for(hospital.head_respiratory).get(f"/api/v1/quality/events/{event.pk}/").json()
    assert body["reference"] == event.reference
    assert "reporter" not in body and "patient_identifier" not in body


@pytest.mark.parametrize("role", ["nurse_icu", "head_respiratory", "nurse_cardiology"])
def test_triage_queue_is_for_the_quality_office_only(hospital, client_for, role):
    assert client_for(getattr(hospital, role)).get("/quality/triage/").status_code == 403


@pytest.mark.parametrize(("role", "status"), [("nurse_cardiology", 403), ("head_cardiology", 200), ("admin", 200)])
def test_dashboards_for_managers(hospital, client_for, role, status):
    client = client_for(getattr(hospital, role))
    for url in ("/quality/dashboard/", "/quality/infections/", "/quality/satisfaction/"):
        assert client.get(url).status_code == status


def test_django_admin_shows_neither_reporter_nor_patient(hospital, client, event):
    from tests.hospital.factories import make_user

    superuser = make_user(None, None, username="root", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    for url in (
        f"/admin/quality/adverseevent/{event.pk}/change/",
        f"/admin/quality/adverseevent/{event.pk}/history/",
        "/admin/quality/adverseevent/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert PATIENT not in html
        assert hospital.nurse_cardiology.display_name not in html
