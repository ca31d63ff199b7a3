"""Every "who may" of the OKR app, one function per question: services refuse with these,
views, forms and templates show or hide with them, and the QuerySets' `visible_to` scope
with them, so that pages, the API and the exports follow one rule.

- Every signed-in user reads the cycles; administrators manage them (and close them).
- Reading objectives: the hospital's; those of the departments in the user's scope
  (own or contributing); their own individual objectives, and, for heads, those of
  their departments' staff.
- Administrators manage every objective; a department head manages the objectives and
  key results of their department and its sub-departments (department and team
  levels) and checks in for them; anyone keeps individual objectives of their own.
- The owner of a key result may check in for it.
- A key result shows live data only of a department its author may see.

Looked up without importing okr.models: the models' QuerySets call this module.
"""

from django.apps import apps
from django.db.models import Exists, OuterRef, Q, QuerySet

from hospital.access import (
    department_scope,
    managed_departments,
    managed_scope,
    may_manage_department,
    may_view_department,
    visible_departments,
)
from hospital.roles import Role, is_administrator
from okr.choices import DEPARTMENTAL_LEVELS, ObjectiveLevel

# Who is offered the weekly check-in page as a shortcut (it opens on the departments they manage).
WEEKLY_CHECK_IN_ROLES = (Role.DEPARTMENT_HEAD,)


def _is_signed_in(user) -> bool:
    return bool(user and user.is_authenticated)


# Cycles


def may_read_cycles(user) -> bool:
    return _is_signed_in(user)


def may_manage_cycles(user) -> bool:
    """Create, change, grade the retrospective of, and close cycles."""
    return is_administrator(user)


# Objectives and key results


def objective_scope(user) -> Q:
    """A filter for the objectives the user may read (for `Objective.objects.visible_to`)."""
    if not _is_signed_in(user):
        return Q(pk__in=[])
    if is_administrator(user):
        return Q()
    scope = department_scope(user, field="department")
    if scope == Q():
        # a hospital-wide role: every department's objectives (an empty Q would
        # vanish when OR-ed with the contributing-departments test below)
        return Q(level__in=[ObjectiveLevel.HOSPITAL, *DEPARTMENTAL_LEVELS]) | Q(owner=user)
    department = apps.get_model("hospital", "Department")
    contributions = apps.get_model("okr", "Objective").contributing_departments.through
    seen_departments = department.objects.filter(department_scope(user, field=""))
    contributes = Exists(contributions.objects.filter(objective_id=OuterRef("pk"), department__in=seen_departments))
    departmental = Q(level__in=DEPARTMENTAL_LEVELS) & (scope | contributes)
    individual = Q(level=ObjectiveLevel.INDIVIDUAL) & (
        Q(owner=user) | (Q(department__isnull=False) & managed_scope(user, field="department"))
    )
    return Q(level=ObjectiveLevel.HOSPITAL) | departmental | individual


def may_set_level(user, *, level: str) -> bool:
    """May the user set objectives of this level at all (for whom: `may_manage_level`)?"""
    if not _is_signed_in(user):
        return False
    return level != ObjectiveLevel.HOSPITAL or is_administrator(user)


def may_manage_level(user, *, level: str, department=None, owner=None) -> bool:
    """May the user create or change an objective of this level, department and owner?"""
    if not may_set_level(user, level=level):
        return False
    if is_administrator(user):
        return True
    if level == ObjectiveLevel.INDIVIDUAL:
        # one's own objective, filed under one's own department (never another's)
        own_department = department is None or department.pk == user.department_id
        return owner is not None and owner.pk == user.pk and own_department
    return may_manage_department(user, department)


def may_manage_objective(user, objective) -> bool:
    return may_manage_level(user, level=objective.level, department=objective.department, owner=objective.owner)


def objective_departments(user) -> QuerySet:
    """The departments the user may set objectives for and record weekly check-ins of."""
    return managed_departments(user)


def may_check_in(user, key_result) -> bool:
    if _is_signed_in(user) and key_result.owner_id == user.pk:
        return True
    return may_manage_objective(user, key_result.objective)


# Live data


def may_read_department_data(user, department) -> bool:
    """A key result bound to a department's live data shows that data to its readers:
    bind only to the departments the user may see anyway."""
    return may_view_department(user, department)


def data_departments(user) -> QuerySet:
    """The departments whose live data the user may bind a key result to."""
    return visible_departments(user)
