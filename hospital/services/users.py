"""User accounts and their roles (administrators only)."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _

from hospital.errors import AccessDenied, DomainError
from hospital.model_update import model_update
from hospital.models import ACCOUNT_FIELDS, User
from hospital.roles import is_administrator


def _require_administrator(user: User) -> None:
    if not is_administrator(user):
        raise AccessDenied(_("Only administrators may manage users."))


@transaction.atomic
def create_user(*, user: User, username: str, roles: list[Group] = (), password: str = "", **fields) -> User:
    """Open an account; without a password it cannot log in until one is set."""
    _require_administrator(user)
    unknown = set(fields) - set(ACCOUNT_FIELDS)
    if unknown:
        raise DomainError(_("These fields cannot be set here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    if User.objects.filter(username=username).exists():
        raise DomainError(_("A user with that user name already exists."), field="username")
    account = User(username=username, **fields)
    if password:
        account.set_password(password)
    else:
        account.set_unusable_password()
    account.save()
    account.groups.set(roles)
    return account


@transaction.atomic
def update_user(*, user: User, account: User, roles: list[Group] | None = None, password: str = "", **changes) -> User:
    """Change an account, its roles (None: unchanged) and its password (empty: unchanged).

    Nobody deactivates their own account: the hospital would lose its last administrator.
    """
    _require_administrator(user)
    account = User.objects.select_for_update().get(pk=account.pk)
    if account.pk == user.pk and changes.get("is_active") is False:
        raise DomainError(_("You cannot deactivate your own account."), field="is_active")
    model_update(instance=account, fields=ACCOUNT_FIELDS, data=changes)
    if password:
        account.set_password(password)
        account.save(update_fields=["password"])
    if roles is not None:
        account.groups.set(roles)
    return account
