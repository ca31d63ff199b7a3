"""Daily census: CSV import with per-row errors and nothing half-imported; the API."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hospital.errors import AccessDenied, DomainError
from hospital.models import DailyCensus
from hospital.services import CensusImportError, import_census_csv, record_census_day

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today_is_23_november_2026():
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


HEADER = "department,date,inpatients,admissions,discharges,deaths,surgeries,staffed_beds\n"


def csv_file(*rows):
    return io.StringIO(HEADER + "".join(f"{row}\n" for row in rows))


def test_good_file_imports_every_row(hospital):
    result = import_census_csv(
        file=csv_file("CARD,2026-11-01,35,4,3,0,0,40", "card,2026-11-02,36,2,2,1,0,"), user=hospital.admin
    )
    assert (result.created, result.updated) == (2, 0)
    second = DailyCensus.objects.get(date=dt.date(2026, 11, 2))
    assert second.staffed_beds == 40  # empty: the department's staffed beds
    assert second.deaths == 1


def test_bad_rows_are_each_reported_and_nothing_is_imported(hospital):
    rows = [
        "CARD,2026-11-01,35,4,3,0,0,40",  # good (line 2)
        "XXXX,2026-11-01,1,1,1,0,0,1",  # unknown department (line 3)
        "CARD,2026-13-01,1,1,1,0,0,1",  # bad date (line 4)
        "CARD,2026-11-03,-5,1,1,0,0,1",  # negative (line 5)
        "CARD,2026-11-04,abc,1,1,0,0,1",  # not a number (line 6)
        "CARD,2026-12-01,1,1,1,0,0,1",  # future (line 7)
        "CARD,2026-11-01,35,4,3,0,0,40",  # duplicate of line 2 (line 8)
    ]
    with pytest.raises(CensusImportError) as raised:
        import_census_csv(file=csv_file(*rows), user=hospital.admin)
    errors = dict(raised.value.errors)
    assert sorted(errors) == [3, 4, 5, 6, 7, 8]
    assert "unknown department code" in errors[3]
    assert "YYYY-MM-DD" in errors[4]
    assert "between 0 and 1,000,000" in errors[5]
    assert "whole number" in errors[6]
    assert "future" in errors[7]
    assert "twice" in errors[8]
    assert DailyCensus.objects.count() == 0


def test_re_import_replaces_the_day(hospital):
    import_census_csv(file=csv_file("CARD,2026-11-01,35,4,3,0,0,40"), user=hospital.admin)
    result = import_census_csv(file=csv_file("CARD,2026-11-01,30,4,3,0,0,40"), user=hospital.admin)
    assert (result.created, result.updated) == (0, 1)
    assert DailyCensus.objects.get().inpatients == 30


def test_head_cannot_import_a_sibling_departments_census(hospital):
    with pytest.raises(CensusImportError) as raised:
        import_census_csv(file=csv_file("RESP,2026-11-01,20,1,1,0,0,30"), user=hospital.head_cardiology)
    assert "may not enter census" in raised.value.errors[0][1]
    assert DailyCensus.objects.count() == 0


def test_file_without_header_is_refused(hospital):
    with pytest.raises(DomainError):
        import_census_csv(file=io.StringIO("CARD;2026-11-01;3\n"), user=hospital.admin)


def test_import_page_lists_row_errors(hospital, client_for):
    upload = SimpleUploadedFile("census.csv", (HEADER + "NOPE,2026-11-01,1,1,1,0,0,1\n").encode())
    page = client_for(hospital.admin).post(reverse("census_import"), {"file": upload})
    assert page.status_code == 200
    assert b"Line 2: unknown department code" in page.content
    assert DailyCensus.objects.count() == 0


def test_import_page_imports_and_redirects(hospital, client_for):
    upload = SimpleUploadedFile("census.csv", (HEADER + "CARD,2026-11-01,35,4,3,0,0,40\n").encode())
    response = client_for(hospital.head_cardiology).post(reverse("census_import"), {"file": upload})
    assert response.status_code == 302
    assert DailyCensus.objects.count() == 1


def test_api_import_reports_rows_and_changes_nothing(hospital, api_for):
    upload = SimpleUploadedFile("census.csv", (HEADER + "CARD,2026-11-01,x,4,3,0,0,40\n").encode())
    response = api_for(hospital.admin).post("/api/v1/census/import/", {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert response.json()["rows"][0]["line"] == 2
    assert DailyCensus.objects.count() == 0


def test_api_records_one_day(hospital, api_for):
    payload = {"department": hospital.cardiology.pk, "date": "2026-11-20", "inpatients": 33, "discharges": 4}
    response = api_for(hospital.head_cardiology).post("/api/v1/census/", payload, format="json")
    assert response.status_code == 201
    assert response.json()["staffed_beds"] == 40


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"date": "2026-11-20", "inpatients": -1}, 400),
        ({"date": "2026-12-20", "inpatients": 1}, 400),
        ({"date": "not a date", "inpatients": 1}, 400),
    ],
)
def test_api_refuses_bad_census(hospital, api_for, payload, status):
    response = api_for(hospital.admin).post(
        "/api/v1/census/", {"department": hospital.cardiology.pk, **payload}, format="json"
    )
    assert response.status_code == status
    assert DailyCensus.objects.count() == 0


def test_api_refuses_another_departments_census_with_403(hospital, api_for):
    payload = {"department": hospital.respiratory.pk, "date": "2026-11-20", "inpatients": 3}
    response = api_for(hospital.head_cardiology).post("/api/v1/census/", payload, format="json")
    assert response.status_code == 403
    assert DailyCensus.objects.count() == 0


def test_service_refuses_nurse(hospital):
    with pytest.raises(AccessDenied):
        record_census_day(user=hospital.nurse_icu, department=hospital.icu, date=dt.date(2026, 11, 1), inpatients=3)


def test_census_list_is_scoped(hospital, client_for):
    record_census_day(user=hospital.admin, department=hospital.cardiology, date=dt.date(2026, 11, 1), inpatients=3)
    record_census_day(user=hospital.admin, department=hospital.icu, date=dt.date(2026, 11, 1), inpatients=9)
    page = client_for(hospital.nurse_icu).get(reverse("census_list"))
    assert [c.department.code for c in page.context["object_list"]] == ["ICU"]
