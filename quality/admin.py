"""Django admin for administrators: surveys, thresholds and device-days can be
corrected here; events and infection cases are read-only (workflow steps go through
the pages and API, i.e. the services)."""

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


class ConfidentialReadOnlyAdmin(admin.ModelAdmin):
    """Read-only, and without django-simple-history's history view: its "changed by"
    column and field diffs would show administrators the reporter and the patient,
    which only the quality office may see (its pages apply that rule)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AdverseEvent)
class AdverseEventAdmin(ConfidentialReadOnlyAdmin):
    list_display = ["reference", "occurred_on", "department", "category", "harm", "status"]
    list_filter = ["status", "category", "harm", "event_type"]
    search_fields = ["reference"]
    exclude = ["reporter", "patient_identifier", "is_anonymous"]


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
class InfectionCaseAdmin(ConfidentialReadOnlyAdmin):
    list_display = ["department", "kind", "onset_date"]
    list_filter = ["kind", "department"]
    exclude = ["patient_identifier", "recorded_by"]


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
