"""A device's lifecycle: registered as ordered → received → acceptance testing → in
service ⇄ under repair / out of service → retired.

TRANSITIONS is the one place that says which status may follow which; every move
goes through `_move`, which refuses anything else (naming the steps allowed now)
and records the change (from, to, when, who, why) that downtime is measured from.
"""

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from equipment import access, summaries
from equipment.models import (
    FAILURE_STOPS_DEVICE,
    IMAGING_CATEGORIES,
    AcceptanceTest,
    Category,
    Equipment,
    EquipmentStatus,
    MaintenancePlan,
    MaintenanceStrategy,
    Outcome,
    RiskClass,
    StatusChange,
    WorkOrder,
    WorkOrderKind,
    WorkOrderStatus,
)
from equipment.schedule import CHECKLISTS, advance, default_plans
from hospital.errors import AccessDenied, ConflictError, DomainError
from hospital.model_update import model_update
from hospital.models import Department, User
from hospital.roles import has_role

S = EquipmentStatus

# step -> (statuses it may start from, status it leads to)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "receive": ((S.ORDERED,), S.RECEIVED),
    "start_acceptance": ((S.RECEIVED,), S.ACCEPTANCE_TESTING),
    "commission": ((S.ACCEPTANCE_TESTING,), S.IN_SERVICE),
    "send_to_repair": ((S.IN_SERVICE, S.OUT_OF_SERVICE), S.UNDER_REPAIR),
    "take_out_of_service": ((S.IN_SERVICE, S.UNDER_REPAIR), S.OUT_OF_SERVICE),
    "return_to_service": ((S.UNDER_REPAIR, S.OUT_OF_SERVICE), S.IN_SERVICE),
    "retire": (
        (S.ORDERED, S.RECEIVED, S.ACCEPTANCE_TESTING, S.IN_SERVICE, S.UNDER_REPAIR, S.OUT_OF_SERVICE),
        S.RETIRED,
    ),
}
STEP_LABELS = {
    "receive": gettext_lazy("receive"),
    "start_acceptance": gettext_lazy("start acceptance testing"),
    "commission": gettext_lazy("put into service"),
    "send_to_repair": gettext_lazy("send to repair"),
    "take_out_of_service": gettext_lazy("take out of service"),
    "return_to_service": gettext_lazy("return to service"),
    "retire": gettext_lazy("retire"),
}
# Steps that need a reason (the timeline says why a device stopped or left).
REASON_REQUIRED = ("take_out_of_service", "send_to_repair", "retire")

DEVICE_FIELDS = (
    "name",
    "category",
    "manufacturer",
    "model_number",
    "serial_number",
    "udi",
    "department",
    "location",
    "risk_class",
    "is_life_support",
    "maintenance_strategy",
    "supplier",
    "purchase_date",
    "purchase_cost",
    "warranty_end",
    "useful_life_years",
    "salvage_value",
)


def allowed_steps(equipment: Equipment, user: User) -> list[str]:
    """The lifecycle steps `user` may take on the device now (what its page offers)."""
    if not access.may_manage(user):
        return []
    return [step for step, (sources, _target) in TRANSITIONS.items() if equipment.status in sources]


def _require_manager(user: User) -> None:
    if not access.may_manage(user):
        raise AccessDenied(_("Only biomedical engineers and administrators may do this."))


def _step_names(status: str) -> str:
    names = [str(STEP_LABELS[step]) for step, (sources, _t) in TRANSITIONS.items() if status in sources]
    return ", ".join(names) if names else _("none")


def record_status(
    equipment: Equipment, to_status: str, *, user: User | None, reason: str = "", at: dt.datetime | None = None
) -> StatusChange:
    """Write the status change and save the device (caller holds the lock and checked the rule)."""
    change = StatusChange.objects.create(
        equipment=equipment,
        from_status=equipment.status,
        to_status=to_status,
        at=at or timezone.now(),
        by=user,
        reason=reason,
    )
    summaries.status_changed(change, equipment)
    equipment.status = to_status
    equipment.save(update_fields=["status", *(["retired_on", "retirement_reason"] if to_status == S.RETIRED else [])])
    return change


def _locked(equipment: Equipment, user: User) -> Equipment:
    equipment = Equipment.objects.select_for_update(of=("self",)).select_related("department").get(pk=equipment.pk)
    equipment._history_user = user
    return equipment


def _check_step(equipment: Equipment, step: str) -> str:
    sources, target = TRANSITIONS[step]
    if equipment.status not in sources:
        raise ConflictError(
            _("You cannot %(step)s a device that is “%(status)s”. Allowed now: %(allowed)s.")
            % {
                "step": STEP_LABELS[step],
                "status": equipment.get_status_display(),
                "allowed": _step_names(equipment.status),
            }
        )
    return target


def has_passed_acceptance(equipment: Equipment) -> bool:
    return equipment.acceptance_tests.filter(passed=True).exists()


def awaits_repair(equipment: Equipment) -> bool:
    """A failed calibration or safety test not yet followed by a repair that passed."""
    failed = (
        WorkOrder.objects.filter(
            equipment=equipment, kind__in=FAILURE_STOPS_DEVICE, status=WorkOrderStatus.COMPLETED, outcome=Outcome.FAILED
        )
        .order_by("-completed_at")
        .values_list("completed_at", flat=True)
        .first()
    )
    if failed is None:
        return False
    return not WorkOrder.objects.filter(
        equipment=equipment,
        kind=WorkOrderKind.CORRECTIVE,
        status=WorkOrderStatus.COMPLETED,
        outcome=Outcome.REPAIRED,
        completed_at__gte=failed,
    ).exists()


def move_equipment(
    *, equipment: Equipment, user: User, step: str, reason: str = "", on: dt.date | None = None
) -> Equipment:
    """Take one lifecycle step, or refuse it and change nothing.

    Refuses (409) a step the status does not allow, naming the allowed ones; service
    only after a passed acceptance test; a return to service while a failed
    calibration or safety test awaits its repair, or while a repair is under way;
    retirement while work orders are open. Commissioning stamps the date and gives
    the device its default maintenance plans (by risk class and category); retiring
    stamps date and reason and ends the plans.
    """
    _require_manager(user)
    if step not in TRANSITIONS:
        raise DomainError(_("Unknown step."), field="step")
    reason = (reason or "").strip()
    if step in REASON_REQUIRED and not reason:
        raise DomainError(_("Give the reason."), field="reason")
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise DomainError(_("The date cannot be in the future."), field="on")
    with transaction.atomic():
        equipment = _locked(equipment, user)
        before = summaries.device_key(equipment)
        target = _check_step(equipment, step)
        if step == "commission" and not has_passed_acceptance(equipment):
            raise ConflictError(_("A device enters service only after a passed acceptance test."))
        if step == "return_to_service":
            if awaits_repair(equipment):
                raise ConflictError(
                    _("A failed calibration or safety test keeps the device out of service until a repair passes.")
                )
            if equipment.work_orders.filter(kind=WorkOrderKind.CORRECTIVE, status=WorkOrderStatus.IN_PROGRESS).exists():
                raise ConflictError(
                    _("A repair is under way: complete its work order to return the device to service.")
                )
        if step == "retire":
            if equipment.work_orders.active().exists():
                raise ConflictError(_("Complete or cancel the device's open work orders before retiring it."))
            equipment.retired_on = on
            equipment.retirement_reason = reason
            equipment.plans.filter(is_active=True).update(is_active=False)
        record_status(equipment, target, user=user, reason=reason)
        if step == "commission":
            if equipment.commissioned_on is None:
                equipment.commissioned_on = on
                equipment.save(update_fields=["commissioned_on"])
            create_default_plans(
                equipment=equipment, start=on, engineer=user if has_role(user, *access.ENGINEERS) else None
            )
        summaries.device_changed(before, equipment)  # commissioning and retirement start and end depreciation
    return equipment


def create_default_plans(*, equipment: Equipment, start: dt.date, engineer: User | None) -> list[MaintenancePlan]:
    """The device's plans by risk class and category (equipment.schedule), first due one
    interval after `start`; kinds it already has an active plan for are left alone."""
    existing = set(equipment.plans.filter(is_active=True).values_list("kind", flat=True))
    plans = []
    for kind, interval in default_plans(
        risk_class=equipment.risk_class, is_life_support=equipment.is_life_support, category=equipment.category
    ).items():
        if kind in existing:
            continue
        plans.append(
            MaintenancePlan(
                equipment=equipment,
                kind=kind,
                interval_value=interval.value,
                interval_unit=interval.unit,
                anchor_day=start.day if interval.unit == "months" else None,
                checklist_steps=default_checklist(kind),
                engineer=engineer,
                next_due=advance(start, interval, anchor_day=start.day),
            )
        )
    return MaintenancePlan.objects.bulk_create(plans)


def default_checklist(kind: str) -> list[str]:
    return list(CHECKLISTS.get(kind, []))


def _validate_device(data: dict) -> None:
    if not str(data.get("name", "")).strip():
        raise DomainError(_("Give the device a name."), field="name")
    if data.get("category") not in Category.values:
        raise DomainError(_("Choose a category."), field="category")
    if data.get("risk_class") not in RiskClass.values:
        raise DomainError(_("Choose a risk class."), field="risk_class")
    if not isinstance(data.get("department"), Department):
        raise DomainError(_("Choose the department."), field="department")
    strategy = data.get("maintenance_strategy", MaintenanceStrategy.MANUFACTURER)
    if strategy not in MaintenanceStrategy.values:
        raise DomainError(_("Choose a maintenance strategy."), field="maintenance_strategy")
    if strategy == MaintenanceStrategy.ALTERNATIVE and (
        data["risk_class"] == RiskClass.HIGH or data.get("is_life_support") or data["category"] in IMAGING_CATEGORIES
    ):
        raise DomainError(
            _("High-risk, life-support and imaging devices follow the manufacturer's schedule."),
            field="maintenance_strategy",
        )
    cost = Decimal(data.get("purchase_cost") or 0)
    salvage = Decimal(data.get("salvage_value") or 0)
    if cost < 0:
        raise DomainError(_("The purchase cost cannot be negative."), field="purchase_cost")
    if salvage < 0 or salvage > cost:
        raise DomainError(_("The salvage value must be between 0 and the purchase cost."), field="salvage_value")
    life = data.get("useful_life_years", 8)
    if not isinstance(life, int) or not 1 <= life <= 50:
        raise DomainError(_("The useful life is 1 to 50 years."), field="useful_life_years")
    purchased, warranty = data.get("purchase_date"), data.get("warranty_end")
    if purchased and purchased > timezone.localdate():
        raise DomainError(_("The purchase date cannot be in the future."), field="purchase_date")
    if purchased and warranty and warranty < purchased:
        raise DomainError(_("The warranty cannot end before the purchase."), field="warranty_end")


def register_equipment(*, user: User, asset_tag: str, **fields) -> Equipment:
    """Add a device to the register as ordered (its first status change is recorded)."""
    _require_manager(user)
    asset_tag = (asset_tag or "").strip().upper()
    if not asset_tag:
        raise DomainError(_("Give the asset tag."), field="asset_tag")
    unknown = set(fields) - set(DEVICE_FIELDS)
    if unknown:
        raise DomainError(_("These fields cannot be set here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    _validate_device(fields)
    if Equipment.objects.filter(asset_tag=asset_tag).exists():
        raise ConflictError(_("Asset tag %(tag)s is already in the register.") % {"tag": asset_tag}, field="asset_tag")
    with transaction.atomic():
        try:
            with transaction.atomic():
                equipment = Equipment(asset_tag=asset_tag, status=S.ORDERED, **fields)
                equipment._history_user = user
                equipment.save()
        except IntegrityError:
            raise ConflictError(
                _("Asset tag %(tag)s is already in the register.") % {"tag": asset_tag}, field="asset_tag"
            ) from None
        change = StatusChange.objects.create(
            equipment=equipment, from_status="", to_status=S.ORDERED, at=timezone.now(), by=user
        )
        summaries.status_changed(change, equipment)
    return equipment


def update_equipment(*, user: User, equipment: Equipment, **changes) -> Equipment:
    """Change a device's register data (never its status: that is `move_equipment`)."""
    _require_manager(user)
    with transaction.atomic():
        equipment = _locked(equipment, user)
        if equipment.status == S.RETIRED:
            raise ConflictError(_("A retired device cannot be changed."))
        current = {name: getattr(equipment, name) for name in DEVICE_FIELDS}
        _validate_device({**current, **changes})
        before = summaries.device_key(equipment)
        model_update(instance=equipment, fields=DEVICE_FIELDS, data=changes)
        summaries.device_changed(before, equipment)
    return equipment


def record_acceptance_test(
    *,
    equipment: Equipment,
    user: User,
    checklist_results: list,
    electrical_safety_passed: bool,
    notes: str = "",
) -> AcceptanceTest:
    """Record the commissioning checks; passed when every checklist step and the electrical
    safety test passed. Only while the device is in acceptance testing."""
    _require_manager(user)
    if not isinstance(checklist_results, list) or not checklist_results:
        raise DomainError(_("Record the result of each checklist step."), field="checklist_results")
    for row in checklist_results:
        if not isinstance(row, dict) or not str(row.get("step", "")).strip() or not isinstance(row.get("passed"), bool):
            raise DomainError(_("Each checklist result needs a step and whether it passed."), field="checklist_results")
    with transaction.atomic():
        equipment = _locked(equipment, user)
        if equipment.status != S.ACCEPTANCE_TESTING:
            raise ConflictError(_("Acceptance tests are recorded while the device is in acceptance testing."))
        passed = bool(electrical_safety_passed) and all(row["passed"] for row in checklist_results)
        test = AcceptanceTest(
            equipment=equipment,
            tested_by=user,
            tested_at=timezone.now(),
            checklist_results=[{"step": str(r["step"]).strip(), "passed": r["passed"]} for r in checklist_results],
            electrical_safety_passed=bool(electrical_safety_passed),
            passed=passed,
            notes=notes.strip(),
        )
        test._history_user = user
        test.save()
    return test
