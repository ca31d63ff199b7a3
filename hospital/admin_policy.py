"""The Django admin's policy: a model written through a service is read-only there.

The admin bypasses services, so an edit there would skip the rules (a department
placed under its own sub-department, a closed OKR cycle reopened, a check-in whose
key result keeps a stale value, a stock ledger row changed). Such models are
registered with `ServiceWrittenAdmin`: administrators may look and search, and
change records on the app's own pages, where the service applies every rule.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyAdminMixin:
    """No add, change or delete in the admin; viewing and history stay."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ServiceWrittenAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """For models without change history."""


class ServiceWrittenHistoryAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """For models that keep change history (django-simple-history)."""
