"""Inventory in the Django admin. The catalogue (items, stores, suppliers) is kept here,
with change history; everything the stock services write — lots, the ledger, balances,
orders, receipts, requisitions, stocktakes — is read-only, because the admin would skip
their rules (the ledger is append-only in the database as well)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hospital.admin_policy import ServiceWrittenAdmin, ServiceWrittenHistoryAdmin
from inventory.models import (
    Item,
    Lot,
    PurchaseOrder,
    Receipt,
    Requisition,
    StockBalance,
    StockMovement,
    Stocktake,
    Store,
    Supplier,
)


@admin.register(Item)
class ItemAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "specification", "category", "gtin", "is_controlled", "ved_class", "abc_class"]
    list_filter = ["category", "storage", "is_controlled", "is_high_value", "ved_class", "abc_class", "is_active"]
    search_fields = ["code", "name", "generic_name", "gtin"]
    readonly_fields = ["abc_class"]  # computed from a year's consumption


@admin.register(Store)
class StoreAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "department", "supplied_by", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    filter_horizontal = ["keepers"]


@admin.register(Supplier)
class SupplierAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "contact", "phone", "is_active"]
    search_fields = ["code", "name"]


@admin.register(Lot)
class LotAdmin(ServiceWrittenHistoryAdmin):
    list_display = ["item", "number", "expiry", "quarantined"]
    list_filter = ["quarantined"]
    search_fields = ["number", "item__name"]
    list_select_related = ["item"]


@admin.register(StockMovement)
class StockMovementAdmin(ServiceWrittenAdmin):
    list_display = ["created_at", "kind", "store", "item", "lot", "quantity", "department", "user"]
    list_filter = ["kind", "store"]
    search_fields = ["reference", "lot__number", "item__name"]
    list_select_related = ["store", "item", "lot", "department", "user"]


@admin.register(StockBalance)
class StockBalanceAdmin(ServiceWrittenAdmin):
    list_display = ["store", "item", "lot", "quantity"]
    list_filter = ["store"]
    search_fields = ["item__name", "lot__number"]
    list_select_related = ["store", "item", "lot"]


@admin.register(PurchaseOrder)
class PurchaseOrderAdmin(ServiceWrittenHistoryAdmin):
    list_display = ["number", "supplier", "store", "status", "ordered_on"]
    list_filter = ["status"]
    search_fields = ["number"]


@admin.register(Receipt)
class ReceiptAdmin(ServiceWrittenAdmin):
    list_display = ["received_at", "store", "supplier", "delivery_note"]


@admin.register(Requisition)
class RequisitionAdmin(ServiceWrittenHistoryAdmin):
    list_display = ["pk", "ward", "supplier", "status", "raised_at"]
    list_filter = ["status"]


@admin.register(Stocktake)
class StocktakeAdmin(ServiceWrittenHistoryAdmin):
    list_display = ["pk", "store", "status", "created_at", "posted_at"]
    list_filter = ["status"]
