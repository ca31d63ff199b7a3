"""Every "who may" of the staffing app, one function per question.

Services refuse with these; views, templates, the API and exports show, hide and scope
with them, so a rule changed here changes everywhere.

The rules:
- HR schedulers and administrators schedule every department: build, edit, generate and
  publish rosters, set coverage and work rules, decide leave and swaps;
- a department head (role "Department head") does the same for their own and headed
  departments and their sub-departments (hospital.access.managed_scope);
- any staff member sees the published rosters of their own department (and of the
  departments they head), their own shifts wherever they are, their own profile,
  certifications, leave, shift requests and swaps, and may request leave, shifts and swaps;
- nobody decides their own leave or swap.
"""

from django.db.models import Q

from hospital.access import (
    NOTHING,
    department_scope,
    managed_departments,
    managed_scope,
    may_manage_department,
    may_view_department,
)
from hospital.roles import Role, has_role

SCHEDULERS = (Role.ADMINISTRATOR, Role.HR_SCHEDULER)
# Roles that see every department's rosters (published or not).
HOSPITAL_WIDE = SCHEDULERS


def any_of(*filters: Q) -> Q:
    """OR of filters, where an empty Q() means "everything" (Django drops it from an OR)."""
    if any(not f for f in filters):
        return Q()
    combined = filters[0]
    for f in filters[1:]:
        combined |= f
    return combined


def _all(*filters: Q) -> Q:
    combined = Q()
    for f in filters:
        combined &= f
    return combined


def staffing_scope(user, *, field: str = "department") -> Q:
    """Records of departments the user may see: their own and headed ones; schedulers all."""
    return department_scope(user, field=field, wide_roles=HOSPITAL_WIDE)


def schedule_scope(user, *, field: str = "department") -> Q:
    """Records of departments the user schedules (same rule as `may_schedule`)."""
    return managed_scope(user, field=field, manager_roles=SCHEDULERS)


def may_schedule(user, department) -> bool:
    """Build, generate, edit and publish rosters and set coverage and work rules of `department`."""
    return may_manage_department(user, department, manager_roles=SCHEDULERS)


def scheduled_departments(user):
    """Active departments the user schedules, in tree order (pickers)."""
    return managed_departments(user, manager_roles=SCHEDULERS).order_by("path")


def may_schedule_anything(user) -> bool:
    if has_role(user, *SCHEDULERS):
        return True
    return has_role(user, Role.DEPARTMENT_HEAD) and scheduled_departments(user).exists()


def person_scope(user, *, field: str = "person") -> Q:
    """Records about a person (`field`: the user foreign key): one's own, and those of the
    people whose department the user schedules."""
    if not user or not user.is_authenticated:
        return NOTHING
    return any_of(Q(**{field: user.pk}), schedule_scope(user, field=f"{field}__department"))


def roster_scope(user, *, prefix: str = "") -> Q:
    """Rosters of departments the user schedules in any status; published rosters of the
    departments the user belongs to or heads."""
    if not user or not user.is_authenticated:
        return NOTHING
    department = f"{prefix}department"
    published = _all(Q(**{f"{prefix}status": "published"}), staffing_scope(user, field=department))
    return any_of(schedule_scope(user, field=department), published)


def assignment_scope(user) -> Q:
    """Assignments of rosters the user sees, and the user's own shifts in published rosters."""
    if not user or not user.is_authenticated:
        return NOTHING
    return any_of(roster_scope(user, prefix="roster__"), Q(person=user.pk, roster__status="published"))


def swap_scope(user) -> Q:
    """Swaps the user asked for or was asked to take, and those of rosters they schedule."""
    if not user or not user.is_authenticated:
        return NOTHING
    return any_of(
        Q(requester=user.pk), Q(partner=user.pk), schedule_scope(user, field="requester_assignment__roster__department")
    )


def may_view_roster(user, roster) -> bool:
    if may_schedule(user, roster.department):
        return True
    return roster.status == "published" and may_view_department(user, roster.department, wide_roles=HOSPITAL_WIDE)


def may_edit_roster(user, roster) -> bool:
    """Generate and change assignments: a scheduler of its department, while it is a draft."""
    return roster.status == "draft" and may_schedule(user, roster.department)


def may_publish_roster(user, roster) -> bool:
    return may_edit_roster(user, roster)


def may_decide_for(user, person) -> bool:
    """Approve or reject `person`'s leave and swaps: a scheduler of their department, not themselves."""
    if not user or not user.is_authenticated or person.pk == user.pk:
        return False
    return may_schedule(user, person.department)


def may_request_for(user, person) -> bool:
    """Request leave and shifts for `person`: oneself, or a scheduler of their department."""
    if not user or not user.is_authenticated:
        return False
    return person.pk == user.pk or may_schedule(user, person.department)


def may_manage_certifications(user, person) -> bool:
    return may_schedule(user, person.department)


def may_manage_shift_types(user) -> bool:
    """Shift types, skills and holiday overrides are hospital-wide: schedulers and administrators."""
    return has_role(user, *SCHEDULERS)
