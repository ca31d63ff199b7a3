"""Survey responses from CSV: all rows or none, every bad row named by its line."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from hospital import imports
from hospital.errors import AccessDenied, DomainError
from hospital.imports import TableImportError
from quality import services
from quality.models import SurveyAnswer, SurveyResponse
from tests.quality.factories import make_survey

pytestmark = pytest.mark.django_db


def csv_upload(text: str, encoding: str = "utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile("survey.csv", text.encode(encoding))


@pytest.fixture(autouse=True)
def _november():
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


GOOD = "department,date,q1,q2,q3\nCARD,2026-11-02,5,4,\nICU,2026-11-03,3,5,4\n"
BAD = (
    "department,date,q1,q2,q3\n"
    "CARD,2026-11-02,5,4,3\n"  # line 2: fine
    "XXX,2026-11-02,5,4,3\n"  # line 3: unknown department
    "CARD,2026-02-30,5,4,3\n"  # line 4: no such date
    "CARD,2026-11-02,6,4,3\n"  # line 5: score out of range
    "ICU,2027-01-01,5,,\n"  # line 6: future
    "ICU,2026-11-01,,,\n"  # line 7: nothing answered
)


def test_good_file_imports_every_row(hospital):
    survey = make_survey()
    result = services.import_survey(upload=csv_upload(GOOD), user=hospital.quality_manager, survey=survey)
    assert (result.responses, result.answers) == (2, 5)
    assert SurveyResponse.objects.filter(department=hospital.icu, responded_on=dt.date(2026, 11, 3)).exists()


def test_bad_rows_are_each_reported_and_nothing_is_imported(hospital):
    survey = make_survey()
    with pytest.raises(TableImportError) as refused:
        services.import_survey(upload=csv_upload(BAD), user=hospital.quality_manager, survey=survey)
    assert [error.line for error in refused.value.errors] == [3, 4, 5, 6, 7]
    messages = {error.line: error.message for error in refused.value.errors}
    assert "XXX" in messages[3]
    assert "1 to 5" in messages[5]
    assert SurveyResponse.objects.count() == 0 and SurveyAnswer.objects.count() == 0


def test_unknown_question_column_is_refused(hospital):
    with pytest.raises(DomainError):
        services.import_survey(
            upload=csv_upload("department,date,q9\nCARD,2026-11-02,5\n"),
            user=hospital.quality_manager,
            survey=make_survey(),
        )


def test_only_the_quality_office_imports(hospital):
    with pytest.raises(AccessDenied):
        services.import_survey(upload=csv_upload(GOOD), user=hospital.head_cardiology, survey=make_survey())


def test_import_page_lists_the_bad_rows(hospital, client_for):
    survey = make_survey()
    upload = io.BytesIO(BAD.encode())
    upload.name = "survey.csv"
    response = client_for(hospital.quality_manager).post(
        "/quality/satisfaction/import/", {"survey": survey.pk, "file": upload}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Line 3" in html and "Line 7" in html
    assert SurveyResponse.objects.count() == 0


def test_import_api_reports_rows(hospital, api_for):
    survey = make_survey()
    upload = io.BytesIO(BAD.encode())
    upload.name = "survey.csv"
    response = api_for(hospital.quality_manager).post(
        "/api/v1/quality/survey-responses/import/", {"survey": survey.pk, "file": upload}, format="multipart"
    )
    assert response.status_code == 400
    assert [row["line"] for row in response.json()["rows"]] == [3, 4, 5, 6, 7]


def test_a_file_saved_by_chinese_excel_imports(hospital, client_for):
    # Excel on a Chinese-language Windows saves CSV in GB18030 unless told otherwise.
    survey = make_survey()
    hospital.cardiology.code = "心内科"
    hospital.cardiology.save()
    upload = io.BytesIO("department,date,q1,q2\n心内科,2026-11-02,5,4\n".encode("gb18030"))
    upload.name = "满意度.csv"
    response = client_for(hospital.quality_manager).post(
        "/quality/satisfaction/import/", {"survey": survey.pk, "file": upload}
    )
    assert response.status_code == 302
    assert SurveyAnswer.objects.count() == 2


def test_a_binary_file_is_refused_with_a_message(hospital, api_for):
    upload = io.BytesIO(b"\xff\xfe\x00\x81PK\x03\x04")
    upload.name = "survey.xlsx"
    response = api_for(hospital.quality_manager).post(
        "/api/v1/quality/survey-responses/import/", {"survey": make_survey().pk, "file": upload}, format="multipart"
    )
    assert response.status_code == 400
    assert "save it as CSV" in response.json()["detail"]
    assert SurveyResponse.objects.count() == 0


def test_an_oversized_file_is_refused_before_it_is_read_whole(hospital, client_for, monkeypatch):
    monkeypatch.setattr(imports, "MAX_UPLOAD_BYTES", 64)
    upload = io.BytesIO(GOOD.encode() * 4)
    upload.name = "survey.csv"
    response = client_for(hospital.quality_manager).post(
        "/quality/satisfaction/import/", {"survey": make_survey().pk, "file": upload}
    )
    assert response.status_code == 200
    assert "split it" in response.content.decode()
    assert SurveyResponse.objects.count() == 0


def test_a_column_the_import_does_not_know_is_refused_by_name(hospital):
    with pytest.raises(DomainError) as refused:
        services.import_survey(
            upload=csv_upload("department,date,q1,remarks\nCARD,2026-11-02,5,good\n"),
            user=hospital.quality_manager,
            survey=make_survey(),
        )
    assert "“remarks”" in refused.value.message
    assert SurveyResponse.objects.count() == 0


def test_a_nurse_is_refused_before_the_file_is_read(hospital, api_for):
    response = api_for(hospital.nurse_icu).post(
        "/api/v1/quality/survey-responses/import/",
        {"survey": make_survey().pk, "file": csv_upload(GOOD)},
        format="multipart",
    )
    assert response.status_code == 403
    assert SurveyResponse.objects.count() == 0
