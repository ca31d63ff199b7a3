"""API serializers. Values (costs) are left out for those who may not see them."""

from rest_framework import serializers

from hospital.models import Department, User
from hospital.serializers import choice_field
from inventory import access
from inventory.models import (
    Category,
    Item,
    Lot,
    MovementKind,
    OrderStatus,
    PurchaseOrder,
    PurchaseOrderLine,
    Receipt,
    ReceiptLine,
    Requisition,
    RequisitionLine,
    RequisitionStatus,
    SerialNumber,
    StockBalance,
    StockMovement,
    Stocktake,
    StocktakeLine,
    StocktakeStatus,
    Storage,
    Store,
    StoreKind,
    Supplier,
    WriteOffReason,
)

COST_FIELDS = ("unit_cost", "value", "pack_price")


class ValuesHiddenMixin:
    """Drops money fields for users who may not see values (inventory.access.may_see_values)."""

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and not access.may_see_values(request.user):
            for name in COST_FIELDS:
                fields.pop(name, None)
        return fields


class ItemSerializer(serializers.ModelSerializer):
    category = choice_field(Category)
    storage = choice_field(Storage)

    class Meta:
        model = Item
        fields = [
            "id",
            "code",
            "name",
            "generic_name",
            "gtin",
            "category",
            "specification",
            "base_unit",
            "pack_size",
            "purchase_unit",
            "storage",
            "is_controlled",
            "is_high_value",
            "reorder_point",
            "safety_stock",
            "lead_time_days",
            "ved_class",
            "abc_class",
            "is_active",
        ]


class StoreSerializer(serializers.ModelSerializer):
    kind = choice_field(StoreKind)

    class Meta:
        model = Store
        fields = ["id", "code", "name", "kind", "department", "supplied_by", "is_active"]


class SupplierSerializer(serializers.ModelSerializer):
    class Meta:
        model = Supplier
        fields = ["id", "code", "name", "contact", "phone", "email", "is_active"]


class LotSerializer(ValuesHiddenMixin, serializers.ModelSerializer):
    class Meta:
        model = Lot
        fields = ["id", "item", "number", "expiry", "serial", "unit_cost", "quarantined", "quarantine_reason"]


class BalanceSerializer(ValuesHiddenMixin, serializers.ModelSerializer):
    lot_number = serializers.CharField(source="lot.number", read_only=True)
    expiry = serializers.DateField(source="lot.expiry", read_only=True)
    unit_cost = serializers.DecimalField(source="lot.unit_cost", max_digits=12, decimal_places=4, read_only=True)
    value = serializers.DecimalField(max_digits=18, decimal_places=2, read_only=True)

    class Meta:
        model = StockBalance
        fields = ["id", "store", "item", "lot", "lot_number", "expiry", "quantity", "unit_cost", "value"]


class MovementSerializer(ValuesHiddenMixin, serializers.ModelSerializer):
    kind = choice_field(MovementKind)

    class Meta:
        model = StockMovement
        fields = [
            "id",
            "kind",
            "store",
            "item",
            "lot",
            "quantity",
            "unit_cost",
            "department",
            "batch",
            "reference",
            "reason",
            "user",
            "second_signatory",
            "created_at",
            "reverses",
        ]


class OrderLineSerializer(ValuesHiddenMixin, serializers.ModelSerializer):
    class Meta:
        model = PurchaseOrderLine
        fields = ["id", "item", "packs", "pack_price", "received_quantity"]


class PurchaseOrderSerializer(serializers.ModelSerializer):
    status = choice_field(OrderStatus)
    lines = OrderLineSerializer(many=True, read_only=True)

    class Meta:
        model = PurchaseOrder
        fields = ["id", "number", "supplier", "store", "status", "ordered_on", "note", "lines"]


class RequisitionLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = RequisitionLine
        fields = ["id", "item", "quantity_requested", "quantity_issued"]


class RequisitionSerializer(serializers.ModelSerializer):
    status = choice_field(RequisitionStatus)
    lines = RequisitionLineSerializer(many=True, read_only=True)

    class Meta:
        model = Requisition
        fields = [
            "id",
            "ward",
            "supplier",
            "status",
            "note",
            "raised_by",
            "raised_at",
            "fulfilled_at",
            "received_at",
            "lines",
        ]


class StocktakeLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = StocktakeLine
        fields = ["id", "lot", "expected", "counted"]


class StocktakeSerializer(serializers.ModelSerializer):
    status = choice_field(StocktakeStatus)

    class Meta:
        model = Stocktake
        fields = ["id", "store", "status", "created_at", "posted_at", "reason"]


# Requests of the actions


class IssueSerializer(serializers.Serializer):
    store = serializers.PrimaryKeyRelatedField(queryset=Store.objects.all())
    item = serializers.PrimaryKeyRelatedField(queryset=Item.objects.all())
    quantity = serializers.IntegerField(min_value=1, max_value=10_000_000)
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())
    second_signatory = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False, allow_null=True)
    reference = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    serials = serializers.ListField(
        child=serializers.CharField(max_length=20), required=False, allow_empty=True, max_length=10_000, default=None
    )


class RequisitionLineInputSerializer(serializers.Serializer):
    item = serializers.PrimaryKeyRelatedField(queryset=Item.objects.all())
    quantity = serializers.IntegerField(min_value=1, max_value=10_000_000)


class RaiseRequisitionSerializer(serializers.Serializer):
    ward = serializers.PrimaryKeyRelatedField(queryset=Store.objects.all())
    lines = RequisitionLineInputSerializer(many=True, allow_empty=False, max_length=30)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class FulfilSerializer(serializers.Serializer):
    quantities = serializers.DictField(child=serializers.IntegerField(min_value=0), required=False)
    serials = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField(max_length=20), max_length=10_000),
        required=False,
        help_text="High-value items: per requisition line id, the serial numbers sent.",
    )


class PostStocktakeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)


class BarcodeSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=200, trim_whitespace=False, allow_blank=True)


class BarcodeAnswerSerializer(serializers.Serializer):
    gtin = serializers.CharField(allow_null=True)
    lot = serializers.CharField(allow_null=True)
    expiry = serializers.DateField(allow_null=True)
    serial = serializers.CharField(allow_null=True)
    quantity = serializers.IntegerField(allow_null=True)
    item = serializers.IntegerField(allow_null=True)


class ReceiptLineSerializer(ValuesHiddenMixin, serializers.ModelSerializer):
    lot_number = serializers.CharField(source="lot.number", read_only=True)
    expiry = serializers.DateField(source="lot.expiry", read_only=True)

    class Meta:
        model = ReceiptLine
        fields = [
            "id",
            "item",
            "lot",
            "lot_number",
            "expiry",
            "quantity_accepted",
            "quantity_rejected",
            "rejection_reason",
            "unit_cost",
            "shelf_life_override",
        ]


class ReceiptSerializer(serializers.ModelSerializer):
    lines = ReceiptLineSerializer(many=True, read_only=True)

    class Meta:
        model = Receipt
        fields = ["id", "store", "order", "supplier", "delivery_note", "received_by", "received_at", "lines"]


class ReceiveLineInputSerializer(serializers.Serializer):
    item = serializers.PrimaryKeyRelatedField(queryset=Item.objects.all())
    lot_number = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    expiry = serializers.DateField(required=False, allow_null=True, default=None)
    quantity_accepted = serializers.IntegerField(min_value=0, max_value=10_000_000)
    quantity_rejected = serializers.IntegerField(min_value=0, max_value=10_000_000, required=False, default=0)
    rejection_reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    unit_cost = serializers.DecimalField(max_digits=12, decimal_places=4, required=False, allow_null=True, default=None)
    shelf_life_override = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    serial = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    serials = serializers.ListField(
        child=serializers.CharField(max_length=20), required=False, allow_empty=True, max_length=10_000, default=None
    )
    order_line = serializers.PrimaryKeyRelatedField(
        queryset=PurchaseOrderLine.objects.all(), required=False, allow_null=True, default=None
    )


class ReceiveSerializer(serializers.Serializer):
    store = serializers.PrimaryKeyRelatedField(queryset=Store.objects.all())
    order = serializers.PrimaryKeyRelatedField(
        queryset=PurchaseOrder.objects.all(), required=False, allow_null=True, default=None
    )
    supplier = serializers.PrimaryKeyRelatedField(
        queryset=Supplier.objects.all(), required=False, allow_null=True, default=None
    )
    delivery_note = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    lines = ReceiveLineInputSerializer(many=True, allow_empty=False, max_length=500)


class StartStocktakeSerializer(serializers.Serializer):
    store = serializers.PrimaryKeyRelatedField(queryset=Store.objects.all())


class CountSerializer(serializers.Serializer):
    lot = serializers.PrimaryKeyRelatedField(queryset=Lot.objects.all())
    counted = serializers.IntegerField(min_value=0, max_value=10_000_000)


class CountsSerializer(serializers.Serializer):
    counts = CountSerializer(many=True, allow_empty=False, max_length=10_000)


class CountImportSerializer(serializers.Serializer):
    file = serializers.FileField()


class TransferSerializer(serializers.Serializer):
    source = serializers.PrimaryKeyRelatedField(queryset=Store.objects.all())
    destination = serializers.PrimaryKeyRelatedField(queryset=Store.objects.all())
    item = serializers.PrimaryKeyRelatedField(queryset=Item.objects.all())
    quantity = serializers.IntegerField(min_value=1, max_value=10_000_000)
    reference = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    serials = serializers.ListField(
        child=serializers.CharField(max_length=20), required=False, allow_empty=True, max_length=10_000, default=None
    )


class AdjustSerializer(serializers.Serializer):
    store = serializers.PrimaryKeyRelatedField(queryset=Store.objects.all())
    lot = serializers.PrimaryKeyRelatedField(queryset=Lot.objects.all())
    quantity = serializers.IntegerField(min_value=-10_000_000, max_value=10_000_000)
    reason = serializers.CharField(max_length=200)


class WriteOffSerializer(serializers.Serializer):
    store = serializers.PrimaryKeyRelatedField(queryset=Store.objects.all())
    lot = serializers.PrimaryKeyRelatedField(queryset=Lot.objects.all())
    quantity = serializers.IntegerField(min_value=1, max_value=10_000_000)
    reason = choice_field(WriteOffReason)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    serials = serializers.ListField(
        child=serializers.CharField(max_length=20), required=False, allow_empty=True, max_length=10_000, default=None
    )


class ReverseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)
    second_signatory = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False, allow_null=True)


class QuarantineSerializer(serializers.Serializer):
    quarantined = serializers.BooleanField()
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class SerialNumberSerializer(serializers.ModelSerializer):
    lot_number = serializers.CharField(source="lot.number", read_only=True)
    store_name = serializers.CharField(source="store.name", read_only=True, default="")
    department_name = serializers.CharField(source="department.name", read_only=True, default="")

    class Meta:
        model = SerialNumber
        fields = [
            "id",
            "item",
            "lot",
            "lot_number",
            "serial",
            "status",
            "store",
            "store_name",
            "department",
            "department_name",
        ]
