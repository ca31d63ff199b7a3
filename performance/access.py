"""Every "who may" of the performance app, one function per question.

Services refuse with these; views, templates, the API and the exports show, hide and
scope with them, so a rule changed here changes everywhere.

The rules:
- finance manages everything here (entries, budgets, drivers, allocation, closing a
  month); administrators see everything and may do the same;
- a department head sees the figures of their own and headed departments (with their
  sub-departments), and nothing else; they change nothing;
- everybody else sees nothing of the app.
- An allocation run spreads every department's costs over the others, so only the
  hospital-wide roles see runs and drivers.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from hospital.access import NOTHING, managed_departments, managed_scope
from hospital.roles import Role, has_role

MANAGERS = (Role.FINANCE, Role.ADMINISTRATOR)
READERS = (*MANAGERS, Role.DEPARTMENT_HEAD)


def cost_scope(user, *, field: str = "department") -> Q:
    """The filter behind every `visible_to(user)` of the app (`field`: the Department foreign key)."""
    if not may_read(user):
        return NOTHING
    return managed_scope(user, field=field, manager_roles=MANAGERS)


def may_read(user) -> bool:
    """May open the app's pages at all (finance, administrators, department heads)."""
    return bool(user and user.is_authenticated and has_role(user, *READERS))


def may_manage(user) -> bool:
    """Enter, import and change costs, revenue, budgets and drivers; run allocations; close months."""
    return bool(user and user.is_authenticated and has_role(user, *MANAGERS))


def may_see_whole_hospital(user) -> bool:
    return may_manage(user)


def may_see_allocation(user) -> bool:
    """Allocation runs and drivers show every department's figures: hospital-wide roles only."""
    return may_manage(user)


def reporting_departments(user) -> QuerySet:
    """The active departments whose figures the user may see, in tree order (for filters)."""
    if not may_read(user):
        return managed_departments(user, manager_roles=()).none()
    return managed_departments(user, manager_roles=MANAGERS).order_by("path")


def may_view_department(user, department) -> bool:
    if department is None or not may_read(user):
        return False
    if may_see_whole_hospital(user):
        return True
    return reporting_departments(user).filter(pk=department.pk).exists()


def require_read(user) -> None:
    if not may_read(user):
        raise PermissionDenied


def require_manage(user) -> None:
    if not may_manage(user):
        raise PermissionDenied
