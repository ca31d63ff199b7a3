"""Every allowed and refused lifecycle step; a refused step names the allowed ones and changes nothing."""

import pytest

from equipment import services
from equipment.models import AcceptanceTest, Equipment, EquipmentStatus, MaintenancePlan, StatusChange
from equipment.services.lifecycle import TRANSITIONS
from hospital.errors import AccessDenied, ConflictError, DomainError

S = EquipmentStatus
pytestmark = pytest.mark.django_db

DEVICE = {
    "name": "Ventilator",
    "category": "ventilator",
    "risk_class": "high",
    "is_life_support": True,
    "manufacturer": "Dräger",
    "purchase_cost": 360000,
}

# The status a device reaches by the steps before it, from a new (ordered) device.
PATH_TO = {
    S.ORDERED: [],
    S.RECEIVED: ["receive"],
    S.ACCEPTANCE_TESTING: ["receive", "start_acceptance"],
    S.IN_SERVICE: ["receive", "start_acceptance", "accept", "commission"],
    S.UNDER_REPAIR: ["receive", "start_acceptance", "accept", "commission", "send_to_repair"],
    S.OUT_OF_SERVICE: ["receive", "start_acceptance", "accept", "commission", "take_out_of_service"],
    S.RETIRED: ["retire"],
}
PASSED = [{"step": "Alarms sound", "passed": True}]


def new_device(hospital, tag="VENT-1"):
    return services.register_equipment(user=hospital.engineer, asset_tag=tag, department=hospital.icu, **DEVICE)


def bring_to(hospital, device, status):
    for step in PATH_TO[status]:
        if step == "accept":
            services.record_acceptance_test(
                equipment=device, user=hospital.engineer, checklist_results=PASSED, electrical_safety_passed=True
            )
        else:
            services.move_equipment(equipment=device, user=hospital.engineer, step=step, reason="because")
    device.refresh_from_db()
    return device


CASES = [(status, step) for status in S.values for step in TRANSITIONS]


@pytest.mark.parametrize(("status", "step"), CASES)
def test_each_step_from_each_status_is_allowed_or_refused_by_the_table(hospital, status, step):
    device = bring_to(hospital, new_device(hospital), status)
    changes_before = StatusChange.objects.filter(equipment=device).count()
    sources, target = TRANSITIONS[step]
    if status in sources:
        if step == "commission":  # the other rule of this step (test_no_service_without_...)
            services.record_acceptance_test(
                equipment=device, user=hospital.engineer, checklist_results=PASSED, electrical_safety_passed=True
            )
        services.move_equipment(equipment=device, user=hospital.engineer, step=step, reason="because")
        device.refresh_from_db()
        assert device.status == target
        change = StatusChange.objects.filter(equipment=device).latest("at", "id")
        assert (change.from_status, change.to_status, change.by, change.reason) == (
            status,
            target,
            hospital.engineer,
            "because",
        )
    else:
        with pytest.raises(ConflictError) as refused:
            services.move_equipment(equipment=device, user=hospital.engineer, step=step, reason="because")
        assert "Allowed now:" in refused.value.message
        device.refresh_from_db()
        assert device.status == status
        assert StatusChange.objects.filter(equipment=device).count() == changes_before


def test_refusal_names_the_allowed_steps(hospital):
    device = bring_to(hospital, new_device(hospital), S.RECEIVED)
    with pytest.raises(ConflictError) as refused:
        services.move_equipment(equipment=device, user=hospital.engineer, step="commission")
    assert "start acceptance testing, retire" in refused.value.message


def test_no_service_without_a_passed_acceptance_test(hospital):
    device = bring_to(hospital, new_device(hospital), S.ACCEPTANCE_TESTING)
    with pytest.raises(ConflictError, match="passed acceptance test"):
        services.move_equipment(equipment=device, user=hospital.engineer, step="commission")
    failed = services.record_acceptance_test(
        equipment=device,
        user=hospital.engineer,
        checklist_results=PASSED,
        electrical_safety_passed=False,
    )
    assert failed.passed is False
    with pytest.raises(ConflictError):
        services.move_equipment(equipment=device, user=hospital.engineer, step="commission")
    a_step_failed = [{"step": "Alarms sound", "passed": False}]
    services.record_acceptance_test(
        equipment=device, user=hospital.engineer, checklist_results=a_step_failed, electrical_safety_passed=True
    )
    with pytest.raises(ConflictError):
        services.move_equipment(equipment=device, user=hospital.engineer, step="commission")
    device.refresh_from_db()
    assert device.status == S.ACCEPTANCE_TESTING
    services.record_acceptance_test(
        equipment=device, user=hospital.engineer, checklist_results=PASSED, electrical_safety_passed=True
    )
    services.move_equipment(equipment=device, user=hospital.engineer, step="commission")
    device.refresh_from_db()
    assert device.status == S.IN_SERVICE
    assert AcceptanceTest.objects.filter(equipment=device).count() == 3


def test_commissioning_gives_risk_based_plans_and_the_date(hospital):
    device = bring_to(hospital, new_device(hospital), S.IN_SERVICE)
    assert device.commissioned_on is not None
    kinds = set(MaintenancePlan.objects.filter(equipment=device).values_list("kind", flat=True))
    # a life-support ventilator: the manufacturer's preventive, calibration and safety schedule
    assert kinds == {"preventive", "calibration", "safety_test"}


def test_acceptance_test_only_in_acceptance_testing(hospital):
    device = bring_to(hospital, new_device(hospital), S.RECEIVED)
    with pytest.raises(ConflictError):
        services.record_acceptance_test(
            equipment=device, user=hospital.engineer, checklist_results=PASSED, electrical_safety_passed=True
        )
    assert not AcceptanceTest.objects.exists()


def test_retiring_needs_a_reason_and_stamps_the_date(hospital):
    device = bring_to(hospital, new_device(hospital), S.IN_SERVICE)
    with pytest.raises(DomainError):
        services.move_equipment(equipment=device, user=hospital.engineer, step="retire", reason=" ")
    services.move_equipment(equipment=device, user=hospital.engineer, step="retire", reason="Beyond economic repair")
    device.refresh_from_db()
    assert device.status == S.RETIRED
    assert device.retired_on is not None
    assert device.retirement_reason == "Beyond economic repair"
    assert not MaintenancePlan.objects.filter(equipment=device, is_active=True).exists()


@pytest.mark.parametrize("who", ["nurse_icu", "head_medicine", "finance", "quality_manager"])
def test_only_engineers_and_administrators_move_devices(hospital, who):
    device = new_device(hospital)
    with pytest.raises(AccessDenied):
        services.move_equipment(equipment=device, user=getattr(hospital, who), step="receive")
    services.move_equipment(equipment=device, user=hospital.admin, step="receive")
    assert Equipment.objects.get(pk=device.pk).status == S.RECEIVED


def test_duplicate_asset_tag_is_a_conflict(hospital):
    new_device(hospital, "VENT-9")
    with pytest.raises(ConflictError):
        new_device(hospital, "vent-9")


def test_high_risk_devices_follow_the_manufacturers_schedule(hospital):
    with pytest.raises(DomainError) as refused:
        services.register_equipment(
            user=hospital.engineer,
            asset_tag="VENT-2",
            department=hospital.icu,
            maintenance_strategy="alternative",
            **DEVICE,
        )
    assert refused.value.field == "maintenance_strategy"
