"""Maintenance plans: what is checked on a device, how often, and by whom."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from equipment import access
from equipment.models import Equipment, EquipmentStatus, IntervalUnit, MaintenancePlan, PlanKind
from equipment.selectors import engineers_on_duty
from hospital.errors import AccessDenied, ConflictError, DomainError
from hospital.models import User

MAX_INTERVAL = {IntervalUnit.DAYS: 3650, IntervalUnit.MONTHS: 120}


def _validate(*, kind: str, interval_value, interval_unit: str, checklist_steps, engineer: User | None) -> list[str]:
    if kind not in PlanKind.values:
        raise DomainError(_("Choose the kind of plan."), field="kind")
    if interval_unit not in IntervalUnit.values:
        raise DomainError(_("Choose days or months."), field="interval_unit")
    if not isinstance(interval_value, int) or not 1 <= interval_value <= MAX_INTERVAL[interval_unit]:
        raise DomainError(
            _("The interval is 1 to %(max)s %(unit)s.")
            % {"max": MAX_INTERVAL[interval_unit], "unit": IntervalUnit(interval_unit).label},
            field="interval_value",
        )
    steps = [str(step).strip() for step in (checklist_steps or []) if str(step).strip()]
    if engineer is not None and not engineers_on_duty().filter(pk=engineer.pk).exists():
        raise DomainError(_("Choose an active biomedical engineer."), field="engineer")
    return steps


def create_plan(
    *,
    user: User,
    equipment: Equipment,
    kind: str,
    interval_value: int,
    interval_unit: str,
    first_due: dt.date,
    checklist_steps: list[str] | None = None,
    engineer: User | None = None,
) -> MaintenancePlan:
    """A plan of one kind for the device (one active plan per kind); a monthly plan keeps
    the day of `first_due` as its anchor day."""
    if not access.may_manage(user):
        raise AccessDenied(_("Only biomedical engineers and administrators may do this."))
    steps = _validate(
        kind=kind,
        interval_value=interval_value,
        interval_unit=interval_unit,
        checklist_steps=checklist_steps,
        engineer=engineer,
    )
    if first_due is None:
        raise DomainError(_("Give the first due date."), field="first_due")
    if equipment.status == EquipmentStatus.RETIRED:
        raise ConflictError(_("A retired device gets no maintenance plans."))
    plan = MaintenancePlan(
        equipment=equipment,
        kind=kind,
        interval_value=interval_value,
        interval_unit=interval_unit,
        anchor_day=first_due.day if interval_unit == IntervalUnit.MONTHS else None,
        checklist_steps=steps,
        engineer=engineer,
        next_due=first_due,
    )
    plan._history_user = user
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:
        raise ConflictError(_("The device already has an active plan of this kind."), field="kind") from None
    return plan


def update_plan(
    *,
    user: User,
    plan: MaintenancePlan,
    interval_value: int,
    interval_unit: str,
    next_due: dt.date,
    checklist_steps: list[str] | None = None,
    engineer: User | None = None,
) -> MaintenancePlan:
    """Change a plan's interval, next due date (its new anchor day), steps or engineer."""
    if not access.may_manage(user):
        raise AccessDenied(_("Only biomedical engineers and administrators may do this."))
    steps = _validate(
        kind=plan.kind,
        interval_value=interval_value,
        interval_unit=interval_unit,
        checklist_steps=checklist_steps,
        engineer=engineer,
    )
    with transaction.atomic():
        plan = MaintenancePlan.objects.select_for_update().get(pk=plan.pk)
        plan._history_user = user
        if not plan.is_active:
            raise ConflictError(_("The plan is no longer active."))
        plan.interval_value, plan.interval_unit = interval_value, interval_unit
        plan.anchor_day = next_due.day if interval_unit == IntervalUnit.MONTHS else None
        plan.next_due = next_due
        plan.checklist_steps = steps
        plan.engineer = engineer
        plan.save()
    return plan
