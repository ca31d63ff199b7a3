"""Writes that set OKRs up: cycles, objectives, key results and target changes."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hospital.errors import AccessDenied, ConflictError, DomainError
from okr import access
from okr.models import (
    Cycle,
    CycleStatus,
    KeyResult,
    KeyResultKind,
    Objective,
    ObjectiveLevel,
    ObjectiveStatus,
    TargetChange,
)
from okr.scoring import key_result_progress

# The level an objective of each level aligns to (hospital objectives align to nothing).
PARENT_LEVELS = {
    ObjectiveLevel.DEPARTMENT: {ObjectiveLevel.HOSPITAL},
    ObjectiveLevel.TEAM: {ObjectiveLevel.DEPARTMENT},
    ObjectiveLevel.INDIVIDUAL: {ObjectiveLevel.HOSPITAL, ObjectiveLevel.DEPARTMENT, ObjectiveLevel.TEAM},
}


def ensure_cycle_open(cycle: Cycle) -> None:
    """Closed cycles are read-only."""
    if cycle.status == CycleStatus.CLOSED:
        raise ConflictError(
            _("The cycle “%(cycle)s” is closed; its OKRs can no longer be changed.") % {"cycle": cycle.name}
        )


def ensure_objective_open(objective: Objective) -> None:
    """A closed or cancelled objective takes no more check-ins: its numbers are final."""
    if objective.status in (ObjectiveStatus.CLOSED, ObjectiveStatus.CANCELLED):
        raise ConflictError(
            _("The objective “%(objective)s” is %(status)s; its key results take no more check-ins.")
            % {"objective": objective.title, "status": objective.get_status_display().lower()}
        )


# --- Cycles ----------------------------------------------------------------------------


@transaction.atomic
def save_cycle(*, cycle: Cycle, user) -> Cycle:
    """Create or change a cycle (administrators only). A quarter lies inside its year."""
    if not access.may_manage_cycles(user):
        raise AccessDenied(_("Only administrators may manage OKR cycles."))
    if cycle.pk:
        stored = Cycle.objects.select_for_update().get(pk=cycle.pk)
        ensure_cycle_open(stored)
    if cycle.end < cycle.start:
        raise DomainError(_("The cycle must end on or after its start."), field="end")
    if cycle.year_id:
        year = cycle.year
        if year.pk == cycle.pk or year.year_id:
            raise DomainError(_("A quarter belongs to a year cycle, not to another quarter."), field="year")
        if cycle.start < year.start or cycle.end > year.end:
            raise DomainError(_("A quarter must lie inside its year."), field="year")
    cycle.save()
    return cycle


# --- Objectives -----------------------------------------------------------------------------


def _validate_parent(objective: Objective, user) -> None:
    parent = objective.parent
    if parent is None:
        return
    if not Objective.objects.visible_to(user).filter(pk=parent.pk).exists():
        # the API takes any id: aligning to a sibling department's objective would reveal it
        raise DomainError(_("Align to an objective you can see."), field="parent")
    if objective.level == ObjectiveLevel.HOSPITAL:
        raise DomainError(_("A hospital objective aligns to nothing above it."), field="parent")
    if parent.pk == objective.pk:
        raise DomainError(_("An objective cannot align to itself."), field="parent")
    if parent.level not in PARENT_LEVELS[objective.level]:
        raise DomainError(
            _("A %(level)s objective cannot align to a %(parent_level)s objective.")
            % {"level": objective.get_level_display().lower(), "parent_level": parent.get_level_display().lower()},
            field="parent",
        )
    if parent.cycle_id != objective.cycle_id and parent.cycle_id != objective.cycle.year_id:
        raise DomainError(_("Align to an objective of the same cycle or of its year."), field="parent")
    if (
        objective.level == ObjectiveLevel.TEAM
        and parent.department_id
        and not objective.department.path.startswith(parent.department.path)
    ):
        raise DomainError(_("A team objective aligns to an objective of its own department."), field="parent")


@transaction.atomic
def save_objective(*, objective: Objective, user, contributing_departments=None) -> Objective:
    """Create or change an objective, keeping levels, departments and alignment consistent.

    Administrators: any; department heads: their department's subtree; anyone:
    their own individual objectives. On change, the user must also be allowed
    on the stored objective (nobody moves a sibling department's objective).
    """
    if objective.pk:
        stored = (
            Objective.objects.select_for_update(of=("self",)).select_related("cycle", "department").get(pk=objective.pk)
        )
        ensure_cycle_open(stored.cycle)
        if not access.may_manage_objective(user, stored):
            raise AccessDenied(_("You may not change this objective."))
    if objective.cycle_id is None:
        raise DomainError(_("Choose a cycle."), field="cycle")
    ensure_cycle_open(objective.cycle)
    if objective.level == ObjectiveLevel.HOSPITAL:
        objective.department = None
    elif objective.level == ObjectiveLevel.INDIVIDUAL:
        objective.owner = objective.owner or user
        objective.department = objective.department or objective.owner.department
    elif objective.department is None:
        raise DomainError(_("Choose the department this objective belongs to."), field="department")
    if not objective.title.strip():
        raise DomainError(_("Give the objective a title."), field="title")
    if not access.may_manage_level(user, level=objective.level, department=objective.department, owner=objective.owner):
        if objective.level == ObjectiveLevel.HOSPITAL:
            raise AccessDenied(_("Only administrators may set hospital objectives."))
        if objective.level == ObjectiveLevel.INDIVIDUAL:
            raise AccessDenied(_("Individual objectives belong to their owner."))
        raise AccessDenied(_("You may not set objectives for %(department)s.") % {"department": objective.department})
    _validate_parent(objective, user)
    objective.save()
    if contributing_departments is not None:
        objective.contributing_departments.set(contributing_departments)
    return objective


# --- Key results -------------------------------------------------------------------------------


def _validate_targets(key_result: KeyResult) -> None:
    kind = key_result.kind
    if kind in (KeyResultKind.INCREASE, KeyResultKind.DECREASE):
        if key_result.baseline is None or key_result.target is None:
            raise DomainError(_("Give both a baseline and a target."), field="target")
        if kind == KeyResultKind.INCREASE and key_result.target <= key_result.baseline:
            raise DomainError(_("For “increase to”, the target must be above the baseline."), field="target")
        if kind == KeyResultKind.DECREASE and key_result.target >= key_result.baseline:
            raise DomainError(_("For “decrease to”, the target must be below the baseline."), field="target")
    elif kind == KeyResultKind.RANGE:
        if key_result.lower is None and key_result.upper is None:
            raise DomainError(_("Give a lower bound, an upper bound, or both."), field="lower")
        if key_result.lower is not None and key_result.upper is not None and key_result.lower > key_result.upper:
            raise DomainError(_("The lower bound cannot be above the upper bound."), field="upper")
    if key_result.weight is None or key_result.weight <= 0:
        raise DomainError(_("The weight must be above zero."), field="weight")


def _validate_binding(key_result: KeyResult) -> None:
    from hospital import metric_registry

    if not key_result.metric_key:
        key_result.metric_department = None
        return
    try:
        metric_registry.get_metric(key_result.metric_key)
    except metric_registry.MetricError:
        raise DomainError(
            _("There is no live metric “%(key)s”.") % {"key": key_result.metric_key}, field="metric_key"
        ) from None
    if key_result.kind == KeyResultKind.MILESTONE:
        raise DomainError(_("A milestone cannot be bound to a live metric."), field="metric_key")


def refresh_progress(key_result: KeyResult) -> None:
    key_result.progress = key_result_progress(
        kind=key_result.kind,
        value=key_result.current_value,
        baseline=key_result.baseline,
        target=key_result.target,
        lower=key_result.lower,
        upper=key_result.upper,
    )


@transaction.atomic
def save_key_result(*, key_result: KeyResult, user) -> KeyResult:
    """Create or change a key result. Targets of an existing key result change only
    through `change_target`, which records the reason."""
    objective = key_result.objective
    ensure_cycle_open(objective.cycle)
    if not access.may_manage_objective(user, objective):
        raise AccessDenied(_("You may not change the key results of this objective."))
    if not key_result.title.strip():
        raise DomainError(_("Give the key result a title."), field="title")
    binding_changed = True
    if key_result.pk:
        stored = KeyResult.objects.select_for_update().get(pk=key_result.pk)
        binding_changed = (stored.metric_key, stored.metric_department_id) != (
            key_result.metric_key,
            key_result.metric_department_id,
        )
        if stored.objective_id != objective.pk:
            raise DomainError(_("A key result cannot move to another objective."), field="objective")
        if (stored.target, stored.lower, stored.upper) != (key_result.target, key_result.lower, key_result.upper):
            raise DomainError(_("Change the target with “Change target”, giving the reason."), field="target")
    _validate_targets(key_result)
    _validate_binding(key_result)
    if binding_changed and key_result.metric_department_id:
        _ensure_may_read_department_data(user, key_result.metric_department)
    refresh_progress(key_result)
    key_result.save()
    if binding_changed and key_result.metric_key:
        _read_live_value_now(key_result)
    return key_result


def _read_live_value_now(key_result: KeyResult) -> None:
    """A newly bound key result shows its live value at once rather than after the next
    weekly run (which then finds this week done)."""
    from okr.services.check_ins import record_live_check_in  # check-ins build on planning

    today = timezone.localdate()
    objective, cycle = key_result.objective, key_result.objective.cycle
    if objective.status == ObjectiveStatus.ACTIVE and cycle.status == CycleStatus.ACTIVE and cycle.includes(today):
        record_live_check_in(key_result=key_result, today=today)


def _ensure_may_read_department_data(user, department) -> None:
    """A live value is that department's data: bind only to what the user may see anyway,
    or a head could read a sibling department's cost or error rate through a key result."""
    from hospital.models import Department

    if not Department.objects.visible_to(user).filter(pk=department.pk).exists():
        raise AccessDenied(
            _("You may not bind a key result to the live data of %(department)s.") % {"department": department.name}
        )


@transaction.atomic
def change_target(
    *,
    key_result: KeyResult,
    user,
    reason: str,
    target: Decimal | None = None,
    lower: Decimal | None = None,
    upper: Decimal | None = None,
) -> TargetChange:
    """Change a key result's target (or bounds) and record who, when, old, new and why."""
    key_result = (
        KeyResult.objects.select_for_update(of=("self",)).select_related("objective__cycle").get(pk=key_result.pk)
    )
    ensure_cycle_open(key_result.objective.cycle)
    if not access.may_manage_objective(user, key_result.objective):
        raise AccessDenied(_("You may not change the targets of this key result."))
    if not (reason or "").strip():
        raise DomainError(_("Say why the target changes; the reason is kept in the history."), field="reason")
    old = (key_result.target, key_result.lower, key_result.upper)
    if key_result.kind == KeyResultKind.RANGE:
        key_result.lower, key_result.upper = lower, upper
    else:
        key_result.target = target
    if (key_result.target, key_result.lower, key_result.upper) == old:
        raise DomainError(_("The new target is the same as the current one."), field="target")
    _validate_targets(key_result)
    refresh_progress(key_result)
    key_result.save()
    return TargetChange.objects.create(
        key_result=key_result,
        changed_by=user,
        old_target=old[0],
        new_target=key_result.target,
        old_lower=old[1],
        new_lower=key_result.lower,
        old_upper=old[2],
        new_upper=key_result.upper,
        reason=reason.strip(),
    )
