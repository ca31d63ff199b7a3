"""Serializers of the equipment API: costs are removed for readers who may not see them
(equipment.access.may_see_costs); input serializers only read values for the services."""

from rest_framework import serializers

from equipment import access
from equipment.models import (
    AcceptanceTest,
    Category,
    Equipment,
    EquipmentStatus,
    IntervalUnit,
    MaintenancePlan,
    MaintenanceStrategy,
    Outcome,
    PlanKind,
    Priority,
    RiskClass,
    StatusChange,
    WorkOrder,
    WorkOrderKind,
    WorkOrderStatus,
)
from equipment.services.lifecycle import DEVICE_FIELDS, TRANSITIONS
from hospital.models import Department, User
from hospital.serializers import choice_field

EQUIPMENT_COST_FIELDS = ("purchase_cost", "salvage_value")
WORK_ORDER_COST_FIELDS = ("parts_cost", "vendor_cost")


class _CostsHidden:
    cost_fields: tuple[str, ...] = ()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not access.may_see_costs(request.user):
            for name in self.cost_fields:
                data.pop(name, None)
        return data


class EquipmentSerializer(_CostsHidden, serializers.ModelSerializer):
    cost_fields = EQUIPMENT_COST_FIELDS
    category = choice_field(Category)
    risk_class = choice_field(RiskClass)
    maintenance_strategy = choice_field(MaintenanceStrategy, required=False)
    status = choice_field(EquipmentStatus, read_only=True)
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())
    next_due = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = Equipment
        fields = [
            "id",
            "asset_tag",
            *DEVICE_FIELDS,
            "commissioned_on",
            "status",
            "retired_on",
            "retirement_reason",
            "next_due",
        ]
        read_only_fields = ["commissioned_on", "retired_on", "retirement_reason"]
        validators = []  # the service says whether an asset tag is taken (409)
        extra_kwargs = {"asset_tag": {"validators": []}}


class EquipmentUpdateSerializer(EquipmentSerializer):
    # Declared again so that their OpenAPI enums belong to this component alone.
    category = choice_field(Category, required=False)
    risk_class = choice_field(RiskClass, required=False)
    maintenance_strategy = choice_field(MaintenanceStrategy, required=False)
    status = choice_field(EquipmentStatus, read_only=True)

    class Meta(EquipmentSerializer.Meta):
        read_only_fields = ["asset_tag", "commissioned_on", "retired_on", "retirement_reason"]


class TransitionSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=list(TRANSITIONS))
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)
    on = serializers.DateField(required=False, allow_null=True, default=None)


class ChecklistResultSerializer(serializers.Serializer):
    step = serializers.CharField(max_length=200)
    passed = serializers.BooleanField()


class AcceptanceTestInputSerializer(serializers.Serializer):
    checklist_results = ChecklistResultSerializer(many=True)
    electrical_safety_passed = serializers.BooleanField()
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class AcceptanceTestSerializer(serializers.ModelSerializer):
    class Meta:
        model = AcceptanceTest
        fields = [
            "id",
            "equipment",
            "tested_by",
            "tested_at",
            "checklist_results",
            "electrical_safety_passed",
            "passed",
            "notes",
        ]


class StatusChangeSerializer(serializers.ModelSerializer):
    from_status = choice_field(EquipmentStatus, allow_blank=True)
    to_status = choice_field(EquipmentStatus)

    class Meta:
        model = StatusChange
        fields = ["id", "equipment", "from_status", "to_status", "at", "by", "reason"]


class MaintenancePlanSerializer(serializers.ModelSerializer):
    kind = choice_field(PlanKind)
    interval_unit = choice_field(IntervalUnit)

    class Meta:
        model = MaintenancePlan
        fields = [
            "id",
            "equipment",
            "kind",
            "interval_value",
            "interval_unit",
            "anchor_day",
            "checklist_steps",
            "engineer",
            "last_done",
            "next_due",
            "is_active",
        ]
        read_only_fields = fields


class PlanCreateSerializer(serializers.Serializer):
    equipment = serializers.PrimaryKeyRelatedField(queryset=Equipment.objects.all())
    kind = choice_field(PlanKind)
    interval_value = serializers.IntegerField(min_value=1, max_value=3650)
    interval_unit = choice_field(IntervalUnit)
    first_due = serializers.DateField()
    checklist_steps = serializers.ListField(child=serializers.CharField(max_length=200), required=False, default=list)
    engineer = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False, allow_null=True)


class WorkOrderSerializer(_CostsHidden, serializers.ModelSerializer):
    cost_fields = WORK_ORDER_COST_FIELDS
    reference = serializers.CharField(read_only=True)
    asset_tag = serializers.CharField(source="equipment.asset_tag", read_only=True)
    kind = choice_field(WorkOrderKind, read_only=True)
    priority = choice_field(Priority, read_only=True)
    outcome = choice_field(Outcome, read_only=True, allow_blank=True)
    status = choice_field(WorkOrderStatus, read_only=True)

    class Meta:
        model = WorkOrder
        fields = [
            "id",
            "reference",
            "equipment",
            "asset_tag",
            "plan",
            "kind",
            "priority",
            "reported_by",
            "reported_at",
            "fault_description",
            "due_date",
            "engineer",
            "responded_at",
            "started_at",
            "completed_at",
            "outcome",
            "checklist_results",
            "labour_hours",
            "parts_cost",
            "vendor_cost",
            "status",
            "notes",
        ]
        read_only_fields = fields


class WorkOrderCreateSerializer(serializers.Serializer):
    equipment = serializers.PrimaryKeyRelatedField(queryset=Equipment.objects.all())
    kind = choice_field(WorkOrderKind)
    priority = choice_field(Priority, required=False, default=Priority.NORMAL)
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class AssignSerializer(serializers.Serializer):
    engineer = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())


class CompleteSerializer(serializers.Serializer):
    outcome = choice_field(Outcome)
    labour_hours = serializers.DecimalField(max_digits=7, decimal_places=2, required=False, default=0)
    parts_cost = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, default=0)
    vendor_cost = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, default=0)
    checklist_results = ChecklistResultSerializer(many=True, required=False, default=list)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class CancelReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class PartsNoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)


class FaultReportSerializer(serializers.Serializer):
    asset_tag = serializers.CharField(max_length=40)
    description = serializers.CharField(max_length=4000, allow_blank=True)
