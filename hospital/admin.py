"""The core's admin: every model here is written through a service, so all are read-only
(hospital.admin_policy)."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from hospital.admin_policy import ReadOnlyAdminMixin, ServiceWrittenAdmin, ServiceWrittenHistoryAdmin
from hospital.models import DailyCensus, Department, Notification, User

# The admin's header and browser title carry the hospital's name, not "Django administration".
admin.site.site_header = settings.HOSPITAL_NAME
admin.site.site_title = settings.HOSPITAL_NAME
admin.site.index_title = _("Administration")


@admin.register(User)
class HospitalUserAdmin(ReadOnlyAdminMixin, UserAdmin, SimpleHistoryAdmin):
    """Read-only: accounts are managed on the Users page (hospital.services.users)."""

    list_display = ["username", "display_name", "employee_number", "department", "is_active"]
    list_filter = ["is_active", "groups", "department__kind"]
    search_fields = ["username", "display_name", "employee_number", "email"]
    list_select_related = ["department"]
    fieldsets = UserAdmin.fieldsets + (
        (
            _("Hospital"),
            {
                "fields": [
                    "employee_number",
                    "display_name",
                    "phone",
                    "department",
                    "preferred_language",
                    "wants_email_notifications",
                ]
            },
        ),
    )


@admin.register(Department)
class DepartmentAdmin(ServiceWrittenHistoryAdmin):
    list_display = ["code", "name", "kind", "parent", "head", "staffed_beds", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    list_select_related = ["parent", "head"]
    raw_id_fields = ["head"]


@admin.register(Notification)
class NotificationAdmin(ServiceWrittenAdmin):
    list_display = ["__str__", "recipient", "level", "created_at", "read_at"]
    list_filter = ["level"]
    search_fields = ["title", "recipient__username"]
    raw_id_fields = ["recipient"]


@admin.register(DailyCensus)
class DailyCensusAdmin(ServiceWrittenHistoryAdmin):
    list_display = ["date", "department", "inpatients", "admissions", "discharges", "deaths", "staffed_beds"]
    list_filter = ["department"]
    date_hierarchy = "date"
    list_select_related = ["department"]
