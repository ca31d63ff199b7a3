"""Work-order steps and what they do to the device and its plan."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from equipment import services
from equipment.models import EquipmentStatus, StatusChange, WorkOrder, WorkOrderStatus
from equipment.services.work_orders import STEPS
from hospital.errors import AccessDenied, ConflictError, DomainError
from hospital.models import Notification
from tests.equipment.factories import EquipmentFactory, PlanFactory, WorkOrderFactory

pytestmark = pytest.mark.django_db
W, S = WorkOrderStatus, EquipmentStatus


def test_a_repair_takes_the_device_under_repair_and_back_into_service(hospital):
    device = EquipmentFactory(department=hospital.cardiology)
    order = services.report_fault(user=hospital.nurse_cardiology, equipment=device, description="No ECG trace")
    assert Notification.objects.filter(recipient=hospital.engineer, dedupe_key=f"equipment.fault:{order.pk}").exists()
    services.respond_to_work_order(order=order, user=hospital.engineer)
    services.start_work_order(order=order, user=hospital.engineer)
    device.refresh_from_db()
    assert device.status == S.UNDER_REPAIR
    services.complete_work_order(
        order=order, user=hospital.engineer, outcome="repaired", labour_hours="1.5", parts_cost="80"
    )
    device.refresh_from_db()
    order.refresh_from_db()
    assert device.status == S.IN_SERVICE
    assert (order.status, order.outcome, order.engineer) == (W.COMPLETED, "repaired", hospital.engineer)
    steps = list(StatusChange.objects.filter(equipment=device).order_by("at", "id").values_list("to_status", flat=True))
    assert steps[-2:] == [S.UNDER_REPAIR, S.IN_SERVICE]


def test_not_repairable_leaves_the_device_out_of_service(hospital):
    device = EquipmentFactory(department=hospital.cardiology)
    order = services.report_fault(user=hospital.nurse_cardiology, equipment=device, description="Smoke")
    services.start_work_order(order=order, user=hospital.engineer)
    services.complete_work_order(order=order, user=hospital.engineer, outcome="not_repairable")
    device.refresh_from_db()
    assert device.status == S.OUT_OF_SERVICE


def test_a_failed_calibration_takes_the_device_out_of_service_until_a_repair_passes(hospital):
    device = EquipmentFactory(department=hospital.icu)
    plan = PlanFactory(equipment=device, kind="calibration")
    check = services.raise_planned_order(user=hospital.engineer, plan=plan)
    services.start_work_order(order=check, user=hospital.engineer)
    services.complete_work_order(order=check, user=hospital.engineer, outcome="failed")
    device.refresh_from_db()
    assert device.status == S.OUT_OF_SERVICE
    repair = WorkOrder.objects.get(equipment=device, kind="corrective")
    assert repair.status in (W.OPEN, W.ASSIGNED)
    with pytest.raises(ConflictError, match="until a repair passes"):
        services.move_equipment(equipment=device, user=hospital.engineer, step="return_to_service")
    services.start_work_order(order=repair, user=hospital.engineer)
    services.complete_work_order(order=repair, user=hospital.engineer, outcome="repaired")
    device.refresh_from_db()
    assert device.status == S.IN_SERVICE


@time_machine.travel(dt.datetime(2025, 2, 3, 9, tzinfo=dt.UTC))
def test_completing_a_planned_order_moves_the_plans_next_due_keeping_the_anchor(hospital):
    plan = PlanFactory(
        kind="preventive", interval_value=1, interval_unit="months", next_due=dt.date(2025, 1, 31), anchor_day=31
    )
    order = services.raise_planned_order(user=hospital.engineer, plan=plan)
    assert order.due_date == dt.date(2025, 1, 31)
    services.start_work_order(order=order, user=hospital.engineer)
    services.complete_work_order(order=order, user=hospital.engineer, outcome="passed")
    plan.refresh_from_db()
    # done on 3 Feb, late: the schedule's own next date, 28 Feb, then 31 Mar
    assert (plan.last_done, plan.next_due) == (dt.date(2025, 2, 3), dt.date(2025, 2, 28))


def test_a_retired_device_accepts_no_work_orders(hospital):
    device = EquipmentFactory(department=hospital.cardiology, status=S.RETIRED, retired_on=timezone.localdate())
    with pytest.raises(ConflictError, match="retired"):
        services.report_fault(user=hospital.nurse_cardiology, equipment=device, description="Broken")
    with pytest.raises(ConflictError):
        services.create_work_order(user=hospital.engineer, equipment=device, kind="corrective", description="x")
    assert not WorkOrder.objects.exists()


def test_fault_on_another_departments_device_is_refused(hospital):
    device = EquipmentFactory(department=hospital.icu)
    with pytest.raises(AccessDenied):
        services.report_fault(user=hospital.nurse_cardiology, equipment=device, description="Alarm")
    assert not WorkOrder.objects.exists()


def test_a_head_reports_on_a_sub_department_device_and_engineers_on_any(hospital):
    device = EquipmentFactory(department=hospital.cardiology)
    services.report_fault(user=hospital.head_medicine, equipment=device, description="Alarm")
    services.report_fault(user=hospital.engineer, equipment=device, description="Alarm 2")
    assert WorkOrder.objects.count() == 2


def test_life_support_faults_are_urgent(hospital):
    device = EquipmentFactory(department=hospital.icu, risk_class="high", is_life_support=True, category="ventilator")
    order = services.report_fault(user=hospital.nurse_icu, equipment=device, description="Low pressure alarm")
    assert order.priority == "urgent"


def test_completion_outcome_must_fit_the_kind_and_costs_be_positive(hospital):
    order = WorkOrderFactory(equipment__department=hospital.icu, status=W.IN_PROGRESS, started_at=timezone.now())
    with pytest.raises(DomainError):
        services.complete_work_order(order=order, user=hospital.engineer, outcome="passed")
    with pytest.raises(DomainError):
        services.complete_work_order(order=order, user=hospital.engineer, outcome="repaired", parts_cost="-1")
    with pytest.raises(DomainError):
        services.complete_work_order(order=order, user=hospital.engineer, outcome="repaired", parts_cost="abc")
    order.refresh_from_db()
    assert order.status == W.IN_PROGRESS


def _order_in(status, hospital):
    extra = {}
    if status in (W.IN_PROGRESS, W.WAITING_PARTS, W.COMPLETED):
        extra["started_at"] = timezone.now()
    if status == W.COMPLETED:
        extra.update(completed_at=timezone.now(), outcome="repaired")
    return WorkOrderFactory(equipment__department=hospital.icu, status=status, **extra)


def _take(step, order, hospital):
    user = hospital.engineer
    if step == "assign":
        return services.assign_work_order(order=order, user=user, engineer=hospital.engineer)
    if step == "respond":
        return services.respond_to_work_order(order=order, user=user)
    if step == "start":
        return services.start_work_order(order=order, user=user)
    if step == "wait_for_parts":
        return services.wait_for_parts(order=order, user=user)
    if step == "complete":
        return services.complete_work_order(order=order, user=user, outcome="repaired")
    return services.cancel_work_order(order=order, user=user, reason="Duplicate")


@pytest.mark.parametrize(("status", "step"), [(status, step) for status in W.values for step in STEPS])
def test_each_work_order_step_from_each_status(hospital, status, step):
    order = _order_in(status, hospital)
    sources, target = STEPS[step]
    if status in sources:
        _take(step, order, hospital)
        order.refresh_from_db()
        assert order.status == target
    else:
        with pytest.raises(ConflictError, match="Allowed now"):
            _take(step, order, hospital)
        order.refresh_from_db()
        assert order.status == status


def test_nurses_cannot_take_work_order_steps(hospital):
    order = _order_in(W.OPEN, hospital)
    with pytest.raises(AccessDenied):
        services.start_work_order(order=order, user=hospital.nurse_icu)
