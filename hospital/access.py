"""Who may see and change which department's records: the one place that says so.

Every app scopes its reads with `department_scope(user, field=...)` inside its
QuerySet's `visible_to(user)`, and checks writes with `may_manage_department`,
so that HTML pages, the API and exports apply the same rule.

The rule:
- roles that serve the whole hospital (by default: Administrator, and the roles in
  HOSPITAL_WIDE_ROLES) see every department's records; an app may narrow the list
  (quality events are not for the pharmacist to browse);
- everybody else sees the records of their own department and of the departments
  they head, each with all its sub-departments;
- Administrators change any department's records; a Department head changes those
  of their own and headed departments and their sub-departments.
"""

from collections.abc import Iterable

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from hospital.roles import Role, has_role, is_administrator

HOSPITAL_WIDE_ROLES = (
    Role.ADMINISTRATOR,
    Role.QUALITY_MANAGER,
    Role.FINANCE,
    Role.HR_SCHEDULER,
    Role.PHARMACIST,
    Role.BIOMEDICAL_ENGINEER,
)

NOTHING = Q(pk__in=[])


def _departments() -> QuerySet:
    # Looked up by name: hospital.models imports this module for `visible_to`.
    return apps.get_model("hospital", "Department").objects.all()


def home_paths(user) -> tuple[str, ...]:
    """Tree paths of the user's own department and of the departments they head.

    Read once per user object (one query), then cached on it.
    """
    if not user or not user.is_authenticated:
        return ()
    cached = getattr(user, "_home_paths", None)
    if cached is None:
        cached = tuple(
            _departments()
            .filter(Q(head=user) | Q(pk=user.department_id))
            .order_by("path")
            .values_list("path", flat=True)
        )
        user._home_paths = cached
    return cached


def _subtree_q(paths: Iterable[str], field: str, *, lookup: str = "") -> Q:
    lookup = lookup or (f"{field}__path__startswith" if field else "path__startswith")
    q = NOTHING
    for path in paths:
        q |= Q(**{lookup: path})
    return q


def department_scope(user, *, field: str = "department", wide_roles: Iterable[str] = HOSPITAL_WIDE_ROLES) -> Q:
    """A filter for records whose `field` (a Department foreign key) the user may see.

    `field=""` filters Department itself. Records without a department are seen
    only by the hospital-wide roles.
    """
    if not user or not user.is_authenticated:
        return NOTHING
    if is_administrator(user) or has_role(user, *wide_roles):
        return Q()
    return _subtree_q(home_paths(user), field)


def may_view_department(user, department, *, wide_roles: Iterable[str] = HOSPITAL_WIDE_ROLES) -> bool:
    if department is None or not user.is_authenticated:
        return False
    if is_administrator(user) or has_role(user, *wide_roles):
        return True
    return any(department.path.startswith(p) for p in home_paths(user))


def managed_paths(user) -> tuple[str, ...]:
    """Tree paths under which a department head manages records."""
    if has_role(user, Role.DEPARTMENT_HEAD):
        return home_paths(user)
    return ()


def may_manage_department(user, department, *, manager_roles: Iterable[str] = (Role.ADMINISTRATOR,)) -> bool:
    """May the user change records of `department` (administrators, or its head's subtree)?

    `manager_roles` are roles that manage every department (an app may add
    its hospital-wide managers, e.g. the pharmacist for stock).
    """
    if department is None or not user or not user.is_authenticated:
        return False
    if is_administrator(user) or has_role(user, *manager_roles):
        return True
    return any(department.path.startswith(p) for p in managed_paths(user))


def managed_scope(user, *, field: str = "department", manager_roles: Iterable[str] = (Role.ADMINISTRATOR,)) -> Q:
    """A filter for records the user may change (same rule as may_manage_department)."""
    if not user or not user.is_authenticated:
        return NOTHING
    if is_administrator(user) or has_role(user, *manager_roles):
        return Q()
    return _subtree_q(managed_paths(user), field)


def managed_path_scope(user, *, path_field: str, manager_roles: Iterable[str] = (Role.ADMINISTRATOR,)) -> Q:
    """managed_scope over a table's own copy of a department path (registered with
    hospital.models.register_path_copy): one indexed prefix filter, no join."""
    if not user or not user.is_authenticated:
        return NOTHING
    if is_administrator(user) or has_role(user, *manager_roles):
        return Q()
    return _subtree_q(managed_paths(user), "", lookup=f"{path_field}__startswith")


def visible_departments(user, *, wide_roles: Iterable[str] = HOSPITAL_WIDE_ROLES) -> QuerySet:
    """Active departments the user may see, in tree order (for filters and pickers)."""
    return _departments().filter(is_active=True).filter(department_scope(user, field="", wide_roles=wide_roles))


def managed_departments(user, *, manager_roles: Iterable[str] = (Role.ADMINISTRATOR,)) -> QuerySet:
    """Active departments whose records the user may change, in tree order.

    Administrators (and `manager_roles`) get every department; a department head
    gets their own and headed departments with all sub-departments; others none.
    """
    return _departments().filter(is_active=True).filter(managed_scope(user, field="", manager_roles=manager_roles))


def dashboard_scope(user, requested: str = "", *, roles: Iterable[str], wide_roles: Iterable[str]):
    """(the department a dashboard or KPI page shows, the departments the user may choose).

    `roles` may open the page; `wide_roles` see the whole hospital. The requested
    department (a pk from ?department=) if the user may choose it; otherwise the whole
    hospital (None) for `wide_roles`, and a department head's first department.
    Raises PermissionDenied for anyone else. The quality dashboards and the equipment
    KPI page answer with this one rule.
    """
    if not user or not user.is_authenticated or not has_role(user, *roles):
        raise PermissionDenied
    choices = list(managed_departments(user, manager_roles=wide_roles).order_by("path"))
    department = next((d for d in choices if str(d.pk) == requested), None)
    if department is None and not has_role(user, *wide_roles):
        if not choices:
            raise PermissionDenied
        department = choices[0]
    return department, choices
