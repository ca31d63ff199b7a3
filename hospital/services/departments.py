"""Departments: create and change them (administrators), keeping the tree valid."""

from django.db import transaction
from django.utils.translation import gettext as _

from hospital.errors import AccessDenied, DomainError
from hospital.model_update import model_update
from hospital.models import Department, User
from hospital.roles import is_administrator

DEPARTMENT_FIELDS = ("code", "name", "kind", "parent", "head", "staffed_beds", "is_active")


def _require_administrator(user: User) -> None:
    if not is_administrator(user):
        raise AccessDenied(_("Only administrators may change departments."))


def _normalised_code(code: str, *, department: Department | None = None) -> str:
    """Codes are upper case and unique (they name departments in every import)."""
    code = (code or "").strip().upper()
    if not code:
        raise DomainError(_("Give the department a code."), field="code")
    others = Department.objects.filter(code=code)
    if department is not None:
        others = others.exclude(pk=department.pk)
    if others.exists():
        raise DomainError(_("A department with this code already exists."), field="code")
    return code


def validate_department_parent(*, department: Department, parent: Department | None) -> None:
    """A department cannot sit under itself or under one of its own sub-departments."""
    if parent is None or department.pk is None:
        return
    if parent.pk == department.pk or parent.is_descendant_of(department):
        raise DomainError(
            _("A department cannot be placed under itself or one of its sub-departments."), field="parent"
        )


@transaction.atomic
def create_department(
    *,
    user: User,
    code: str,
    name: str,
    kind: str,
    parent: Department | None = None,
    head: User | None = None,
    staffed_beds: int = 0,
    is_active: bool = True,
) -> Department:
    """Add a department to the tree (administrators only)."""
    _require_administrator(user)
    return Department.objects.create(
        code=_normalised_code(code),
        name=name,
        kind=kind,
        parent=parent,
        head=head,
        staffed_beds=staffed_beds,
        is_active=is_active,
    )


@transaction.atomic
def update_department(*, user: User, department: Department, **changes) -> Department:
    """Change a department (administrators only): never under its own subtree, and
    deactivated only once it has no active sub-department."""
    _require_administrator(user)
    department = Department.objects.select_for_update().get(pk=department.pk)
    if "code" in changes:
        changes["code"] = _normalised_code(changes["code"], department=department)
    if "parent" in changes:
        validate_department_parent(department=department, parent=changes["parent"])
    if changes.get("is_active") is False and department.children.filter(is_active=True).exists():
        raise DomainError(_("Deactivate or move its active sub-departments first."), field="is_active")
    model_update(instance=department, fields=DEPARTMENT_FIELDS, data=changes)
    return department
