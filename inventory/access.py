"""Every "who may" of the inventory app, one function per question.

Services refuse with these, views and templates show or hide with them, and the
QuerySets' `visible_to` scope with `store_scope`: pages, API and exports agree.

The rules:
- administrators, pharmacists and finance see every store; everybody else sees the
  stores they keep and the stores of their own and headed departments (with
  sub-departments: a head of medicine sees the cardiology ward store);
- stock moves (receive, issue, transfer, adjust, write off, reverse, count) only in
  a store the user keeps; administrators may act in any store;
- a ward's nurses and head raise requisitions for the ward store and confirm what
  arrives; the keepers of the supplying store fulfil them;
- money (unit costs, stock value, consumption cost) is for administrators, finance,
  pharmacists and department heads (their departments' consumption);
- a controlled substance leaves or comes back only with a second signatory:
  another active pharmacist.
"""

from django.apps import apps
from django.db.models import Q

from hospital.access import department_scope, home_paths
from hospital.roles import Role, has_role, is_administrator

WHOLE_HOSPITAL = (Role.ADMINISTRATOR, Role.PHARMACIST, Role.FINANCE)
VALUE_ROLES = (Role.ADMINISTRATOR, Role.FINANCE, Role.PHARMACIST, Role.DEPARTMENT_HEAD)
WARD_ROLES = (Role.NURSE, Role.DEPARTMENT_HEAD)
SIGNATORY_ROLES = (Role.PHARMACIST,)
NOTHING = Q(pk__in=[])


def _keepers():
    # Looked up by name: inventory.models imports this module for `visible_to`.
    return apps.get_model("inventory", "Store").keepers.through.objects


def _field(field: str, name: str) -> str:
    return f"{field}__{name}" if field else name


def kept_store_ids(user) -> frozenset[int]:
    """Ids of the stores the user keeps (read once per user object)."""
    if not user or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_kept_store_ids", None)
    if cached is None:
        cached = frozenset(_keepers().filter(user_id=user.pk).values_list("store_id", flat=True))
        user._kept_store_ids = cached
    return cached


def sees_every_store(user) -> bool:
    return has_role(user, *WHOLE_HOSPITAL)


def store_scope(user, *, field: str = "") -> Q:
    """A filter for stores (or records whose `field` is a store) that the user may see."""
    if not user or not user.is_authenticated:
        return NOTHING
    if sees_every_store(user):
        return Q()
    kept = Q(**{_field(field, "pk__in"): list(kept_store_ids(user))})
    return kept | department_scope(user, field=_field(field, "department"), wide_roles=())


def keeper_scope(user, *, field: str = "") -> Q:
    """A filter for the stores in which the user may move stock."""
    if not user or not user.is_authenticated:
        return NOTHING
    if is_administrator(user):
        return Q()
    return Q(**{_field(field, "pk__in"): list(kept_store_ids(user))})


def may_keep(user, store) -> bool:
    """Move stock in `store`: its keepers, and administrators."""
    return bool(user and user.is_authenticated) and (is_administrator(user) or store.pk in kept_store_ids(user))


def may_see_store(user, store) -> bool:
    if not user or not user.is_authenticated:
        return False
    if sees_every_store(user) or store.pk in kept_store_ids(user):
        return True
    department = store.department
    return department is not None and any(department.path.startswith(p) for p in home_paths(user))


def may_see_values(user) -> bool:
    """Unit costs, stock value and consumption cost."""
    return has_role(user, *VALUE_ROLES)


def may_keep_any_store(user) -> bool:
    return is_administrator(user) or bool(kept_store_ids(user))


def _serves_ward(user, store) -> bool:
    department = store.department
    if department is None or not has_role(user, *WARD_ROLES):
        return False
    return any(department.path.startswith(p) for p in home_paths(user))


def may_raise_requisition(user, ward) -> bool:
    """Ask the ward's supplying store for stock: the ward's nurses, head and keepers."""
    if ward.kind != "ward" or ward.supplied_by_id is None:
        return False
    return may_keep(user, ward) or _serves_ward(user, ward)


def may_confirm_requisition(user, requisition) -> bool:
    """Confirm that what was sent has arrived on the ward: the same people who raise it."""
    return may_keep(user, requisition.ward) or _serves_ward(user, requisition.ward)


def may_fulfil_requisition(user, requisition) -> bool:
    """Send stock against a requisition: the keepers of the supplying store."""
    return may_keep(user, requisition.supplier)


def requisition_wards(user):
    """Ward stores the user may raise requisitions for (for the form's choices)."""
    stores = apps.get_model("inventory", "Store").objects.filter(kind="ward", is_active=True, supplied_by__isnull=False)
    if is_administrator(user):
        return stores
    served = department_scope(user, field="department", wide_roles=()) if has_role(user, *WARD_ROLES) else NOTHING
    return stores.filter(Q(pk__in=list(kept_store_ids(user))) | served)


def may_cosign(user, signatory) -> bool:
    """`signatory` may witness `user`'s controlled-drug movement: another active pharmacist."""
    return (
        signatory is not None
        and signatory.is_active
        and signatory.pk != user.pk
        and has_role(signatory, *SIGNATORY_ROLES)
    )


def signatories(user):
    """Who may witness the user's controlled-drug movements (for the forms' choices)."""
    users = apps.get_model("hospital", "User").objects.filter(is_active=True, groups__name__in=SIGNATORY_ROLES)
    return users.exclude(pk=user.pk).distinct().order_by("display_name", "username")


def may_see_consumption(user) -> bool:
    """The consumption report: those who see money (heads: their departments only)."""
    return has_role(user, *VALUE_ROLES)


def consumption_scope(user) -> Q:
    """Issues whose charged department the user may see the consumption of."""
    if not may_see_consumption(user):
        return NOTHING
    if has_role(user, *WHOLE_HOSPITAL):
        return Q()
    return department_scope(user, field="department", wide_roles=())


def may_see_controlled_register(user, store) -> bool:
    """A store's controlled-drug register: its keepers, pharmacists and administrators."""
    return may_keep(user, store) or has_role(user, Role.PHARMACIST)
