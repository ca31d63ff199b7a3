"""Imports of revenue and driver values (page and API, every bad row reported, nothing
half-imported), the single-entry forms (refused in a closed month), the scorecard's files
and API, and the report downloads through the API."""

import datetime as dt
import io
from decimal import Decimal as D

import pandas as pd
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from hospital.models import DailyCensus
from performance import selectors, services
from performance.models import CostEntry, DriverKind, DriverSource, DriverValue, MonthClose, RevenueEntry
from tests.performance.conftest import MONTH

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cost_centres")]


@pytest.fixture(autouse=True)
def _in_april():
    with time_machine.travel(dt.datetime(2026, 4, 15, 10, tzinfo=dt.UTC), tick=False):
        yield


def _upload(text: str, name="data.csv"):
    return SimpleUploadedFile(name, text.encode())


REVENUE_BAD = (
    "department,month,kind,amount,reference\n"
    "CARD,2026-03,inpatient,120000.00,ok\n"
    "NOPE,2026-03,inpatient,5,unknown department\n"
    "CARD,2026-03,parking,5,unknown kind\n"
    "ICU,2026-03,drugs,1.005,fraction of a cent\n"
)
DRIVERS_BAD = (
    "department,month,driver,value\nCARD,2026-03,fte,12.5\nICU,2026-03,fixed_shares,1\nICU,2026-03,patient_days,-3\n"
)


@pytest.mark.parametrize("path", ["/performance/import/", "/api/v1/performance/revenue-entries/import/"])
def test_a_revenue_import_with_bad_rows_reports_each_and_imports_nothing(hospital, client_for, path):
    response = client_for(hospital.finance).post(path, {"kind": "revenue", "file": _upload(REVENUE_BAD)})
    assert response.status_code == 400
    text = response.content.decode()
    for line in (3, 4, 5):
        assert f"{line}" in text
    if "api" in path:
        assert [row["line"] for row in response.json()["rows"]] == [3, 4, 5]
    assert RevenueEntry.objects.count() == 0


@pytest.mark.parametrize("path", ["/performance/import/", "/api/v1/performance/revenue-entries/import/"])
def test_a_good_revenue_import_creates_imported_entries(hospital, client_for, path):
    text = "department,month,kind,amount,note\nCARD,2026-03,inpatient,120000.00,HIS\nICU,2026-03,Drugs,8000\n"
    response = client_for(hospital.finance).post(path, {"kind": "revenue", "file": _upload(text)})
    assert response.status_code in (200, 302)
    rows = set(RevenueEntry.objects.values_list("department__code", "kind", "amount", "source"))
    assert rows == {("CARD", "inpatient", D("120000.00"), "import"), ("ICU", "drugs", D("8000.00"), "import")}


@pytest.mark.parametrize("path", ["/performance/import/", "/api/v1/performance/driver-values/import/"])
def test_a_driver_import_with_bad_rows_reports_each_and_imports_nothing(hospital, client_for, path):
    client = client_for(hospital.finance)
    response = client.post(path, {"kind": "drivers", "file": _upload(DRIVERS_BAD)})
    assert response.status_code == 400
    if "api" in path:
        assert [row["line"] for row in response.json()["rows"]] == [3, 4]
    twice = "department,month,driver,value\nCARD,2026-03,fte,12.5\nICU,2026-03,fte,1\nCARD,2026-03,fte,13\n"
    response = client.post(path, {"kind": "drivers", "file": _upload(twice)})
    assert response.status_code == 400 and "the same driver value as line 2" in response.content.decode()
    assert DriverValue.objects.count() == 0


def test_a_driver_import_sets_and_replaces_values_and_beats_the_filled_ones(hospital, client_for):
    services.set_driver_value(
        department=hospital.icu, month=MONTH, kind=DriverKind.FTE, value="3", user=None, source=DriverSource.STAFFING
    )
    text = 'department,month,driver,value\nICU,2026-03,fte,7.5\nCARD,2026-03,floor_area,"1,250"\n'
    response = client_for(hospital.finance).post("/api/v1/performance/driver-values/import/", {"file": _upload(text)})
    assert response.status_code == 200 and response.json() == {"created": 1, "updated": 1}
    values = {
        (v.department.code, v.kind): (v.value, v.source) for v in DriverValue.objects.select_related("department")
    }
    assert values == {
        ("ICU", "fte"): (D("7.5"), DriverSource.IMPORT),
        ("CARD", "floor_area"): (D("1250"), DriverSource.IMPORT),
    }
    services.fill_drivers(month=MONTH)  # the import wins over staffing's figure
    assert DriverValue.objects.get(department=hospital.icu, kind="fte").value == D("7.5")


def test_an_import_into_a_closed_month_is_refused_row_by_row(hospital, client_for):
    MonthClose.objects.create(month=MONTH)
    text = "department,month,kind,amount\nCARD,2026-02,inpatient,1\nCARD,2026-03,inpatient,2\n"
    response = client_for(hospital.finance).post("/api/v1/performance/revenue-entries/import/", {"file": _upload(text)})
    assert response.status_code == 400
    assert [row["line"] for row in response.json()["rows"]] == [3]
    assert RevenueEntry.objects.count() == 0


API_IMPORTS = {
    "/api/v1/performance/cost-entries/import/": "department,month,category,amount\nCARD,2026-03,drugs,1\n",
    "/api/v1/performance/revenue-entries/import/": "department,month,kind,amount\nCARD,2026-03,drugs,1\n",
    "/api/v1/performance/budgets/import/": "department,month,category,amount\nCARD,2026-03,drugs,1\n",
    "/api/v1/performance/driver-values/import/": "department,month,driver,value\nCARD,2026-03,fte,1\n",
}


@pytest.mark.parametrize("path", API_IMPORTS)
@pytest.mark.parametrize("who", ["head_cardiology", "nurse_icu"])
def test_only_finance_and_administrators_import_through_the_api(hospital, client_for, path, who):
    assert client_for(getattr(hospital, who)).post(path, {"file": _upload(API_IMPORTS[path])}).status_code == 403
    assert CostEntry.objects.count() + RevenueEntry.objects.count() + DriverValue.objects.count() == 0
    response = client_for(hospital.admin).post(path, {"file": _upload(API_IMPORTS[path])})
    assert response.status_code == 200 and response.json() == {"created": 1, "updated": 0}


@pytest.mark.parametrize(
    ("path", "data", "model"),
    [
        ("/performance/entries/cost/new/", {"category": "drugs"}, CostEntry),
        ("/performance/entries/revenue/new/", {"kind": "inpatient"}, RevenueEntry),
    ],
)
def test_finance_types_one_entry_and_a_closed_month_is_refused_with_a_message(
    hospital, categories, client_for, path, data, model
):
    client = client_for(hospital.finance)
    if "category" in data:
        data = {"category": categories["drugs"].pk}
    form = {"department": hospital.cardiology.pk, "month": "2026-03", "amount": "1234.50", "reference": "R-1", **data}
    response = client.post(path, form)
    assert response.status_code == 302
    entry = model.objects.get()
    assert (entry.department, entry.month, entry.amount, entry.source, entry.created_by) == (
        hospital.cardiology,
        MONTH,
        D("1234.50"),
        "manual",
        hospital.finance,
    )
    MonthClose.objects.create(month=MONTH)
    refused = client.post(path, {**form, "amount": "99"})
    assert refused.status_code == 409
    assert "2026-03 is closed: its figures can no longer be changed." in refused.content.decode()
    assert model.objects.count() == 1
    assert client.post(path, {**form, "amount": "12.345", "month": "2026-02"}).status_code == 400
    assert model.objects.count() == 1


@pytest.mark.parametrize("who", ["admin", "finance", "head_cardiology", "nurse_icu", "engineer"])
def test_role_matrix_of_the_entry_forms(hospital, client_for, who):
    client = client_for(getattr(hospital, who))
    expected = 200 if who in ("admin", "finance") else 403
    for path in ("/performance/entries/cost/new/", "/performance/entries/revenue/new/"):
        assert client.get(path).status_code == expected, path
    form = {"department": hospital.cardiology.pk, "month": "2026-03", "amount": "1", "kind": "inpatient"}
    client.post("/performance/entries/revenue/new/", form)
    assert RevenueEntry.objects.count() == (1 if expected == 200 else 0)


@pytest.fixture
def census(hospital):
    for ward, inpatients in [(hospital.cardiology, 30), (hospital.icu, 10)]:
        DailyCensus.objects.bulk_create(
            DailyCensus(
                department=ward, date=dt.date(2026, 3, 1) + dt.timedelta(days=d), inpatients=inpatients, staffed_beds=40
            )
            for d in range(31)
        )


def _page_scores(user):
    dimensions, rows = selectors.scorecard(user, month=MONTH)
    return dimensions, {
        row.department.code: (row.score.rank, row.score.total, {d.code: row.score.parts[d.code] for d in dimensions})
        for row in rows
    }


def _d(value):
    return None if value is None or pd.isna(value) else D(str(value)).quantize(D("0.01"))


def test_scorecard_xlsx_read_back_equals_the_page(hospital, census, client_for):
    response = client_for(hospital.finance).get("/performance/scorecard.xlsx?month=2026-03")
    assert response.status_code == 200
    (sheet,) = pd.read_excel(io.BytesIO(response.content), sheet_name=None).values()
    dimensions, expected = _page_scores(hospital.finance)
    assert len(expected) >= 2 and dimensions
    read = {
        r["Department code"]: (
            None if pd.isna(r["Rank"]) else int(r["Rank"]),
            _d(r["Score"]),
            {d.code: _d(r[f"{d.name}: score"]) for d in dimensions},
        )
        for r in sheet.to_dict("records")
    }
    assert read == expected
    page = client_for(hospital.finance).get("/performance/scorecard/?month=2026-03").content.decode()
    positions = [page.index(f'data-department="{code}"') for code in sheet["Department code"]]
    assert positions == sorted(positions) and list(sheet["Department code"]) == list(expected)  # the page's order


def test_scorecard_csv_and_a_heads_file_hold_what_their_page_shows(hospital, census, client_for):
    csv = client_for(hospital.finance).get("/performance/scorecard.csv?month=2026-03")
    frame = pd.read_csv(io.BytesIO(csv.content))
    _dimensions, expected = _page_scores(hospital.finance)
    assert {code: _d(total) for code, total in zip(frame["Department code"], frame["Score"], strict=True)} == {
        code: total for code, (_rank, total, _parts) in expected.items()
    }
    head = client_for(hospital.head_cardiology).get("/performance/scorecard.xlsx?month=2026-03")
    (sheet,) = pd.read_excel(io.BytesIO(head.content), sheet_name=None).values()
    assert list(sheet["Department code"]) == ["CARD"]
    assert client_for(hospital.nurse_icu).get("/performance/scorecard.xlsx").status_code == 403


def test_scorecard_api_equals_the_page(hospital, census, client_for):
    data = client_for(hospital.finance).get("/api/v1/performance/scorecards/?month=2026-03").json()
    dimensions, expected = _page_scores(hospital.finance)
    assert data["month"] == "2026-03" and [d["code"] for d in data["dimensions"]] == [d.code for d in dimensions]
    got = {
        r["department_code"]: (
            r["rank"],
            None if r["score"] is None else D(r["score"]),
            {code: None if p["score"] is None else D(p["score"]) for code, p in r["dimensions"].items()},
        )
        for r in data["results"]
    }
    assert got == expected
    head = client_for(hospital.head_cardiology).get("/api/v1/performance/scorecards/?month=2026-03").json()
    assert [r["department_code"] for r in head["results"]] == ["CARD"]
    assert client_for(hospital.nurse_icu).get("/api/v1/performance/scorecards/").status_code == 403


@pytest.mark.parametrize("report", ["costs", "budget", "scorecard"])
def test_report_downloads_through_the_api_equal_the_pages_files(hospital, categories, census, client_for, report):
    services.record_cost_entry(
        department=hospital.icu, month=MONTH, category=categories["drugs"], amount="8000.00", user=hospital.finance
    )
    client = client_for(hospital.finance)
    query = "first=2026-03&last=2026-03&month=2026-03"
    for file_format in ("xlsx", "csv"):
        page = client.get(f"/performance/{report}.{file_format}?{query}")
        api = client.get(f"/api/v1/performance/reports/{report}/?file={file_format}&{query}")
        assert api.status_code == 200 and page.status_code == 200
        assert api["Content-Type"] == page["Content-Type"]
        if file_format == "csv":
            assert api.content == page.content
        else:
            read = pd.read_excel(io.BytesIO(api.content), sheet_name=None)
            expected = pd.read_excel(io.BytesIO(page.content), sheet_name=None)
            assert list(read) == list(expected)
            for name, frame in read.items():
                pd.testing.assert_frame_equal(frame, expected[name])
    assert client.get(f"/api/v1/performance/reports/{report}/?file=pdf").status_code == 400
    assert client_for(hospital.nurse_icu).get(f"/api/v1/performance/reports/{report}/").status_code == 403


def test_driver_values_api_is_for_finance_and_administrators(hospital, client_for):
    services.set_driver_value(department=hospital.icu, month=MONTH, kind="fte", value="3", user=hospital.finance)
    data = client_for(hospital.finance).get("/api/v1/performance/driver-values/?month=2026-03").json()
    assert [(r["department_code"], r["kind"], r["value"]) for r in data["results"]] == [("ICU", "fte", "3.0000")]
    assert client_for(hospital.head_cardiology).get("/api/v1/performance/driver-values/").status_code == 403
