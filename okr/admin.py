from django.contrib import admin

from okr.models import CheckIn, Cycle, KeyResult, Objective, TargetChange


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["name", "start", "end", "status", "year"]
    list_filter = ["status"]


class KeyResultInline(admin.TabularInline):
    model = KeyResult
    extra = 0
    fields = ["title", "kind", "unit", "baseline", "target", "lower", "upper", "weight", "metric_key"]
    # Read-only: key results are set and targets changed on the site, where the
    # service validates them and records the reason for each target change.
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ["title", "cycle", "level", "department", "kind", "status"]
    list_filter = ["cycle", "level", "kind", "status"]
    search_fields = ["title"]
    raw_id_fields = ["parent", "owner"]
    inlines = [KeyResultInline]


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = ["key_result", "date", "value", "confidence", "source", "author"]
    list_filter = ["source", "confidence"]
    raw_id_fields = ["key_result", "author"]


@admin.register(TargetChange)
class TargetChangeAdmin(admin.ModelAdmin):
    list_display = ["key_result", "changed_at", "changed_by", "old_target", "new_target"]
    readonly_fields = [f.name for f in TargetChange._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
