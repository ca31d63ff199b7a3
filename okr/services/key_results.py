"""Key results: create and change them, bind them to live data, and change their targets
(only with a reason, kept in the history)."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hospital import metric_registry
from hospital.errors import AccessDenied, DomainError
from hospital.model_update import model_update
from hospital.models import Department
from okr import access
from okr.models import CycleStatus, KeyResult, KeyResultKind, Objective, ObjectiveStatus, TargetChange, Unit
from okr.scoring import key_result_progress
from okr.services.check_ins import record_live_check_in
from okr.services.rules import ensure_cycle_open

# Targets are not among them: they change through `change_target`, which keeps the reason.
KEY_RESULT_FIELDS = (
    "title",
    "kind",
    "unit",
    "baseline",
    "weight",
    "due_date",
    "owner",
    "metric_key",
    "metric_department",
)
TARGET_FIELDS = ("target", "lower", "upper")


def _validate_targets(*, kind: str, baseline, target, lower, upper, weight) -> None:
    if kind in (KeyResultKind.INCREASE, KeyResultKind.DECREASE):
        if baseline is None or target is None:
            raise DomainError(_("Give both a baseline and a target."), field="target")
        if kind == KeyResultKind.INCREASE and target <= baseline:
            raise DomainError(_("For “increase to”, the target must be above the baseline."), field="target")
        if kind == KeyResultKind.DECREASE and target >= baseline:
            raise DomainError(_("For “decrease to”, the target must be below the baseline."), field="target")
    elif kind == KeyResultKind.RANGE:
        if lower is None and upper is None:
            raise DomainError(_("Give a lower bound, an upper bound, or both."), field="lower")
        if lower is not None and upper is not None and lower > upper:
            raise DomainError(_("The lower bound cannot be above the upper bound."), field="upper")
    if weight is None or weight <= 0:
        raise DomainError(_("The weight must be above zero."), field="weight")


def _validate_binding(*, user, kind: str, metric_key: str, metric_department, check_department: bool) -> None:
    if not metric_key:
        return
    try:
        metric_registry.get_metric(metric_key)
    except metric_registry.MetricError:
        raise DomainError(_("There is no live metric “%(key)s”.") % {"key": metric_key}, field="metric_key") from None
    if kind == KeyResultKind.MILESTONE:
        raise DomainError(_("A milestone cannot be bound to a live metric."), field="metric_key")
    if check_department and metric_department is not None:
        _ensure_may_read_department_data(user, metric_department)


def _ensure_may_read_department_data(user, department: Department) -> None:
    """A live value is that department's data: bind only to what the user may see anyway,
    or a head could read a sibling department's cost or error rate through a key result."""
    if not access.may_read_department_data(user, department):
        raise AccessDenied(
            _("You may not bind a key result to the live data of %(department)s.") % {"department": department.name}
        )


def _progress(key_result: KeyResult) -> Decimal:
    return key_result_progress(
        kind=key_result.kind,
        value=key_result.current_value,
        baseline=key_result.baseline,
        target=key_result.target,
        lower=key_result.lower,
        upper=key_result.upper,
    )


def _ensure_may_change(user, objective: Objective) -> None:
    ensure_cycle_open(objective.cycle)
    if not access.may_manage_objective(user, objective):
        raise AccessDenied(_("You may not change the key results of this objective."))


def _read_live_value_now(key_result: KeyResult) -> None:
    """A newly bound key result shows its live value at once rather than after the next
    weekly run (which then finds this week done)."""
    today = timezone.localdate()
    objective, cycle = key_result.objective, key_result.objective.cycle
    if objective.status == ObjectiveStatus.ACTIVE and cycle.status == CycleStatus.ACTIVE and cycle.includes(today):
        record_live_check_in(key_result=key_result, today=today)


@transaction.atomic
def create_key_result(
    *,
    user,
    objective: Objective,
    title: str,
    kind: str = KeyResultKind.INCREASE,
    unit: str = Unit.PERCENT,
    baseline: Decimal | None = None,
    target: Decimal | None = None,
    lower: Decimal | None = None,
    upper: Decimal | None = None,
    weight: Decimal = Decimal(1),
    due_date=None,
    owner=None,
    metric_key: str = "",
    metric_department=None,
) -> KeyResult:
    """Add a key result to an objective the user manages, in an open cycle. Its targets
    fit its kind; a live metric must exist, suit the kind, and be of a department whose
    data the user may see. A bound key result reads its live value at once."""
    _ensure_may_change(user, objective)
    if not (title or "").strip():
        raise DomainError(_("Give the key result a title."), field="title")
    _validate_targets(kind=kind, baseline=baseline, target=target, lower=lower, upper=upper, weight=weight)
    metric_department = metric_department if metric_key else None
    _validate_binding(
        user=user, kind=kind, metric_key=metric_key, metric_department=metric_department, check_department=True
    )
    key_result = KeyResult(
        objective=objective,
        title=title,
        kind=kind,
        unit=unit,
        baseline=baseline,
        target=target,
        lower=lower,
        upper=upper,
        weight=weight,
        due_date=due_date,
        owner=owner,
        metric_key=metric_key,
        metric_department=metric_department,
    )
    key_result.progress = _progress(key_result)
    key_result.save()
    if metric_key:
        _read_live_value_now(key_result)
    return key_result


@transaction.atomic
def update_key_result(*, user, key_result: KeyResult, **changes) -> KeyResult:
    """Change a key result under the rules of `create_key_result`. It stays with its
    objective, and its targets change only through `change_target`."""
    key_result = (
        KeyResult.objects.select_for_update(of=("self",)).select_related("objective__cycle").get(pk=key_result.pk)
    )
    _ensure_may_change(user, key_result.objective)
    objective = changes.pop("objective", key_result.objective)
    if objective.pk != key_result.objective_id:
        raise DomainError(_("A key result cannot move to another objective."), field="objective")
    for name in TARGET_FIELDS:
        if name in changes and changes.pop(name) != getattr(key_result, name):
            raise DomainError(_("Change the target with “Change target”, giving the reason."), field="target")
    if "metric_key" in changes and not changes["metric_key"]:
        changes["metric_department"] = None
    values = {name: changes.get(name, getattr(key_result, name)) for name in KEY_RESULT_FIELDS}
    if not (values["title"] or "").strip():
        raise DomainError(_("Give the key result a title."), field="title")
    _validate_targets(
        kind=values["kind"],
        baseline=values["baseline"],
        target=key_result.target,
        lower=key_result.lower,
        upper=key_result.upper,
        weight=values["weight"],
    )
    binding_changed = (values["metric_key"], values["metric_department"]) != (
        key_result.metric_key,
        key_result.metric_department,
    )
    _validate_binding(
        user=user,
        kind=values["kind"],
        metric_key=values["metric_key"],
        metric_department=values["metric_department"],
        check_department=binding_changed,
    )
    model_update(instance=key_result, fields=KEY_RESULT_FIELDS, data=changes)
    progress = _progress(key_result)
    if progress != key_result.progress:
        key_result.progress = progress
        key_result.save(update_fields=["progress"])
    if binding_changed and key_result.metric_key:
        _read_live_value_now(key_result)
    return key_result


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
    new = (old[0], lower, upper) if key_result.kind == KeyResultKind.RANGE else (target, old[1], old[2])
    if new == old:
        raise DomainError(_("The new target is the same as the current one."), field="target")
    _validate_targets(
        kind=key_result.kind,
        baseline=key_result.baseline,
        target=new[0],
        lower=new[1],
        upper=new[2],
        weight=key_result.weight,
    )
    key_result.target, key_result.lower, key_result.upper = new
    key_result.progress = _progress(key_result)
    key_result.save(update_fields=["target", "lower", "upper", "progress"])
    return TargetChange.objects.create(
        key_result=key_result,
        changed_by=user,
        old_target=old[0],
        new_target=new[0],
        old_lower=old[1],
        new_lower=new[1],
        old_upper=old[2],
        new_upper=new[2],
        reason=reason.strip(),
    )
