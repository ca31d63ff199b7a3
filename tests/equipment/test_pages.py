"""Every page renders for those who may open it and refuses the others."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from equipment.models import WorkOrder, WorkOrderStatus
from tests.equipment.factories import EquipmentFactory, PlanFactory, WorkOrderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def devices(hospital):
    today = timezone.localdate()
    monitor = EquipmentFactory(department=hospital.cardiology, asset_tag="CARD-MON-1", warranty_end=today)
    vent = EquipmentFactory(
        department=hospital.icu, asset_tag="ICU-VENT-1", category="ventilator", risk_class="high", is_life_support=True
    )
    PlanFactory(equipment=monitor, engineer=hospital.engineer, next_due=today + dt.timedelta(days=3))
    PlanFactory(equipment=vent, engineer=hospital.engineer, next_due=today - dt.timedelta(days=3))
    WorkOrderFactory(equipment=vent, reported_by=hospital.nurse_icu)
    WorkOrderFactory(equipment=monitor, status=WorkOrderStatus.IN_PROGRESS, started_at=timezone.now())
    return {"monitor": monitor, "vent": vent}


ENGINEER_PAGES = [
    "/equipment/",
    "/equipment/?due=overdue",
    "/equipment/?due=soon&risk=high&status=in_service&category=ventilator&q=VENT",
    "/equipment/new/",
    "/equipment/labels/",
    "/equipment/report/",
    "/equipment/report/ICU-VENT-1/",
    "/equipment/maintenance/",
    "/equipment/work-orders/",
    "/equipment/work-orders/column/waiting_parts/",
    "/equipment/maintenance/week/3/",
    "/equipment/risk/",
    "/equipment/kpis/",
    "/equipment/devices/ICU-VENT-1/",
    "/equipment/devices/ICU-VENT-1/edit/",
    "/equipment/devices/ICU-VENT-1/plans/new/",
    "/equipment/devices/ICU-VENT-1/work-orders/new/",
    "/equipment/export.xlsx",
    "/equipment/maintenance/compliance.xlsx",
]


@pytest.mark.parametrize("url", ENGINEER_PAGES)
def test_engineer_opens_every_page(hospital, devices, client_for, url):
    assert client_for(hospital.engineer).get(url).status_code == 200


@pytest.mark.parametrize(
    ("who", "url", "status"),
    [
        ("nurse_cardiology", "/equipment/", 200),
        ("nurse_cardiology", "/equipment/devices/CARD-MON-1/", 200),
        ("nurse_cardiology", "/equipment/devices/ICU-VENT-1/", 404),
        ("nurse_cardiology", "/equipment/work-orders/", 403),
        ("nurse_cardiology", "/equipment/maintenance/", 403),
        ("nurse_cardiology", "/equipment/risk/", 403),
        ("nurse_cardiology", "/equipment/kpis/", 403),
        ("nurse_cardiology", "/equipment/new/", 403),
        ("nurse_cardiology", "/equipment/maintenance/compliance.xlsx", 403),
        ("head_medicine", "/equipment/kpis/", 200),
        ("head_medicine", "/equipment/devices/CARD-MON-1/", 200),
        ("head_medicine", "/equipment/devices/ICU-VENT-1/", 404),
        ("head_medicine", "/equipment/work-orders/", 403),
        ("head_medicine", "/equipment/work-orders/column/open/", 403),
        ("head_medicine", "/equipment/maintenance/week/0/", 403),
        ("finance", "/equipment/risk/", 403),
        ("finance", "/equipment/kpis/", 200),
        ("finance", "/equipment/devices/ICU-VENT-1/", 200),
        ("finance", "/equipment/devices/ICU-VENT-1/edit/", 403),
        ("admin", "/equipment/work-orders/", 200),
        ("admin", "/equipment/risk/", 200),
        ("admin", "/equipment/work-orders/column/open/", 200),
        ("admin", "/equipment/maintenance/week/1/", 200),
    ],
)
def test_role_matrix_of_pages(hospital, devices, client_for, who, url, status):
    assert client_for(getattr(hospital, who)).get(url).status_code == status


def test_the_register_shows_a_nurse_only_her_departments_devices(hospital, devices, client_for):
    page = client_for(hospital.nurse_cardiology).get("/equipment/").content.decode()
    assert "CARD-MON-1" in page
    assert "ICU-VENT-1" not in page


def test_costs_only_for_finance_engineers_and_administrators(hospital, devices, client_for):
    assert "Purchase cost" in client_for(hospital.finance).get("/equipment/").content.decode()
    assert "Purchase cost" not in client_for(hospital.head_medicine).get("/equipment/").content.decode()


def _sheet_rows(response):
    workbook = load_workbook(io.BytesIO(response.content))
    return [[cell.value for cell in row] for row in workbook.worksheets[0].iter_rows()]


@pytest.mark.parametrize(
    ("who", "tags", "costs"),
    [
        ("engineer", {"CARD-MON-1", "ICU-VENT-1"}, True),
        ("finance", {"CARD-MON-1", "ICU-VENT-1"}, True),
        ("head_medicine", {"CARD-MON-1"}, False),
        ("nurse_cardiology", {"CARD-MON-1"}, False),
        ("pharmacist", set(), False),
    ],
)
def test_role_matrix_of_the_register_export(hospital, devices, client_for, who, tags, costs):
    rows = _sheet_rows(client_for(getattr(hospital, who)).get("/equipment/export.xlsx"))
    assert {row[0] for row in rows[1:]} == tags
    assert ("Purchase cost" in rows[0]) is costs


def test_the_export_takes_the_pages_filters(hospital, devices, client_for):
    rows = _sheet_rows(client_for(hospital.engineer).get("/equipment/export.xlsx?due=overdue"))
    assert [row[0] for row in rows[1:]] == ["ICU-VENT-1"]


def test_compliance_export_is_scoped(hospital, devices, client_for):
    plan = devices["vent"].plans.first()
    WorkOrder.objects.create(equipment=devices["vent"], plan=plan, kind=plan.kind, due_date=plan.next_due)
    url = f"/equipment/maintenance/compliance.xlsx?start={plan.next_due}&end={plan.next_due}"
    assert len(_sheet_rows(client_for(hospital.engineer).get(url))) == 2
    assert len(_sheet_rows(client_for(hospital.head_medicine).get(url))) == 1  # the ICU's device is not theirs
    assert client_for(hospital.nurse_icu).get(url).status_code == 403


@pytest.mark.parametrize(
    ("who", "device", "linked"),
    [
        ("engineer", "CARD-MON-1", True),
        ("admin", "CARD-MON-1", True),
        ("finance", "CARD-MON-1", False),
        ("head_medicine", "CARD-MON-1", False),
        ("nurse_cardiology", "CARD-MON-1", False),
        ("nurse_icu", "ICU-VENT-1", False),
    ],
)
def test_the_timeline_links_a_work_order_only_for_those_who_may_open_it(
    hospital, devices, client_for, who, device, linked
):
    client = client_for(getattr(hospital, who))
    order = WorkOrder.objects.get(equipment__asset_tag=device)
    page = client.get(f"/equipment/devices/{device}/").content.decode()
    assert order.reference in page
    assert (order.get_absolute_url() in page) is linked
    # every link shown opens; the page a link is hidden from is refused
    assert client.get(order.get_absolute_url()).status_code == (200 if linked else 403)


def _tags(page: str) -> list[str]:
    return [tag for tag in ("CARD-MON-1", "ICU-VENT-1") if tag in page]


def test_the_register_sorts_by_a_column_and_its_export_follows(hospital, devices, client_for):
    client = client_for(hospital.engineer)
    page = client.get("/equipment/?sort=-department").content.decode()
    assert page.index("ICU-VENT-1") < page.index("CARD-MON-1")  # Intensive Care after Cardiology, reversed
    assert 'href="?sort=department"' in page  # the sorted column flips when clicked
    rows = _sheet_rows(client.get("/equipment/export.xlsx?sort=-department"))
    assert [row[0] for row in rows[1:]] == ["ICU-VENT-1", "CARD-MON-1"]
    page = client.get("/equipment/?sort=due").content.decode()
    assert page.index("ICU-VENT-1") < page.index("CARD-MON-1")  # overdue first


def test_an_unknown_sort_or_a_cost_sort_without_costs_falls_back_with_a_message(hospital, devices, client_for):
    for who, url in (("engineer", "/equipment/?sort=serial"), ("head_medicine", "/equipment/?sort=-cost")):
        response = client_for(getattr(hospital, who)).get(url)
        assert response.status_code == 200
        assert "cannot be sorted that way" in response.content.decode()
    assert "cannot be sorted" not in client_for(hospital.finance).get("/equipment/?sort=-cost").content.decode()


def test_the_api_lists_sort_by_their_declared_fields_only(hospital, devices, api_for):
    api = api_for(hospital.engineer)
    listed = api.get("/api/v1/equipment/devices/?ordering=-asset_tag").json()["results"]
    assert [row["asset_tag"] for row in listed] == ["ICU-VENT-1", "CARD-MON-1"]
    assert api.get("/api/v1/equipment/devices/?ordering=purchase_cost").status_code == 400
    orders = api.get("/api/v1/equipment/work-orders/?ordering=equipment__asset_tag").json()["results"]
    assert [row["equipment"] for row in orders] == [devices["monitor"].pk, devices["vent"].pk]
    assert api.get("/api/v1/equipment/plans/?ordering=-next_due").status_code == 200
    assert api.get("/api/v1/equipment/status-changes/?ordering=engineer").status_code == 400
