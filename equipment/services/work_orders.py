"""Work orders: fault reports, planned checks raised from a plan, and their steps.

STEPS is the one place that says which status may follow which. A step's effect on
the device is written in the same transaction: starting a repair puts the device
under repair, completing it puts it back in service; a completed planned check
moves its plan's next due date; a failed calibration or safety test takes the
device out of service and opens the repair that will bring it back.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from equipment import access, summaries
from equipment.models import (
    CORRECTIVE_OUTCOMES,
    DOWN_STATUSES,
    FAILURE_STOPS_DEVICE,
    PLANNED_KINDS,
    PLANNED_OUTCOMES,
    Equipment,
    EquipmentStatus,
    MaintenancePlan,
    Outcome,
    Priority,
    WorkOrder,
    WorkOrderKind,
    WorkOrderStatus,
)
from equipment.schedule import Interval, next_due_after
from equipment.selectors import engineers_on_duty
from equipment.services.lifecycle import record_status
from hospital.errors import AccessDenied, ConflictError, DomainError
from hospital.models import NotificationLevel, User
from hospital.services import notify

W = WorkOrderStatus
ES = EquipmentStatus

# step -> (statuses it may start from, status it leads to)
STEPS: dict[str, tuple[tuple[str, ...], str]] = {
    "assign": ((W.OPEN, W.ASSIGNED), W.ASSIGNED),
    "respond": ((W.OPEN, W.ASSIGNED), W.ASSIGNED),
    "start": ((W.OPEN, W.ASSIGNED, W.WAITING_PARTS), W.IN_PROGRESS),
    "wait_for_parts": ((W.IN_PROGRESS,), W.WAITING_PARTS),
    "complete": ((W.IN_PROGRESS,), W.COMPLETED),
    "cancel": ((W.OPEN, W.ASSIGNED), W.CANCELLED),
}
STEP_LABELS = {
    "assign": gettext_lazy("assign"),
    "respond": gettext_lazy("respond"),
    "start": gettext_lazy("start"),
    "wait_for_parts": gettext_lazy("wait for parts"),
    "complete": gettext_lazy("complete"),
    "cancel": gettext_lazy("cancel"),
}
# The board's columns, and the step a card dropped on a column takes.
BOARD_COLUMNS = (W.OPEN, W.ASSIGNED, W.IN_PROGRESS, W.WAITING_PARTS)
STEP_TO_COLUMN = {W.ASSIGNED: "respond", W.IN_PROGRESS: "start", W.WAITING_PARTS: "wait_for_parts"}
MAX_MONEY = Decimal("9999999999.99")


def allowed_work_order_steps(order: WorkOrder, user: User) -> list[str]:
    """The steps `user` may take on the order now, in workflow order (what the board offers)."""
    if not access.may_manage(user):
        return []
    return [step for step, (sources, _target) in STEPS.items() if order.status in sources]


def _require_manager(user: User) -> None:
    if not access.may_manage(user):
        raise AccessDenied(_("Only biomedical engineers and administrators may do this."))


def _locked(order: WorkOrder, user: User) -> WorkOrder:
    order = WorkOrder.objects.select_for_update(of=("self",)).select_related("equipment", "plan").get(pk=order.pk)
    order._history_user = user
    return order


def _move(order: WorkOrder, step: str) -> None:
    sources, target = STEPS[step]
    if order.status not in sources:
        allowed = [str(STEP_LABELS[s]) for s, (src, _t) in STEPS.items() if order.status in src]
        raise ConflictError(
            _("You cannot %(step)s a work order that is “%(status)s”. Allowed now: %(allowed)s.")
            % {
                "step": STEP_LABELS[step],
                "status": order.get_status_display(),
                "allowed": ", ".join(allowed) if allowed else _("none"),
            }
        )
    order.status = target


def _check_not_retired(equipment: Equipment) -> None:
    if equipment.status == ES.RETIRED:
        raise ConflictError(_("A retired device accepts no work orders."))


def _notify_engineers(order: WorkOrder, title: str, *, level: str = NotificationLevel.WARNING) -> None:
    for engineer in engineers_on_duty():
        notify(
            recipient=engineer,
            title=title,
            body=order.fault_description,
            link=order.get_absolute_url(),
            level=level,
            dedupe_key=f"equipment.fault:{order.pk}",
        )


def report_fault(*, user: User, equipment: Equipment, description: str) -> WorkOrder:
    """A staff member reports a fault: an open corrective order that reaches the engineers.

    Anyone on a device of their own department (engineers and administrators on any);
    life-support devices are urgent, high-risk ones high priority. Refused on a retired device.
    """
    if not access.may_report_fault(user, equipment):
        raise AccessDenied(_("You may report faults only on devices of your own department."))
    description = (description or "").strip()
    if not description:
        raise DomainError(_("Describe the fault."), field="description")
    if len(description) > 4000:
        raise DomainError(_("Keep the description under 4,000 characters."), field="description")
    with transaction.atomic():
        equipment = Equipment.objects.select_for_update().get(pk=equipment.pk)
        _check_not_retired(equipment)
        if equipment.is_life_support:
            priority = Priority.URGENT
        elif equipment.is_high_risk:
            priority = Priority.HIGH
        else:
            priority = Priority.NORMAL
        order = WorkOrder(
            equipment=equipment,
            kind=WorkOrderKind.CORRECTIVE,
            priority=priority,
            reported_by=user,
            reported_at=timezone.now(),
            fault_description=description,
        )
        order._history_user = user
        order.save()
        summaries.order_changed(None, order)
        _notify_engineers(
            order,
            _("Fault reported on %(tag)s %(name)s") % {"tag": equipment.asset_tag, "name": equipment.name},
            level=NotificationLevel.DANGER if priority == Priority.URGENT else NotificationLevel.WARNING,
        )
    return order


def raise_planned_order(*, user: User, plan: MaintenancePlan) -> WorkOrder:
    """The work order for the plan's next due check (one open order per plan at a time)."""
    _require_manager(user)
    with transaction.atomic():
        plan = MaintenancePlan.objects.select_for_update(of=("self",)).select_related("equipment").get(pk=plan.pk)
        _check_not_retired(plan.equipment)
        if not plan.is_active:
            raise ConflictError(_("The plan is no longer active."))
        if plan.work_orders.active().exists():
            raise ConflictError(_("This plan already has an open work order."))
        order = WorkOrder(
            equipment=plan.equipment,
            plan=plan,
            kind=plan.kind,
            priority=Priority.HIGH if plan.equipment.is_high_risk else Priority.NORMAL,
            reported_by=user,
            reported_at=timezone.now(),
            due_date=plan.next_due,
            engineer=plan.engineer,
            status=W.ASSIGNED if plan.engineer_id else W.OPEN,
            checklist_results=[{"step": step, "passed": None} for step in plan.checklist_steps],
        )
        order._history_user = user
        order.save()
        summaries.order_changed(None, order)
    return order


def create_work_order(
    *, user: User, equipment: Equipment, kind: str, description: str = "", priority: str = Priority.NORMAL
) -> WorkOrder:
    """An engineer opens an order on a device (a repair found on a round, an unplanned check)."""
    _require_manager(user)
    if kind not in WorkOrderKind.values:
        raise DomainError(_("Choose the kind of work."), field="kind")
    if priority not in Priority.values:
        raise DomainError(_("Choose a priority."), field="priority")
    if kind == WorkOrderKind.CORRECTIVE and not description.strip():
        raise DomainError(_("Describe the fault."), field="description")
    with transaction.atomic():
        equipment = Equipment.objects.select_for_update().get(pk=equipment.pk)
        _check_not_retired(equipment)
        order = WorkOrder(
            equipment=equipment,
            kind=kind,
            priority=priority,
            reported_by=user,
            reported_at=timezone.now(),
            fault_description=description.strip(),
            due_date=timezone.localdate() if kind in PLANNED_KINDS else None,
        )
        order._history_user = user
        order.save()
        summaries.order_changed(None, order)
    return order


def assign_work_order(*, order: WorkOrder, user: User, engineer: User) -> WorkOrder:
    """Give the order to a biomedical engineer (and tell them)."""
    _require_manager(user)
    if engineer is None or not engineers_on_duty().filter(pk=engineer.pk).exists():
        raise DomainError(_("Choose an active biomedical engineer."), field="engineer")
    with transaction.atomic():
        order = _locked(order, user)
        before = summaries.order_snapshot(order)
        _move(order, "assign")
        order.engineer = engineer
        order.save()
        summaries.order_changed(before, order)
        notify(
            recipient=engineer,
            title=_("Work order %(reference)s on %(tag)s is yours")
            % {"reference": order.reference, "tag": order.equipment.asset_tag},
            body=order.fault_description,
            link=order.get_absolute_url(),
            dedupe_key=f"equipment.assigned:{order.pk}:{engineer.pk}",
        )
    return order


def respond_to_work_order(*, order: WorkOrder, user: User) -> WorkOrder:
    """The engineer's first response (response time ends here); takes the order if unassigned."""
    _require_manager(user)
    with transaction.atomic():
        order = _locked(order, user)
        before = summaries.order_snapshot(order)
        _move(order, "respond")
        order.responded_at = order.responded_at or timezone.now()
        order.engineer = order.engineer or user
        order.save()
        summaries.order_changed(before, order)
    return order


def start_work_order(*, order: WorkOrder, user: User) -> WorkOrder:
    """Start (or resume after parts came); a repair puts an in-use device under repair."""
    _require_manager(user)
    with transaction.atomic():
        order = _locked(order, user)
        before = summaries.order_snapshot(order)
        _check_not_retired(order.equipment)
        _move(order, "start")
        now = timezone.now()
        order.responded_at = order.responded_at or now
        order.started_at = order.started_at or now
        order.engineer = order.engineer or user
        order.save()
        summaries.order_changed(before, order)
        equipment = Equipment.objects.select_for_update().get(pk=order.equipment_id)
        if order.is_corrective and equipment.status in (ES.IN_SERVICE, ES.OUT_OF_SERVICE):
            equipment._history_user = user
            record_status(
                equipment,
                ES.UNDER_REPAIR,
                user=user,
                reason=_("Repair %(reference)s started") % {"reference": order.reference},
            )
    return order


def wait_for_parts(*, order: WorkOrder, user: User, note: str = "") -> WorkOrder:
    _require_manager(user)
    with transaction.atomic():
        order = _locked(order, user)
        before = summaries.order_snapshot(order)
        _move(order, "wait_for_parts")
        if note.strip():
            order.notes = f"{order.notes}\n{note.strip()}".strip()
        order.save()
        summaries.order_changed(before, order)
    return order


def cancel_work_order(*, order: WorkOrder, user: User, reason: str) -> WorkOrder:
    """Cancel an order not yet started (a duplicate report, a device found working)."""
    _require_manager(user)
    if not (reason or "").strip():
        raise DomainError(_("Give the reason."), field="reason")
    with transaction.atomic():
        order = _locked(order, user)
        before = summaries.order_snapshot(order)
        _move(order, "cancel")
        order.notes = f"{order.notes}\n{reason.strip()}".strip()
        order.save()
        summaries.order_changed(before, order)
    return order


def _money(value, field: str) -> Decimal:
    try:
        amount = Decimal(str(value if value not in (None, "") else 0))
    except InvalidOperation:
        raise DomainError(_("Enter a number."), field=field) from None
    if not amount.is_finite() or amount < 0 or amount > MAX_MONEY:
        raise DomainError(_("Enter an amount of 0 or more."), field=field)
    return amount.quantize(Decimal("0.01"))


def _checklist(value) -> list:
    if value in (None, ""):
        return []
    if not isinstance(value, list) or not all(
        isinstance(row, dict) and str(row.get("step", "")).strip() and isinstance(row.get("passed"), bool)
        for row in value
    ):
        raise DomainError(_("Each checklist result needs a step and whether it passed."), field="checklist_results")
    return [{"step": str(row["step"]).strip(), "passed": row["passed"]} for row in value]


def complete_work_order(
    *,
    order: WorkOrder,
    user: User,
    outcome: str,
    labour_hours=0,
    parts_cost=0,
    vendor_cost=0,
    checklist_results: list | None = None,
    notes: str = "",
) -> WorkOrder:
    """Finish the work with its outcome, hours and costs.

    A repair: repaired puts the device back in service (ending the downtime), not
    repairable leaves it out of service. A planned check moves the plan's next due
    date; a failed calibration or safety test takes the device out of service and opens
    an urgent repair order, which alone brings it back.
    """
    _require_manager(user)
    labour = _money(labour_hours, "labour_hours")
    parts, vendor = _money(parts_cost, "parts_cost"), _money(vendor_cost, "vendor_cost")
    results = _checklist(checklist_results)
    with transaction.atomic():
        order = _locked(order, user)
        before = summaries.order_snapshot(order)
        allowed = CORRECTIVE_OUTCOMES if order.is_corrective else PLANNED_OUTCOMES
        if outcome not in allowed:
            raise DomainError(
                _("Choose one of: %(outcomes)s.") % {"outcomes": ", ".join(str(Outcome(o).label) for o in allowed)},
                field="outcome",
            )
        if not order.is_corrective and outcome == Outcome.PASSED and any(not r["passed"] for r in results):
            raise DomainError(_("A check with a failed step cannot pass."), field="outcome")
        _move(order, "complete")
        now = timezone.now()
        order.completed_at = now
        order.outcome = outcome
        order.labour_hours, order.parts_cost, order.vendor_cost = labour, parts, vendor
        if results:
            order.checklist_results = results
        if notes.strip():
            order.notes = f"{order.notes}\n{notes.strip()}".strip()
        order.engineer = order.engineer or user
        order.save()
        summaries.order_changed(before, order)
        equipment = Equipment.objects.select_for_update().get(pk=order.equipment_id)
        equipment._history_user = user
        if order.is_corrective:
            _after_repair(order, equipment, user)
        else:
            _after_check(order, equipment, user, done_on=timezone.localdate())
    return order


def _after_repair(order: WorkOrder, equipment: Equipment, user: User) -> None:
    reason = _("Repair %(reference)s: %(outcome)s") % {
        "reference": order.reference,
        "outcome": order.get_outcome_display(),
    }
    if order.outcome == Outcome.REPAIRED:
        repairs_left = equipment.work_orders.filter(kind=WorkOrderKind.CORRECTIVE, status=W.IN_PROGRESS).exists()
        if equipment.status in DOWN_STATUSES and not repairs_left:
            record_status(equipment, ES.IN_SERVICE, user=user, reason=reason)
    elif equipment.status in (ES.IN_SERVICE, ES.UNDER_REPAIR):
        record_status(equipment, ES.OUT_OF_SERVICE, user=user, reason=reason)


def _after_check(order: WorkOrder, equipment: Equipment, user: User, *, done_on: dt.date) -> None:
    plan = order.plan
    if plan is not None:
        plan = MaintenancePlan.objects.select_for_update().get(pk=plan.pk)
        plan._history_user = user
        plan.last_done = done_on
        plan.next_due = next_due_after(
            due=order.due_date or plan.next_due,
            done_on=done_on,
            interval=Interval(plan.interval_value, plan.interval_unit),
            anchor_day=plan.anchor_day,
        )
        plan.save(update_fields=["last_done", "next_due"])
    if order.outcome != Outcome.FAILED:
        return
    reason = _("%(kind)s failed (%(reference)s)") % {"kind": order.get_kind_display(), "reference": order.reference}
    if order.kind in FAILURE_STOPS_DEVICE and equipment.status in (ES.IN_SERVICE, ES.UNDER_REPAIR):
        record_status(equipment, ES.OUT_OF_SERVICE, user=user, reason=reason)
    repair = WorkOrder(
        equipment=equipment,
        kind=WorkOrderKind.CORRECTIVE,
        priority=Priority.URGENT if equipment.is_high_risk else Priority.HIGH,
        reported_by=user,
        reported_at=timezone.now(),
        fault_description=reason,
        engineer=order.engineer,
        status=W.ASSIGNED if order.engineer_id else W.OPEN,
    )
    repair._history_user = user
    repair.save()
    summaries.order_changed(None, repair)


def move_on_board(*, order: WorkOrder, user: User, to_status: str) -> WorkOrder:
    """A card dropped on a board column: the step that leads there (complete and cancel
    need their forms, so they are not board moves)."""
    step = STEP_TO_COLUMN.get(to_status)
    if step is None:
        raise DomainError(_("A card cannot be moved to that column."), field="status")
    if step == "respond":
        return respond_to_work_order(order=order, user=user)
    if step == "start":
        return start_work_order(order=order, user=user)
    return wait_for_parts(order=order, user=user)
