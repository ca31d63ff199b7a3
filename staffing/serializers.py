"""Serializers of the staffing API: output serializers for the records, input serializers
that only read values for the services."""

from rest_framework import serializers

from hospital.models import Department, User
from hospital.serializers import choice_field
from staffing.models import (
    WORK_RULE_FIELDS,
    Assignment,
    CertificationKind,
    CoverageRule,
    CoverageScope,
    GenerationState,
    LeaveKind,
    LeaveRequest,
    RequestStatus,
    Roster,
    RosterStatus,
    ShiftColour,
    ShiftRequest,
    ShiftSwap,
    ShiftType,
    Skill,
    WorkRules,
)
from staffing.services.messages import shortfall_texts


class SkillSerializer(serializers.ModelSerializer):
    certification_kind = choice_field(CertificationKind, allow_blank=True, read_only=True)

    class Meta:
        model = Skill
        fields = ["id", "code", "name", "certification_kind"]


class ShiftTypeSerializer(serializers.ModelSerializer):
    colour = choice_field(ShiftColour, required=False)
    crosses_midnight = serializers.BooleanField(read_only=True)
    css_class = serializers.CharField(read_only=True)

    class Meta:
        model = ShiftType
        fields = [
            "id",
            "code",
            "name",
            "start",
            "end",
            "paid_hours",
            "is_night",
            "colour",
            "sort_order",
            "is_active",
            "crosses_midnight",
            "css_class",
        ]


class CoverageRuleSerializer(serializers.ModelSerializer):
    scope = choice_field(CoverageScope, required=False)
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())
    shift_type = serializers.PrimaryKeyRelatedField(queryset=ShiftType.objects.all())
    skill = serializers.PrimaryKeyRelatedField(queryset=Skill.objects.all(), allow_null=True, required=False)

    class Meta:
        model = CoverageRule
        fields = [
            "id",
            "department",
            "scope",
            "weekday",
            "date",
            "shift_type",
            "skill",
            "minimum",
            "preferred",
            "patients_per_staff",
        ]
        validators = []  # the service validates (one place for the rule)


class WorkRulesSerializer(serializers.ModelSerializer):
    forbidden_successions = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField(max_length=8), min_length=2, max_length=2),
        required=False,
    )

    class Meta:
        model = WorkRules
        fields = ["id", "department", *WORK_RULE_FIELDS]
        read_only_fields = ["id", "department"]
        validators = []


class LeaveRequestSerializer(serializers.ModelSerializer):
    kind = choice_field(LeaveKind, read_only=True)
    status = choice_field(RequestStatus, read_only=True)
    person_name = serializers.CharField(source="person.__str__", read_only=True)

    class Meta:
        model = LeaveRequest
        fields = [
            "id",
            "person",
            "person_name",
            "kind",
            "start",
            "end",
            "note",
            "status",
            "requested_at",
            "approver",
            "decided_at",
            "decision_note",
        ]
        read_only_fields = fields


class LeaveInputSerializer(serializers.Serializer):
    kind = choice_field(LeaveKind)
    start = serializers.DateField()
    end = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    person = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True), required=False)


class DecisionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ShiftRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = ShiftRequest
        fields = ["id", "person", "date", "shift_type", "wants_to_work", "weight", "note", "created_at"]
        read_only_fields = ["id", "created_at"]
        extra_kwargs = {"person": {"required": False}}


class SwapSerializer(serializers.ModelSerializer):
    status = choice_field(RequestStatus, read_only=True)

    class Meta:
        model = ShiftSwap
        fields = [
            "id",
            "requester",
            "partner",
            "requester_assignment",
            "partner_assignment",
            "note",
            "status",
            "requested_at",
            "approver",
            "decided_at",
            "decision_note",
        ]
        read_only_fields = fields


class SwapInputSerializer(serializers.Serializer):
    requester_assignment = serializers.IntegerField()
    partner = serializers.IntegerField()
    partner_assignment = serializers.IntegerField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=200)


class AssignmentSerializer(serializers.ModelSerializer):
    shift_code = serializers.CharField(source="shift_type.code", read_only=True)

    class Meta:
        model = Assignment
        fields = ["id", "roster", "person", "date", "shift_type", "shift_code", "is_manual"]
        read_only_fields = fields


class AssignmentInputSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    date = serializers.DateField()
    shift_type = serializers.PrimaryKeyRelatedField(queryset=ShiftType.objects.all(), allow_null=True)


class RosterSerializer(serializers.ModelSerializer):
    status = choice_field(RosterStatus, read_only=True)
    generation_state = choice_field(GenerationState, read_only=True)
    last_day = serializers.DateField(read_only=True)
    shortfalls = serializers.SerializerMethodField()

    class Meta:
        model = Roster
        fields = [
            "id",
            "department",
            "first_day",
            "length_days",
            "last_day",
            "status",
            "created_at",
            "published_at",
            "generation_state",
            "task_id",
            "elapsed_seconds",
            "best_penalty",
            "penalty_by_rule",
            "penalty_by_person",
            "shortfalls",
            "generation_error",
        ]
        read_only_fields = fields

    def get_shortfalls(self, roster) -> list[str]:
        """The minimum coverage the solver could not meet, in the request's language."""
        return shortfall_texts(roster)


class RosterInputSerializer(serializers.Serializer):
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.filter(is_active=True))
    first_day = serializers.DateField()
    length_days = serializers.IntegerField(min_value=1, max_value=366, default=28)


class GenerateSerializer(serializers.Serializer):
    time_limit = serializers.FloatField(required=False, min_value=1, max_value=480)
    workers = serializers.IntegerField(required=False, min_value=1, max_value=16)


class ViolationSerializer(serializers.Serializer):
    person = serializers.IntegerField(allow_null=True)
    date = serializers.DateField(allow_null=True)
    rule = serializers.CharField()
    label = serializers.CharField()
    message = serializers.CharField()
    is_hard = serializers.BooleanField()
