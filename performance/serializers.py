"""The API's representations. Inputs are validated for shape here; every rule (who may,
closed months, cents) is the services'."""

from rest_framework import serializers

from hospital.models import Department
from hospital.serializers import choice_field
from performance.models import (
    AllocationMethod,
    AllocationRun,
    Budget,
    CostCategory,
    CostEntry,
    CostSource,
    DriverValue,
    RevenueEntry,
    RevenueKind,
)

MONTH_FORMAT = "%Y-%m"


class MonthField(serializers.DateField):
    """A month as "YYYY-MM" (a full date is taken as its month)."""

    def __init__(self, **kwargs):
        super().__init__(format=MONTH_FORMAT, input_formats=[MONTH_FORMAT, "%Y-%m-%d"], **kwargs)

    def to_internal_value(self, value):
        return super().to_internal_value(value).replace(day=1)


class CostEntrySerializer(serializers.ModelSerializer):
    month = MonthField()
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.filter(is_active=True))
    category = serializers.PrimaryKeyRelatedField(queryset=CostCategory.objects.filter(is_active=True))
    department_code = serializers.CharField(source="department.code", read_only=True)
    category_code = serializers.CharField(source="category.code", read_only=True)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    # written by the services (manual, import, inventory, equipment, staffing)
    source = choice_field(CostSource, read_only=True)

    class Meta:
        model = CostEntry
        fields = [
            "id",
            "department",
            "department_code",
            "month",
            "category",
            "category_code",
            "amount",
            "source",
            "reference",
            "note",
            "created_at",
        ]
        read_only_fields = ["source", "created_at"]


class CostEntryUpdateSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)
    category = serializers.PrimaryKeyRelatedField(queryset=CostCategory.objects.filter(is_active=True), required=False)
    reference = serializers.CharField(max_length=100, required=False, allow_blank=True)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class RevenueEntrySerializer(serializers.ModelSerializer):
    month = MonthField()
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.filter(is_active=True))
    kind = choice_field(RevenueKind)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    source = choice_field(CostSource, read_only=True)

    class Meta:
        model = RevenueEntry
        fields = ["id", "department", "month", "kind", "amount", "source", "reference", "note", "created_at"]
        read_only_fields = ["source", "created_at"]


class BudgetSerializer(serializers.ModelSerializer):
    month = MonthField()
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.filter(is_active=True))
    category = serializers.PrimaryKeyRelatedField(queryset=CostCategory.objects.filter(is_active=True))
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)

    class Meta:
        model = Budget
        fields = ["id", "department", "category", "month", "amount"]


class AllocationRunSerializer(serializers.ModelSerializer):
    month = MonthField(read_only=True)
    is_conserved = serializers.BooleanField(read_only=True)

    class Meta:
        model = AllocationRun
        fields = ["id", "month", "method", "total_before", "total_after", "is_conserved", "run_at", "matrix"]
        read_only_fields = fields


class AllocationRunListSerializer(AllocationRunSerializer):
    class Meta(AllocationRunSerializer.Meta):
        fields = ["id", "month", "method", "total_before", "total_after", "is_conserved", "run_at"]
        read_only_fields = fields


class RunInputSerializer(serializers.Serializer):
    month = MonthField()
    method = serializers.ChoiceField(choices=AllocationMethod.choices)


class MonthInputSerializer(serializers.Serializer):
    month = MonthField()


class DriverValueSerializer(serializers.ModelSerializer):
    month = MonthField(read_only=True)
    department_code = serializers.CharField(source="department.code", read_only=True)

    class Meta:
        model = DriverValue
        fields = ["id", "department", "department_code", "month", "kind", "value", "source"]
        read_only_fields = fields


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
