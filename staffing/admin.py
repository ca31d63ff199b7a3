"""Django admin for administrators: staffing records are written through services
(staffing.services), so the admin only shows them (hospital.admin_policy)."""

from django.contrib import admin

from hospital.admin_policy import ServiceWrittenAdmin, ServiceWrittenHistoryAdmin
from staffing.models import (
    Assignment,
    Certification,
    CoverageRule,
    HolidayOverride,
    LeaveRequest,
    Roster,
    ShiftRequest,
    ShiftSwap,
    ShiftType,
    Skill,
    StaffProfile,
    WorkRules,
)


@admin.register(Skill)
class SkillAdmin(ServiceWrittenAdmin):
    list_display = ["code", "name", "certification_kind"]
    search_fields = ["code", "name"]


@admin.register(StaffProfile)
class StaffProfileAdmin(ServiceWrittenHistoryAdmin):
    list_display = ["user", "job", "grade", "contract_hours_per_week", "fte", "is_rostered"]
    list_filter = ["job", "is_rostered"]
    search_fields = ["user__username", "user__display_name"]
    raw_id_fields = ["user"]
    exclude = ["calendar_token"]


@admin.register(Certification)
class CertificationAdmin(ServiceWrittenHistoryAdmin):
    list_display = ["person", "kind", "issued", "expires"]
    list_filter = ["kind"]
    raw_id_fields = ["person"]


@admin.register(ShiftType)
class ShiftTypeAdmin(ServiceWrittenHistoryAdmin):
    list_display = ["code", "name", "start", "end", "paid_hours", "is_night", "colour", "is_active"]


@admin.register(CoverageRule)
class CoverageRuleAdmin(ServiceWrittenHistoryAdmin):
    list_display = ["department", "scope", "weekday", "date", "shift_type", "skill", "minimum", "preferred"]
    list_filter = ["scope"]
    raw_id_fields = ["department"]


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(ServiceWrittenHistoryAdmin):
    list_display = ["date", "is_holiday", "name"]


@admin.register(WorkRules)
class WorkRulesAdmin(ServiceWrittenHistoryAdmin):
    list_display = ["__str__", "max_consecutive_days", "max_consecutive_nights", "min_rest_hours"]


@admin.register(LeaveRequest)
class LeaveRequestAdmin(ServiceWrittenHistoryAdmin):
    list_display = ["person", "kind", "start", "end", "status", "approver"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["person", "approver"]


@admin.register(ShiftRequest)
class ShiftRequestAdmin(ServiceWrittenAdmin):
    list_display = ["person", "date", "shift_type", "wants_to_work", "weight"]
    raw_id_fields = ["person"]


@admin.register(ShiftSwap)
class ShiftSwapAdmin(ServiceWrittenHistoryAdmin):
    list_display = ["requester", "partner", "status", "requested_at"]
    list_filter = ["status"]
    raw_id_fields = ["requester", "partner", "requester_assignment", "partner_assignment", "approver"]


@admin.register(Roster)
class RosterAdmin(ServiceWrittenAdmin):
    list_display = ["department", "first_day", "length_days", "status", "generation_state", "best_penalty"]
    list_filter = ["status", "generation_state"]


@admin.register(Assignment)
class AssignmentAdmin(ServiceWrittenAdmin):
    list_display = ["roster", "person", "date", "shift_type"]
    raw_id_fields = ["roster", "person"]
