"""Django admin for administrators: read and correct reference data. Workflow steps
go through the pages and API (the services), not through the admin."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from quality.models import (
    AdverseEvent,
    CorrectiveAction,
    DeviceDays,
    InfectionCase,
    InfectionThreshold,
    Survey,
    SurveyQuestion,
)


@admin.register(AdverseEvent)
class AdverseEventAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "occurred_on", "department", "category", "harm", "status"]
    list_filter = ["status", "category", "harm", "event_type"]
    search_fields = ["reference"]
    # Reporter and patient identifier stay with the quality office's pages.
    exclude = ["reporter", "patient_identifier"]
    readonly_fields = ["reference", "is_anonymous", "status"]

    def has_add_permission(self, request):
        return False


@admin.register(CorrectiveAction)
class CorrectiveActionAdmin(SimpleHistoryAdmin):
    list_display = ["event", "description", "owner", "due_date", "status"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["event", "owner"]


@admin.register(DeviceDays)
class DeviceDaysAdmin(SimpleHistoryAdmin):
    list_display = ["department", "month", "central_line_days", "urinary_catheter_days", "ventilator_days"]
    list_filter = ["department"]


@admin.register(InfectionCase)
class InfectionCaseAdmin(SimpleHistoryAdmin):
    list_display = ["department", "kind", "onset_date"]
    list_filter = ["kind", "department"]
    exclude = ["patient_identifier"]


@admin.register(InfectionThreshold)
class InfectionThresholdAdmin(SimpleHistoryAdmin):
    list_display = ["department", "kind", "rate"]


class SurveyQuestionInline(admin.TabularInline):
    model = SurveyQuestion
    extra = 1


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active"]
    inlines = [SurveyQuestionInline]
