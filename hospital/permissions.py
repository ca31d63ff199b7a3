"""View guards: who may open a page. Record-level scoping lives in hospital.access."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission

from hospital.roles import has_role, is_administrator


class RoleRequiredMixin(LoginRequiredMixin):
    """Class-based views: a signed-in user holding one of `required_roles` (empty: any)."""

    required_roles: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.required_roles and not has_role(request.user, *self.required_roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def role_required(*roles: str):
    """Function views: a signed-in user holding one of `roles`."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if roles and not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class IsAdministratorOrReadOnly(BasePermission):
    """API: reads for any signed-in user (scoped by the queryset), writes for administrators."""

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        return request.method in SAFE_METHODS or is_administrator(request.user)
