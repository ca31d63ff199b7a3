"""The pages and downloads: who may open which (the role matrix), what each shows, the
drill-down from a budget cell to its entries, the exports equal to the page, and a closed
month refused with 409."""

import datetime as dt
import io
from decimal import Decimal as D

import pandas as pd
import pytest
import time_machine

from performance import selectors, services
from performance.models import AllocationRule, AllocationRun, CostEntry, DriverKind
from tests.performance.conftest import MONTH

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cost_centres")]
Q = "?first=2026-03&last=2026-03"


@pytest.fixture(autouse=True)
def _in_april():
    with time_machine.travel(dt.datetime(2026, 4, 15, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def figures(hospital, categories):
    """March: Cardiology over its consumables budget by a stent consignment; ICU under budget."""
    f = hospital.finance
    services.set_budget(
        department=hospital.cardiology, category=categories["consumables"], month=MONTH, amount="50000.00", user=f
    )
    services.set_budget(department=hospital.icu, category=categories["drugs"], month=MONTH, amount="9000.00", user=f)
    services.record_cost_entry(
        department=hospital.cardiology, month=MONTH, category=categories["consumables"], amount="41000.00", user=f
    )
    services.record_cost_entry(
        department=hospital.cardiology,
        month=MONTH,
        category=categories["consumables"],
        amount="96000.00",
        user=f,
        reference="Stent consignment C-2026-031",
    )
    services.record_cost_entry(
        department=hospital.icu, month=MONTH, category=categories["drugs"], amount="8000.00", user=f
    )
    services.record_cost_entry(
        department=hospital.quality_office, month=MONTH, category=categories["overhead"], amount="3000.00", user=f
    )
    for department, value in [(hospital.cardiology, "2"), (hospital.icu, "1")]:
        services.set_driver_value(department=department, month=MONTH, kind=DriverKind.FTE, value=value, user=f)
    AllocationRule.objects.create(order=1, department=hospital.quality_office, driver=DriverKind.FTE)


READERS = ["admin", "finance", "head_medicine", "head_cardiology"]
OTHERS = ["nurse_cardiology", "pharmacist", "engineer", "quality_manager", "scheduler", "physician_cardiology"]
REPORTS = [
    "/performance/",
    "/performance/budget/",
    "/performance/kpis/",
    "/performance/budget.xlsx",
    "/performance/costs.xlsx",
    "/performance/budget.csv",
    "/performance/costs.csv",
    "/performance/scorecard/",
    "/performance/scorecard.xlsx",
    "/performance/scorecard.csv",
]
MANAGER_PAGES = [
    "/performance/allocation/",
    "/performance/import/",
    "/performance/entries/cost/new/",
    "/performance/entries/revenue/new/",
]


@pytest.mark.parametrize("who", READERS + OTHERS)
def test_role_matrix_for_the_pages(hospital, figures, client_for, who):
    client = client_for(getattr(hospital, who))
    for url in REPORTS:
        assert client.get(url + Q).status_code == (200 if who in READERS else 403), url
    for url in MANAGER_PAGES:
        assert client.get(url).status_code == (200 if who in ("admin", "finance") else 403), url


def test_a_head_sees_only_their_departments_figures(hospital, figures, client_for):
    page = client_for(hospital.head_cardiology).get("/performance/budget/" + Q).content.decode()
    assert "Stent" not in page  # the entries are one click further
    assert "Cardiology" in page and "Intensive Care" not in page
    kpis = client_for(hospital.head_cardiology).get("/performance/kpis/" + Q).content.decode()
    assert "Intensive Care" not in kpis
    finance = client_for(hospital.finance).get("/performance/budget/" + Q).content.decode()
    assert "Intensive Care" in finance


def test_finance_drills_from_an_overspent_cell_to_the_stent_consignment(hospital, categories, figures, client_for):
    client = client_for(hospital.finance)
    page = client.get("/performance/budget/" + Q).content.decode()
    cell = f"/performance/entries/?cell_department={hospital.cardiology.pk}&amp;category={categories['consumables'].pk}"
    assert cell in page
    entries = client.get(cell.replace("&amp;", "&") + "&first=2026-03&last=2026-03")
    assert entries.status_code == 200
    text = entries.content.decode()
    assert "Stent consignment C-2026-031" in text and "96,000.00" in text


def test_a_head_cannot_drill_into_another_department(hospital, categories, figures, client_for):
    url = f"/performance/entries/?cell_department={hospital.icu.pk}&first=2026-03&last=2026-03"
    assert client_for(hospital.head_cardiology).get(url).status_code == 404
    assert client_for(hospital.finance).get(url).status_code == 200
    assert client_for(hospital.finance).get("/performance/entries/?cell_department=abc").status_code == 404


def test_budget_xlsx_read_back_equals_the_page(hospital, figures, client_for):
    response = client_for(hospital.finance).get("/performance/budget.xlsx" + Q)
    frame = pd.read_excel(io.BytesIO(response.content), sheet_name=None)
    (sheet,) = frame.values()
    report = selectors.budget_report(hospital.finance, first=MONTH, last=MONTH)
    expected = {
        (dept.code, row.category.name): (row.budget, row.actual, row.variance)
        for dept, rows, _t in report.departments
        for row in rows
    }
    read = {
        (r["Department code"], r["Category"]): (D(str(r["Budget"])), D(str(r["Actual"])), D(str(r["Variance"])))
        for r in sheet.to_dict("records")
    }
    assert {k: tuple(v.quantize(D("0.01")) for v in vs) for k, vs in read.items()} == expected
    card = read[("CARD", "Consumables")]
    assert card == (D("50000.0"), D("137000.0"), D("87000.0"))


def test_cost_xlsx_has_several_sheets_with_number_formats_and_a_frozen_header(hospital, figures, client_for):
    from openpyxl import load_workbook

    response = client_for(hospital.finance).get("/performance/costs.xlsx" + Q)
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Costs by category", "Costs by month", "KPIs"]
    sheet = workbook["Costs by category"]
    assert sheet.freeze_panes == "A2"
    headers = [c.value for c in sheet[1]]
    total = headers.index("Total direct cost") + 1
    totals = {sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=total) for r in range(2, sheet.max_row + 1)}
    assert totals["CARD"].value == 137000.0 and totals["CARD"].number_format == "#,##0.00"
    frames = pd.read_excel(io.BytesIO(response.content), sheet_name="Costs by month")
    assert frames["Direct cost"].tolist() == [148000.0]


def test_finance_runs_the_allocation_and_sees_the_conservation_check(hospital, figures, client_for):
    client = client_for(hospital.finance)
    response = client.post("/performance/allocation/run/", {"month": "2026-03", "method": "step_down"})
    run = AllocationRun.objects.get()
    assert response.status_code == 302 and response.url == f"/performance/allocation/{run.pk}/"
    page = client.get(response.url).content.decode()
    assert "Conserved" in page and "148,000.00" in page
    assert "2,000.00" in page and "1,000.00" in page  # the Quality Office's 3,000 by FTE 2 : 1


def test_a_closed_month_is_refused_with_409_on_the_pages(hospital, figures, client_for):
    client = client_for(hospital.finance)
    run = services.run_allocation(month=MONTH, method="step_down", user=hospital.finance)
    assert client.post(f"/performance/allocation/{run.pk}/close/").status_code == 302
    assert client.post("/performance/allocation/run/", {"month": "2026-03", "method": "direct"}).status_code == 409
    assert client.post("/performance/allocation/collect/", {"month": "2026-03"}).status_code == 409
    assert client.post(f"/performance/allocation/{run.pk}/close/").status_code == 409
    assert AllocationRun.objects.count() == 1


def test_a_head_cannot_run_or_see_a_run(hospital, figures, client_for):
    run = services.run_allocation(month=MONTH, method="step_down", user=hospital.finance)
    client = client_for(hospital.head_medicine)
    assert client.get(f"/performance/allocation/{run.pk}/").status_code == 403
    assert client.post("/performance/allocation/run/", {"month": "2026-03", "method": "direct"}).status_code == 403
    assert AllocationRun.objects.count() == 1


def test_import_reports_every_bad_row_and_imports_nothing(hospital, figures, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = (
        "department,month,category,amount,reference\n"
        "CARD,2026-03,consumables,1200.00,ok\n"
        "NOPE,2026-03,consumables,5,unknown department\n"
        "CARD,2026-13,consumables,5,bad month\n"
        "CARD,2026-03,fuel,5,unknown category\n"
        "CARD,2026-03,drugs,12.345,fraction of a cent\n"
    )
    before = CostEntry.objects.count()
    response = client_for(hospital.finance).post(
        "/performance/import/", {"kind": "costs", "file": SimpleUploadedFile("c.csv", csv.encode())}
    )
    assert response.status_code == 400
    text = response.content.decode()
    for line in (3, 4, 5, 6):
        assert f"Line {line}:" in text
    assert "Line 2:" not in text
    assert CostEntry.objects.count() == before


def test_import_of_budgets_replaces_and_creates(hospital, figures, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = "department,month,category,amount\nCARD,2026-03,consumables,60000\nICU,2026-05,drugs,9500.50\n"
    response = client_for(hospital.finance).post(
        "/performance/import/", {"kind": "budgets", "file": SimpleUploadedFile("b.csv", csv.encode())}
    )
    assert response.status_code == 302
    report = selectors.budget_report(hospital.finance, first=MONTH, last=MONTH)
    card = next(rows for dept, rows, _t in report.departments if dept.code == "CARD")
    assert next(r for r in card if r.category.code == "consumables").budget == D("60000.00")
