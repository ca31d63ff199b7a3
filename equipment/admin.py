"""Django admin for administrators: every equipment record is written through a service
(equipment.services), so the admin only shows them (hospital.admin_policy)."""

from django.contrib import admin

from equipment.models import AcceptanceTest, Equipment, MaintenancePlan, StatusChange, WorkOrder
from hospital.admin_policy import ServiceWrittenAdmin, ServiceWrittenHistoryAdmin


@admin.register(Equipment)
class EquipmentAdmin(ServiceWrittenHistoryAdmin):
    list_display = ["asset_tag", "name", "category", "department", "risk_class", "status"]
    list_filter = ["status", "category", "risk_class", "is_life_support"]
    search_fields = ["asset_tag", "name", "serial_number"]


@admin.register(StatusChange)
class StatusChangeAdmin(ServiceWrittenAdmin):
    list_display = ["equipment", "from_status", "to_status", "at", "by"]
    list_filter = ["to_status"]
    raw_id_fields = ["equipment", "by"]


@admin.register(AcceptanceTest)
class AcceptanceTestAdmin(ServiceWrittenHistoryAdmin):
    list_display = ["equipment", "tested_at", "tested_by", "passed"]
    raw_id_fields = ["equipment", "tested_by"]


@admin.register(MaintenancePlan)
class MaintenancePlanAdmin(ServiceWrittenHistoryAdmin):
    list_display = ["equipment", "kind", "interval_value", "interval_unit", "next_due", "is_active"]
    list_filter = ["kind", "is_active"]
    raw_id_fields = ["equipment", "engineer"]


@admin.register(WorkOrder)
class WorkOrderAdmin(ServiceWrittenHistoryAdmin):
    list_display = ["reference", "equipment", "kind", "priority", "status", "reported_at"]
    list_filter = ["status", "kind", "priority"]
    raw_id_fields = ["equipment", "plan", "engineer", "reported_by"]
