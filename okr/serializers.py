"""The OKR API's serializers: cycles, objectives, key results, check-ins, target changes
and the cascade. Every choice field is a `choice_field` with its own OpenAPI enum."""

from rest_framework import serializers

from hospital.models import Department
from hospital.serializers import choice_field
from okr import selectors
from okr.models import (
    CheckIn,
    CheckInSource,
    Confidence,
    Cycle,
    CycleStatus,
    KeyResult,
    KeyResultKind,
    Objective,
    ObjectiveKind,
    ObjectiveLevel,
    ObjectiveStatus,
    Unit,
)


class CycleSerializer(serializers.ModelSerializer):
    status = choice_field(CycleStatus, required=False)

    class Meta:
        model = Cycle
        fields = ["id", "name", "start", "end", "status", "year", "retrospective"]


class KeyResultSerializer(serializers.ModelSerializer):
    kind = choice_field(KeyResultKind, required=False)
    unit = choice_field(Unit, required=False)
    confidence = choice_field(Confidence, read_only=True, allow_blank=True)

    class Meta:
        model = KeyResult
        fields = [
            "id",
            "objective",
            "title",
            "owner",
            "kind",
            "unit",
            "baseline",
            "target",
            "lower",
            "upper",
            "weight",
            "due_date",
            "metric_key",
            "metric_department",
            "current_value",
            "confidence",
            "progress",
            "last_check_in_on",
            "score",
        ]
        read_only_fields = ["current_value", "confidence", "progress", "last_check_in_on", "score"]


class ObjectiveSerializer(serializers.ModelSerializer):
    level = choice_field(ObjectiveLevel)
    kind = choice_field(ObjectiveKind, required=False)
    status = choice_field(ObjectiveStatus, required=False)
    key_results = KeyResultSerializer(many=True, read_only=True)
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Objective
        fields = [
            "id",
            "title",
            "description",
            "cycle",
            "level",
            "department",
            "owner",
            "parent",
            "kind",
            "status",
            "contributing_departments",
            "score",
            "progress",
            "key_results",
        ]
        read_only_fields = ["score"]

    def get_progress(self, objective) -> str:
        return str(selectors.objective_progress(objective.key_results.all()))


class TargetChangeSerializer(serializers.Serializer):
    target = serializers.DecimalField(max_digits=14, decimal_places=4, required=False, allow_null=True)
    lower = serializers.DecimalField(max_digits=14, decimal_places=4, required=False, allow_null=True)
    upper = serializers.DecimalField(max_digits=14, decimal_places=4, required=False, allow_null=True)
    reason = serializers.CharField(allow_blank=True)


class CheckInSerializer(serializers.ModelSerializer):
    value = serializers.CharField(allow_blank=True, help_text="A number; for a milestone 1 (done) or 0.")
    date = serializers.DateField(required=False, help_text="Default: today.")
    confidence = choice_field(Confidence, required=False)
    source = choice_field(CheckInSource, read_only=True)

    class Meta:
        model = CheckIn
        fields = [
            "id",
            "key_result",
            "date",
            "value",
            "confidence",
            "confidence_score",
            "comment",
            "author",
            "source",
            "created_at",
        ]
        read_only_fields = ["author", "source", "created_at"]
        validators = []  # one per key result and day: the service replaces the day's check-in

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["value"] = None if instance.value is None else str(instance.value)
        return data


class CascadeObjectiveSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="objective.id")
    title = serializers.CharField(source="objective.title")
    level = choice_field(ObjectiveLevel, source="objective.level", read_only=True)
    department = serializers.IntegerField(source="objective.department_id", allow_null=True)
    kind = choice_field(ObjectiveKind, source="objective.kind", read_only=True)
    status = choice_field(ObjectiveStatus, source="objective.status", read_only=True)
    progress = serializers.DecimalField(max_digits=5, decimal_places=2)
    health = choice_field(Confidence, read_only=True, allow_blank=True)
    key_results = KeyResultSerializer(many=True)
    children = serializers.SerializerMethodField()

    def get_children(self, node) -> list[dict]:
        return CascadeObjectiveSerializer(node.children, many=True).data


class CascadeQuerySerializer(serializers.Serializer):
    """The cascade's filters: a wrong one is a 400 that names it, never a silently wider tree."""

    cycle = serializers.PrimaryKeyRelatedField(queryset=Cycle.objects.all(), required=False)
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all(), required=False)
    kind = choice_field(ObjectiveKind, required=False)
    level = choice_field(ObjectiveLevel, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:  # None only when the schema generator reads the fields
            self.fields["department"].queryset = Department.objects.visible_to(user)
