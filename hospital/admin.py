from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from hospital.models import DailyCensus, Department, Notification, User


@admin.register(User)
class HospitalUserAdmin(UserAdmin, SimpleHistoryAdmin):
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
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "parent", "head", "staffed_beds", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    list_select_related = ["parent", "head"]
    raw_id_fields = ["head"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "level", "created_at", "read_at"]
    list_filter = ["level"]
    search_fields = ["title", "recipient__username"]
    raw_id_fields = ["recipient"]


@admin.register(DailyCensus)
class DailyCensusAdmin(SimpleHistoryAdmin):
    list_display = ["date", "department", "inpatients", "admissions", "discharges", "deaths", "staffed_beds"]
    list_filter = ["department"]
    date_hierarchy = "date"
    list_select_related = ["department"]
