"""OKR in the Django admin: every table is written through okr.services (levels, alignment,
closed cycles, the latest check-in kept on its key result, target changes with a reason),
so the admin only shows them; changes are made on the OKR pages."""

from django.contrib import admin

from hospital.admin_policy import ServiceWrittenAdmin
from okr.models import CheckIn, Cycle, KeyResult, Objective, TargetChange


@admin.register(Cycle)
class CycleAdmin(ServiceWrittenAdmin):
    list_display = ["name", "start", "end", "status", "year"]
    list_filter = ["status"]


class KeyResultInline(admin.TabularInline):
    model = KeyResult
    extra = 0
    fields = ["title", "kind", "unit", "baseline", "target", "lower", "upper", "weight", "metric_key"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Objective)
class ObjectiveAdmin(ServiceWrittenAdmin):
    list_display = ["title", "cycle", "level", "department", "kind", "status"]
    list_filter = ["cycle", "level", "kind", "status"]
    search_fields = ["title"]
    inlines = [KeyResultInline]


@admin.register(KeyResult)
class KeyResultAdmin(ServiceWrittenAdmin):
    list_display = ["title", "objective", "kind", "target", "current_value", "confidence", "last_check_in_on"]
    list_filter = ["kind", "confidence", "objective__cycle"]
    search_fields = ["title", "objective__title"]


@admin.register(CheckIn)
class CheckInAdmin(ServiceWrittenAdmin):
    list_display = ["key_result", "date", "value", "confidence", "source", "author"]
    list_filter = ["source", "confidence"]


@admin.register(TargetChange)
class TargetChangeAdmin(ServiceWrittenAdmin):
    list_display = ["key_result", "changed_at", "changed_by", "old_target", "new_target"]
