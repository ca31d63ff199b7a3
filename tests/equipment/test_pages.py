"""Every page renders for those who may open it and refuses the others."""

import datetime as dt

import pytest
from django.utils import timezone

from equipment.models import WorkOrderStatus
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
        ("finance", "/equipment/kpis/", 200),
        ("finance", "/equipment/devices/ICU-VENT-1/", 200),
        ("finance", "/equipment/devices/ICU-VENT-1/edit/", 403),
        ("admin", "/equipment/work-orders/", 200),
        ("admin", "/equipment/risk/", 200),
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
