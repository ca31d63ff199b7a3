"""Who may change which OKRs: the one place that says so (pages, API and exports ask here).

- Administrators manage cycles and hospital objectives, and everything else.
- A department head manages the objectives and key results of their department
  and its sub-departments (department and team levels) and checks in for them.
- Anyone may keep individual objectives of their own.
- The owner of a key result may check in for it.
Reading is scoped by `Objective.objects.visible_to(user)`.
"""

from hospital.access import may_manage_department
from hospital.roles import is_administrator
from okr.models import Objective, ObjectiveLevel


def may_manage_cycles(user) -> bool:
    return is_administrator(user)


def may_manage_level(user, *, level: str, department=None, owner=None) -> bool:
    """May the user create or change an objective of this level, department and owner?"""
    if not user or not user.is_authenticated:
        return False
    if is_administrator(user):
        return True
    if level == ObjectiveLevel.HOSPITAL:
        return False
    if level == ObjectiveLevel.INDIVIDUAL:
        return owner is not None and owner.pk == user.pk
    return may_manage_department(user, department)


def may_manage_objective(user, objective: Objective) -> bool:
    return may_manage_level(user, level=objective.level, department=objective.department, owner=objective.owner)


def may_check_in(user, key_result) -> bool:
    if user and user.is_authenticated and key_result.owner_id == user.pk:
        return True
    return may_manage_objective(user, key_result.objective)
