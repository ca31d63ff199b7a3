"""Django admin for administrators: every quality record is written through a service
(quality.services), so the admin only shows them (hospital.admin_policy). Surveys and
their questions, which no service writes, stay editable here."""

from django.contrib import admin

from hospital.admin_policy import ServiceWrittenAdmin, ServiceWrittenHistoryAdmin
from quality.models import (
    AdverseEvent,
    CorrectiveAction,
    DeviceDays,
    InfectionCase,
    InfectionThreshold,
    Survey,
    SurveyQuestion,
)


class ConfidentialAdmin(ServiceWrittenAdmin):
    """Without django-simple-history's history view: its "changed by" column and field
    diffs would show administrators the reporter and the patient, which only the
    quality office may see (quality.access; its pages apply that rule)."""


@admin.register(AdverseEvent)
class AdverseEventAdmin(ConfidentialAdmin):
    list_display = ["reference", "occurred_on", "department", "category", "harm", "status"]
    list_filter = ["status", "category", "harm", "event_type"]
    search_fields = ["reference"]
    exclude = ["reporter", "patient_identifier", "is_anonymous"]


@admin.register(CorrectiveAction)
class CorrectiveActionAdmin(ServiceWrittenHistoryAdmin):
    list_display = ["event", "description", "owner", "due_date", "status"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["event", "owner"]


@admin.register(DeviceDays)
class DeviceDaysAdmin(ServiceWrittenHistoryAdmin):
    list_display = ["department", "month", "central_line_days", "urinary_catheter_days", "ventilator_days"]
    list_filter = ["department"]


@admin.register(InfectionCase)
class InfectionCaseAdmin(ConfidentialAdmin):
    list_display = ["department", "kind", "onset_date"]
    list_filter = ["kind", "department"]
    exclude = ["patient_identifier", "recorded_by"]


@admin.register(InfectionThreshold)
class InfectionThresholdAdmin(ServiceWrittenHistoryAdmin):
    list_display = ["department", "kind", "rate"]


class SurveyQuestionInline(admin.TabularInline):
    model = SurveyQuestion
    extra = 1


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active"]
    inlines = [SurveyQuestionInline]
