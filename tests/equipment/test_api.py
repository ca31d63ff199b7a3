"""The API: scoping, costs, steps with 400/403/409 and a message, fault reports."""

import datetime as dt

import pytest
from django.utils import timezone

from equipment.models import EquipmentStatus, StatusChange, WorkOrder, WorkOrderStatus
from tests.equipment.factories import EquipmentFactory, PlanFactory

pytestmark = pytest.mark.django_db
BASE = "/api/v1/equipment"


@pytest.fixture
def devices(hospital):
    return {
        "monitor": EquipmentFactory(department=hospital.cardiology, asset_tag="CARD-MON-1"),
        "vent": EquipmentFactory(
            department=hospital.icu, asset_tag="ICU-VENT-1", risk_class="high", is_life_support=True
        ),
    }


def tags(response):
    return sorted(row["asset_tag"] for row in response.json()["results"])


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("engineer", ["CARD-MON-1", "ICU-VENT-1"]),
        ("admin", ["CARD-MON-1", "ICU-VENT-1"]),
        ("finance", ["CARD-MON-1", "ICU-VENT-1"]),
        ("head_medicine", ["CARD-MON-1"]),
        ("nurse_cardiology", ["CARD-MON-1"]),
        ("nurse_icu", ["ICU-VENT-1"]),
        ("pharmacist", []),
    ],
)
def test_role_matrix_of_the_register(hospital, devices, api_for, who, expected):
    response = api_for(getattr(hospital, who)).get(f"{BASE}/devices/")
    assert response.status_code == 200
    assert tags(response) == expected


@pytest.mark.parametrize(
    ("who", "sees"), [("finance", True), ("engineer", True), ("head_medicine", False), ("nurse_cardiology", False)]
)
def test_costs_only_for_those_who_see_costs(hospital, devices, api_for, who, sees):
    row = api_for(getattr(hospital, who)).get(f"{BASE}/devices/").json()["results"][0]
    assert ("purchase_cost" in row) is sees


def test_filters_as_on_the_page(hospital, devices, api_for):
    PlanFactory(equipment=devices["vent"], next_due=timezone.localdate() - dt.timedelta(days=1))
    api = api_for(hospital.engineer)
    assert tags(api.get(f"{BASE}/devices/?due=overdue")) == ["ICU-VENT-1"]
    assert tags(api.get(f"{BASE}/devices/?risk=high")) == ["ICU-VENT-1"]
    assert tags(api.get(f"{BASE}/devices/?department={hospital.medicine.pk}")) == ["CARD-MON-1"]
    assert tags(api.get(f"{BASE}/devices/?q=card")) == ["CARD-MON-1"]


def test_register_transition_and_refusal_with_allowed_steps(hospital, api_for):
    api = api_for(hospital.engineer)
    created = api.post(
        f"{BASE}/devices/",
        {
            "asset_tag": "us-1",
            "name": "Ultrasound",
            "category": "ultrasound",
            "risk_class": "medium",
            "department": hospital.icu.pk,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["asset_tag"] == "US-1"
    assert created.json()["status"] == "ordered"
    pk = created.json()["id"]
    refused = api.post(f"{BASE}/devices/{pk}/transition/", {"step": "commission"}, format="json")
    assert refused.status_code == 409
    assert "Allowed now: receive, retire" in refused.json()["detail"]
    moved = api.post(f"{BASE}/devices/{pk}/transition/", {"step": "receive"}, format="json")
    assert moved.json()["status"] == "received"
    duplicate = api.post(
        f"{BASE}/devices/",
        {
            "asset_tag": "US-1",
            "name": "Ultrasound",
            "category": "ultrasound",
            "risk_class": "medium",
            "department": hospital.icu.pk,
        },
        format="json",
    )
    assert duplicate.status_code == 409


def test_acceptance_test_then_service(hospital, api_for):
    device = EquipmentFactory(department=hospital.icu, status=EquipmentStatus.ACCEPTANCE_TESTING, commissioned_on=None)
    api = api_for(hospital.engineer)
    assert api.post(f"{BASE}/devices/{device.pk}/transition/", {"step": "commission"}, format="json").status_code == 409
    test = api.post(
        f"{BASE}/devices/{device.pk}/acceptance-tests/",
        {"checklist_results": [{"step": "Alarms", "passed": True}], "electrical_safety_passed": True},
        format="json",
    )
    assert test.status_code == 201
    assert test.json()["passed"] is True
    assert (
        api.post(f"{BASE}/devices/{device.pk}/transition/", {"step": "commission"}, format="json").json()["status"]
        == "in_service"
    )
    history = api.get(f"{BASE}/status-changes/?equipment={device.pk}").json()["results"]
    assert [row["to_status"] for row in history] == ["acceptance_testing", "in_service"]


def test_nurse_cannot_move_a_device(hospital, devices, api_for):
    response = api_for(hospital.nurse_cardiology).post(
        f"{BASE}/devices/{devices['monitor'].pk}/transition/", {"step": "send_to_repair", "reason": "x"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["detail"]


def test_work_order_steps_through_the_api(hospital, devices, api_for):
    nurse, engineer = api_for(hospital.nurse_cardiology), api_for(hospital.engineer)
    report = nurse.post(
        f"{BASE}/fault-reports/", {"asset_tag": "card-mon-1", "description": "Blank screen"}, format="json"
    )
    assert report.status_code == 201
    pk = report.json()["id"]
    assert (
        engineer.post(f"{BASE}/work-orders/{pk}/complete/", {"outcome": "repaired"}, format="json").status_code == 409
    )
    assert engineer.post(f"{BASE}/work-orders/{pk}/respond/").json()["status"] == "assigned"
    assert engineer.post(f"{BASE}/work-orders/{pk}/start/").json()["status"] == "in_progress"
    devices["monitor"].refresh_from_db()
    assert devices["monitor"].status == EquipmentStatus.UNDER_REPAIR
    bad = engineer.post(f"{BASE}/work-orders/{pk}/complete/", {"outcome": "passed"}, format="json")
    assert bad.status_code == 400
    assert bad.json()["field"] == "outcome"
    done = engineer.post(
        f"{BASE}/work-orders/{pk}/complete/",
        {"outcome": "repaired", "labour_hours": "2", "parts_cost": "150.00"},
        format="json",
    )
    assert done.json()["status"] == WorkOrderStatus.COMPLETED
    devices["monitor"].refresh_from_db()
    assert devices["monitor"].status == EquipmentStatus.IN_SERVICE


def test_fault_report_on_another_department_same_answer_from_page_and_api(hospital, devices, api_for, client_for):
    api = api_for(hospital.nurse_cardiology).post(
        f"{BASE}/fault-reports/", {"asset_tag": "ICU-VENT-1", "description": "Alarm"}, format="json"
    )
    page_get = client_for(hospital.nurse_cardiology).get("/equipment/report/ICU-VENT-1/")
    page_post = client_for(hospital.nurse_cardiology).post("/equipment/report/ICU-VENT-1/", {"description": "Alarm"})
    message = "You may report faults only on devices of your own department."
    assert api.status_code == page_get.status_code == page_post.status_code == 403
    assert api.json()["detail"] == message
    assert message in page_get.content.decode()
    assert message in page_post.content.decode()
    assert not WorkOrder.objects.exists()


def test_empty_fault_description_same_answer_from_page_and_api(hospital, devices, api_for, client_for):
    api = api_for(hospital.nurse_cardiology).post(
        f"{BASE}/fault-reports/", {"asset_tag": "CARD-MON-1", "description": " "}, format="json"
    )
    page = client_for(hospital.nurse_cardiology).post("/equipment/report/CARD-MON-1/", {"description": " "})
    assert api.status_code == page.status_code == 400
    assert api.json()["detail"] == "Describe the fault."
    assert "Describe the fault." in page.content.decode()


def test_unknown_asset_tag_is_404(hospital, api_for):
    response = api_for(hospital.nurse_cardiology).post(
        f"{BASE}/fault-reports/", {"asset_tag": "NOPE", "description": "x"}, format="json"
    )
    assert response.status_code == 404


def test_fault_report_on_a_retired_device_is_409(hospital, api_for):
    EquipmentFactory(
        department=hospital.cardiology,
        asset_tag="OLD-1",
        status=EquipmentStatus.RETIRED,
        retired_on=timezone.localdate(),
    )
    response = api_for(hospital.nurse_cardiology).post(
        f"{BASE}/fault-reports/", {"asset_tag": "OLD-1", "description": "x"}, format="json"
    )
    assert response.status_code == 409
    assert "retired" in response.json()["detail"]


def test_plans_and_raise_order(hospital, devices, api_for):
    api = api_for(hospital.engineer)
    created = api.post(
        f"{BASE}/plans/",
        {
            "equipment": devices["vent"].pk,
            "kind": "calibration",
            "interval_value": 6,
            "interval_unit": "months",
            "first_due": "2027-01-31",
            "engineer": hospital.engineer.pk,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["anchor_day"] == 31
    order = api.post(f"{BASE}/plans/{created.json()['id']}/raise-order/")
    assert order.status_code == 201
    assert order.json()["due_date"] == "2027-01-31"
    again = api.post(f"{BASE}/plans/{created.json()['id']}/raise-order/")
    assert again.status_code == 409
    nurse = api_for(hospital.nurse_icu).post(f"{BASE}/plans/{created.json()['id']}/raise-order/")
    assert nurse.status_code == 403


def test_status_history_is_scoped(hospital, devices, api_for):
    rows = api_for(hospital.nurse_cardiology).get(f"{BASE}/status-changes/").json()["results"]
    assert {row["equipment"] for row in rows} == {devices["monitor"].pk}
    assert StatusChange.objects.count() == 2


def test_a_refused_lifecycle_step_gives_the_same_answer_on_the_page_and_in_the_api(hospital, api_for, client_for):
    device = EquipmentFactory(department=hospital.icu, asset_tag="NEW-1", status=EquipmentStatus.ORDERED)
    api = api_for(hospital.engineer).post(
        f"{BASE}/devices/{device.pk}/transition/", {"step": "commission"}, format="json"
    )
    page = client_for(hospital.engineer).post("/equipment/devices/NEW-1/step/commission/", {})
    assert api.status_code == page.status_code == 409
    assert api.json()["detail"] in page.content.decode().replace("&ldquo;", "“").replace("&rdquo;", "”")
    device.refresh_from_db()
    assert device.status == EquipmentStatus.ORDERED
