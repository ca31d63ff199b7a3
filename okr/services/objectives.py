"""Objectives: create and change them, keeping levels, departments and alignment consistent."""

from django.db import transaction
from django.utils.translation import gettext as _

from hospital.errors import AccessDenied, DomainError
from hospital.model_update import model_update
from okr import access
from okr.models import Cycle, Objective, ObjectiveKind, ObjectiveLevel, ObjectiveStatus
from okr.services.rules import ensure_cycle_open

OBJECTIVE_FIELDS = (
    "title",
    "description",
    "cycle",
    "level",
    "department",
    "parent",
    "kind",
    "status",
    "owner",
    "contributing_departments",
)
# What decides who may hold the objective and where it sits in the cascade.
PLACEMENT_FIELDS = ("title", "cycle", "level", "department", "owner", "parent")

# The level an objective of each level aligns to (hospital objectives align to nothing).
PARENT_LEVELS = {
    ObjectiveLevel.DEPARTMENT: {ObjectiveLevel.HOSPITAL},
    ObjectiveLevel.TEAM: {ObjectiveLevel.DEPARTMENT},
    ObjectiveLevel.INDIVIDUAL: {ObjectiveLevel.HOSPITAL, ObjectiveLevel.DEPARTMENT, ObjectiveLevel.TEAM},
}


def _validate_parent(*, user, objective_pk: int | None, placement: dict) -> None:
    parent, level, cycle = placement["parent"], placement["level"], placement["cycle"]
    if parent is None:
        return
    if not Objective.objects.visible_to(user).filter(pk=parent.pk).exists():
        # the API takes any id: aligning to a sibling department's objective would reveal it
        raise DomainError(_("Align to an objective you can see."), field="parent")
    if level == ObjectiveLevel.HOSPITAL:
        raise DomainError(_("A hospital objective aligns to nothing above it."), field="parent")
    if parent.pk == objective_pk:
        raise DomainError(_("An objective cannot align to itself."), field="parent")
    if parent.level not in PARENT_LEVELS[level]:
        raise DomainError(
            _("A %(level)s objective cannot align to a %(parent_level)s objective.")
            % {"level": ObjectiveLevel(level).label.lower(), "parent_level": parent.get_level_display().lower()},
            field="parent",
        )
    if parent.cycle_id != cycle.pk and parent.cycle_id != cycle.year_id:
        raise DomainError(_("Align to an objective of the same cycle or of its year."), field="parent")
    department = placement["department"]
    if level == ObjectiveLevel.TEAM and parent.department_id and not department.path.startswith(parent.department.path):
        raise DomainError(_("A team objective aligns to an objective of its own department."), field="parent")


def _checked_placement(*, user, objective_pk: int | None, placement: dict) -> dict:
    """The placement as it will be stored (hospital objectives have no department; an
    individual one belongs to its owner's department), or a DomainError."""
    placement = dict(placement)
    level, cycle = placement["level"], placement["cycle"]
    if cycle is None:
        raise DomainError(_("Choose a cycle."), field="cycle")
    ensure_cycle_open(cycle)
    if level == ObjectiveLevel.HOSPITAL:
        placement["department"] = None
    elif level == ObjectiveLevel.INDIVIDUAL:
        placement["owner"] = placement["owner"] or user
        placement["department"] = placement["department"] or placement["owner"].department
    elif placement["department"] is None:
        raise DomainError(_("Choose the department this objective belongs to."), field="department")
    if not (placement["title"] or "").strip():
        raise DomainError(_("Give the objective a title."), field="title")
    department, owner = placement["department"], placement["owner"]
    if not access.may_manage_level(user, level=level, department=department, owner=owner):
        if level == ObjectiveLevel.HOSPITAL:
            raise AccessDenied(_("Only administrators may set hospital objectives."))
        if level == ObjectiveLevel.INDIVIDUAL:
            raise AccessDenied(_("Individual objectives belong to their owner."))
        raise AccessDenied(_("You may not set objectives for %(department)s.") % {"department": department})
    _validate_parent(user=user, objective_pk=objective_pk, placement=placement)
    return placement


@transaction.atomic
def create_objective(
    *,
    user,
    title: str,
    cycle: Cycle,
    level: str,
    description: str = "",
    department=None,
    parent: Objective | None = None,
    kind: str = ObjectiveKind.COMMITTED,
    status: str = ObjectiveStatus.ACTIVE,
    owner=None,
    contributing_departments=(),
) -> Objective:
    """Add an objective. Administrators: any; department heads: their department's
    subtree (department and team levels); anyone: individual objectives of their own.
    The owner defaults to the user. It aligns to a visible objective one level up, of
    the same cycle or its year."""
    placement = {
        "title": title,
        "cycle": cycle,
        "level": level,
        "department": department,
        "owner": owner or user,
        "parent": parent,
    }
    placement = _checked_placement(user=user, objective_pk=None, placement=placement)
    objective = Objective.objects.create(description=description, kind=kind, status=status, **placement)
    objective.contributing_departments.set(contributing_departments)
    return objective


@transaction.atomic
def update_objective(*, user, objective: Objective, **changes) -> Objective:
    """Change an objective of an open cycle under the rules of `create_objective`; the user
    must also be allowed on the stored objective (nobody moves a sibling department's)."""
    objective = (
        Objective.objects.select_for_update(of=("self",)).select_related("cycle", "department").get(pk=objective.pk)
    )
    ensure_cycle_open(objective.cycle)
    if not access.may_manage_objective(user, objective):
        raise AccessDenied(_("You may not change this objective."))
    placement = {name: changes.get(name, getattr(objective, name)) for name in PLACEMENT_FIELDS}
    placement = _checked_placement(user=user, objective_pk=objective.pk, placement=placement)
    model_update(instance=objective, fields=OBJECTIVE_FIELDS, data={**changes, **placement})
    return objective
