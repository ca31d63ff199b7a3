"""Daily census: CSV import with per-row errors and nothing half-imported; the API."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hospital.errors import AccessDenied, DomainError
from hospital.imports import TableImportError
from hospital.models import DailyCensus
from hospital.services import import_census, record_census_day

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today_is_23_november_2026():
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


HEADER = "department,date,inpatients,admissions,discharges,deaths,surgeries,staffed_beds\n"


def csv_file(*rows, header=HEADER, encoding="utf-8"):
    return SimpleUploadedFile("census.csv", (header + "".join(f"{row}\n" for row in rows)).encode(encoding))


def row_errors(raised) -> dict[int, str]:
    return {error.line: error.message for error in raised.value.errors}


def test_good_file_imports_every_row(hospital):
    result = import_census(
        upload=csv_file("CARD,2026-11-01,35,4,3,0,0,40", "card,2026-11-02,36,2,2,1,0,"), user=hospital.admin
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
    with pytest.raises(TableImportError) as raised:
        import_census(upload=csv_file(*rows), user=hospital.admin)
    errors = row_errors(raised)
    assert sorted(errors) == [3, 4, 5, 6, 7, 8]
    assert "unknown department code" in errors[3]
    assert "YYYY-MM-DD" in errors[4]
    assert "whole number from 0 to 1,000,000" in errors[5]
    assert "whole number from 0 to 1,000,000" in errors[6]
    assert "future" in errors[7]
    assert "line 2 too" in errors[8]
    assert DailyCensus.objects.count() == 0


def test_re_import_updates_the_day(hospital):
    import_census(upload=csv_file("CARD,2026-11-01,35,4,3,0,0,40"), user=hospital.admin)
    result = import_census(upload=csv_file("CARD,2026-11-01,30,4,3,0,0,40"), user=hospital.admin)
    assert (result.created, result.updated) == (0, 1)
    assert DailyCensus.objects.get().inpatients == 30


def test_head_cannot_import_a_sibling_departments_census(hospital):
    with pytest.raises(TableImportError) as raised:
        import_census(upload=csv_file("RESP,2026-11-01,20,1,1,0,0,30"), user=hospital.head_cardiology)
    assert "may not enter census" in raised.value.errors[0].message
    assert DailyCensus.objects.count() == 0


def test_file_without_header_is_refused(hospital):
    with pytest.raises(DomainError):
        import_census(upload=csv_file(header="CARD;2026-11-01;3\n"), user=hospital.admin)


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


def test_misspelt_header_is_refused_by_name_and_nothing_changes(hospital):
    import_census(upload=csv_file("CARD,2026-11-01,35,4,3,0,0,40"), user=hospital.admin)
    misspelt = "department,date,inpatient,admisions\n"
    with pytest.raises(DomainError) as raised:
        import_census(upload=csv_file("CARD,2026-11-01,0,0", header=misspelt), user=hospital.admin)
    assert "“inpatient”" in raised.value.message and "“admisions”" in raised.value.message
    assert DailyCensus.objects.get().inpatients == 35


def test_missing_required_column_is_named(hospital):
    with pytest.raises(DomainError) as raised:
        import_census(upload=csv_file("CARD,35", header="department,inpatients\n"), user=hospital.admin)
    assert "date" in raised.value.message


def test_columns_left_out_of_the_file_keep_their_stored_values(hospital):
    import_census(upload=csv_file("CARD,2026-11-01,35,4,3,0,0,40"), user=hospital.admin)
    import_census(upload=csv_file("CARD,2026-11-01,30", header="department,date,inpatients\n"), user=hospital.admin)
    day = DailyCensus.objects.get()
    assert (day.inpatients, day.admissions, day.discharges, day.staffed_beds) == (30, 4, 3, 40)


def test_gb18030_csv_from_chinese_excel_is_read(hospital):
    header = "department,date,inpatients\n"
    upload = csv_file("CARD,2026-11-01,35", "ＣＡＲＤ,2026-11-02,1", header=header, encoding="gb18030")
    with pytest.raises(TableImportError) as raised:
        import_census(upload=upload, user=hospital.admin)
    assert "ＣＡＲＤ" in row_errors(raised)[3]  # decoded, not mojibake


def test_xlsx_file_is_imported(hospital):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Department", "Date", "Inpatients"])
    sheet.append(["CARD", dt.datetime(2026, 11, 1), 35])
    sheet.append([None, None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("census.xlsx", buffer.getvalue())
    result = import_census(upload=upload, user=hospital.admin)
    assert result.created == 1
    assert DailyCensus.objects.get().inpatients == 35


def test_over_long_cell_is_a_row_error_not_a_crash(hospital):
    with pytest.raises(TableImportError) as raised:
        import_census(upload=csv_file("CARD,2026-11-01," + "9" * 200_000), user=hospital.admin)
    assert "longer than" in row_errors(raised)[2]


def test_errors_are_capped_with_a_count(hospital):
    rows = [f"NOPE,2026-11-01,{i},0,0,0,0,1" for i in range(250)]
    with pytest.raises(TableImportError) as raised:
        import_census(upload=csv_file(*rows), user=hospital.admin)
    assert raised.value.error_count == 250
    assert len(raised.value.errors) == 200


def test_oversized_upload_is_refused_before_parsing(hospital, api_for):
    big = SimpleUploadedFile("census.csv", HEADER.encode() + b"x" * (5 * 1024 * 1024 + 1))
    response = api_for(hospital.admin).post("/api/v1/census/import/", {"file": big}, format="multipart")
    assert response.status_code == 400
    assert "larger than 5 MB" in response.json()["detail"]


def test_nurse_is_refused_before_the_file_is_read(hospital, api_for):
    upload = csv_file("ICU,2026-11-01,3,0,0,0,0,10")
    response = api_for(hospital.nurse_icu).post("/api/v1/census/import/", {"file": upload}, format="multipart")
    assert response.status_code == 403
    with pytest.raises(AccessDenied):
        import_census(upload=csv_file("ICU,2026-11-01,3,0,0,0,0,10"), user=hospital.nurse_icu)
    assert DailyCensus.objects.count() == 0


def test_page_and_api_give_the_same_row_errors(hospital, client_for, api_for):
    body = HEADER + "NOPE,2026-11-01,1,1,1,0,0,1\n"
    page = client_for(hospital.admin).post(
        reverse("census_import"), {"file": SimpleUploadedFile("c.csv", body.encode())}
    )
    api = api_for(hospital.admin).post(
        "/api/v1/census/import/", {"file": SimpleUploadedFile("c.csv", body.encode())}, format="multipart"
    )
    [api_row] = api.json()["rows"]
    assert f"Line {api_row['line']}: {api_row['error']}" in page.content.decode()


@pytest.mark.parametrize(
    "row",
    [
        "CARD,2026-11-01,1,0,0,500,0,40",  # 500 deaths with 1 in-patient
        "CARD,2026-11-01,5000,0,0,0,0,10",  # 5,000 in-patients in 10 staffed beds
        "CARD,0001-11-01,30,1,1,0,0,40",  # year 1
    ],
)
def test_an_impossible_day_is_refused_from_the_file_and_the_api(hospital, api_for, row):
    with pytest.raises(TableImportError) as raised:
        import_census(upload=csv_file(row), user=hospital.admin)
    assert 2 in row_errors(raised)
    department, date, inpatients, admissions, discharges, deaths, surgeries, beds = row.split(",")
    payload = {
        "department": hospital.cardiology.pk,
        "date": date,
        "inpatients": inpatients,
        "admissions": admissions,
        "discharges": discharges,
        "deaths": deaths,
        "staffed_beds": beds,
    }
    assert api_for(hospital.admin).post("/api/v1/census/", payload, format="json").status_code == 400
    assert DailyCensus.objects.count() == 0


def test_a_full_ward_with_extra_beds_is_accepted(hospital):
    result = import_census(upload=csv_file("CARD,2026-11-01,48,6,5,1,0,40"), user=hospital.admin)
    assert result.created == 1


def test_a_file_without_census_columns_is_refused_on_page_and_api(hospital, client_for, api_for):
    import_census(upload=csv_file("CARD,2026-11-01,35,4,3,0,0,40"), user=hospital.admin)
    body = b"department,date\nCARD,2026-11-01\n"
    api = api_for(hospital.admin).post(
        "/api/v1/census/import/", {"file": SimpleUploadedFile("c.csv", body)}, format="multipart"
    )
    page = client_for(hospital.admin).post(reverse("census_import"), {"file": SimpleUploadedFile("c.csv", body)})
    assert api.status_code == 400 and "no census columns" in api.json()["detail"]
    assert page.status_code == 200 and "no census columns" in page.content.decode()
    assert DailyCensus.objects.get().inpatients == 35
