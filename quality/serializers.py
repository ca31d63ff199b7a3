"""Serializers of the quality API: identities are removed for readers who may not
see them (quality.access.may_see_reporter / may_see_patient)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hospital.models import Department, User
from hospital.serializers import choice_field
from quality import access
from quality.models import (
    ActionKind,
    ActionStatus,
    AdverseEvent,
    Category,
    CorrectiveAction,
    DeviceDays,
    Effectiveness,
    EventStatus,
    EventType,
    Harm,
    InfectionCase,
    InfectionKind,
    InfectionThreshold,
    MedicationErrorCategory,
    RootCauseKind,
    StepKind,
    Survey,
    SurveyResponse,
)

IDENTITY_FIELDS = ("reporter", "is_anonymous")


class RootCauseSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = choice_field(RootCauseKind)
    description = serializers.CharField()


class CorrectiveActionSerializer(serializers.ModelSerializer):
    event_reference = serializers.CharField(source="event.reference", read_only=True)
    kind = choice_field(ActionKind, read_only=True)
    status = choice_field(ActionStatus, read_only=True)
    effectiveness = choice_field(Effectiveness, read_only=True)

    class Meta:
        model = CorrectiveAction
        fields = [
            "id",
            "event",
            "event_reference",
            "kind",
            "description",
            "owner",
            "due_date",
            "status",
            "completed_on",
            "effectiveness",
            "effectiveness_note",
        ]


class EventListSerializer(serializers.ModelSerializer):
    """An event; reporter and patient identifier are removed for those who may not see them."""

    chinese_level = serializers.CharField(read_only=True)
    event_type = choice_field(EventType, read_only=True)
    category = choice_field(Category, read_only=True)
    harm = choice_field(Harm, read_only=True)
    medication_category = choice_field(MedicationErrorCategory, read_only=True, allow_blank=True)
    status = choice_field(EventStatus, read_only=True)

    class Meta:
        model = AdverseEvent
        fields = [
            "id",
            "reference",
            "occurred_at",
            "discovered_at",
            "department",
            "location",
            "event_type",
            "category",
            "harm",
            "chinese_level",
            "medication_category",
            "status",
            "reported_at",
            "investigator",
            "investigation_due",
            "requires_rca",
            "closed_at",
            "reporter",
            "is_anonymous",
            "patient_identifier",
        ]

    def to_representation(self, event):
        data = super().to_representation(event)
        user = self.context["request"].user
        if not access.may_see_reporter(user, event):
            for name in IDENTITY_FIELDS:
                data.pop(name, None)
        if not access.may_see_patient(user):
            data.pop("patient_identifier", None)
        return data


class EventStepSerializer(serializers.Serializer):
    """A timeline step; `actor` is null on the report step for those who may not see the reporter."""

    kind = serializers.CharField()
    at = serializers.DateTimeField()
    status = serializers.CharField()
    note = serializers.CharField()
    actor = serializers.IntegerField(allow_null=True)


class EventDetailSerializer(EventListSerializer):
    # Declared again so that their OpenAPI enums belong to this component alone.
    event_type = choice_field(EventType, read_only=True)
    category = choice_field(Category, read_only=True)
    harm = choice_field(Harm, read_only=True)
    medication_category = choice_field(MedicationErrorCategory, read_only=True, allow_blank=True)
    status = choice_field(EventStatus, read_only=True)
    steps = serializers.SerializerMethodField()
    root_causes = RootCauseSerializer(many=True, read_only=True)
    actions = CorrectiveActionSerializer(many=True, read_only=True)

    class Meta(EventListSerializer.Meta):
        fields = [
            *EventListSerializer.Meta.fields,
            "description",
            "immediate_actions",
            "contributing_factors",
            "device_asset_tag",
            "findings",
            "summary",
            "triaged_at",
            "steps",
            "root_causes",
            "actions",
        ]

    @extend_schema_field(EventStepSerializer(many=True))
    def get_steps(self, event) -> list[dict]:
        show_reporter = access.may_see_reporter(self.context["request"].user, event)
        return [
            {
                "kind": step.kind,
                "at": step.at,
                "status": step.status,
                "note": step.display_note,  # in the caller's language
                # the report step's actor is the reporter
                "actor": step.actor_id if (show_reporter or step.kind != StepKind.REPORTED) else None,
            }
            for step in event.steps.all()
        ]


def _max_length(name: str) -> int:
    return AdverseEvent._meta.get_field(name).max_length


class EventReportSerializer(serializers.Serializer):
    anonymous = serializers.BooleanField(default=False)
    submission_key = serializers.UUIDField(required=False, allow_null=True, default=None)
    occurred_at = serializers.DateTimeField()
    discovered_at = serializers.DateTimeField(required=False, allow_null=True)
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.active())
    location = serializers.CharField(required=False, allow_blank=True, default="", max_length=_max_length("location"))
    event_type = choice_field(EventType)
    category = choice_field(Category)
    harm = choice_field(Harm, default=Harm.UNKNOWN)
    medication_category = choice_field(MedicationErrorCategory, required=False, allow_blank=True, default="")
    patient_identifier = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=_max_length("patient_identifier")
    )
    description = serializers.CharField()
    immediate_actions = serializers.CharField(required=False, allow_blank=True, default="")
    contributing_factors = serializers.CharField(required=False, allow_blank=True, default="")
    device_asset_tag = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=_max_length("device_asset_tag")
    )


class TriageSerializer(serializers.Serializer):
    event_type = choice_field(EventType)
    category = choice_field(Category)
    harm = choice_field(Harm)
    medication_category = choice_field(MedicationErrorCategory, required=False, allow_blank=True, default="")
    investigator = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    due_date = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class FindingsSerializer(serializers.Serializer):
    findings = serializers.CharField()


class ActionCreateSerializer(serializers.Serializer):
    kind = choice_field(ActionKind, default=ActionKind.CORRECTIVE)
    description = serializers.CharField()
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    due_date = serializers.DateField()


class SummarySerializer(serializers.Serializer):
    summary = serializers.CharField()


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class ActionProgressSerializer(serializers.Serializer):
    status = choice_field(ActionStatus)
    effectiveness = choice_field(Effectiveness, default=Effectiveness.PENDING)
    effectiveness_note = serializers.CharField(required=False, allow_blank=True, default="")


class DeviceDaysSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeviceDays
        fields = ["id", "department", "month", "central_line_days", "urinary_catheter_days", "ventilator_days"]
        validators = []  # one row per ward and month: the service replaces it


class InfectionThresholdSerializer(serializers.ModelSerializer):
    kind = choice_field(InfectionKind)

    class Meta:
        model = InfectionThreshold
        fields = ["id", "department", "kind", "rate"]
        validators = []  # one per ward and infection: the service replaces it


class InfectionCaseSerializer(serializers.ModelSerializer):
    kind = choice_field(InfectionKind)

    class Meta:
        model = InfectionCase
        fields = ["id", "department", "kind", "onset_date", "patient_identifier", "note"]

    def to_representation(self, case):
        data = super().to_representation(case)
        if not access.may_see_patient(self.context["request"].user):
            data.pop("patient_identifier", None)
        return data


class SurveyResponseSerializer(serializers.ModelSerializer):
    scores = serializers.DictField(child=serializers.IntegerField(min_value=1, max_value=5), write_only=True)
    answers = serializers.SerializerMethodField()

    class Meta:
        model = SurveyResponse
        fields = ["id", "survey", "department", "responded_on", "scores", "answers"]

    def get_answers(self, response) -> dict[str, int]:
        return {str(a.question.number): a.score for a in response.answers.all()}


class SurveyImportSerializer(serializers.Serializer):
    survey = serializers.PrimaryKeyRelatedField(queryset=Survey.objects.all())
    file = serializers.FileField()
