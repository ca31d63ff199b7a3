"""Django admin for administrators. Costs, budgets and runs are written through the
services (which refuse a closed month), so the admin only shows them; cost centres,
categories, cost rates, allocation rules and shares are configuration and may be edited here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hospital.admin_policy import ServiceWrittenAdmin, ServiceWrittenHistoryAdmin
from performance.models import (
    AllocationRule,
    AllocationRun,
    AllocationShare,
    Budget,
    CostCategory,
    CostCentre,
    CostEntry,
    CostRate,
    DriverValue,
    MonthClose,
    RevenueEntry,
    ScorecardDimension,
)


@admin.register(CostCentre)
class CostCentreAdmin(SimpleHistoryAdmin):
    list_display = ["code", "department", "allocation_class", "floor_area"]
    list_filter = ["allocation_class"]
    search_fields = ["code", "department__name", "department__code"]
    raw_id_fields = ["department"]


@admin.register(CostCategory)
class CostCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "order", "is_active"]
    list_editable = ["order", "is_active"]


class AllocationShareInline(admin.TabularInline):
    model = AllocationShare
    raw_id_fields = ["department"]
    extra = 0


@admin.register(AllocationRule)
class AllocationRuleAdmin(SimpleHistoryAdmin):
    list_display = ["order", "department", "driver", "is_active"]
    list_filter = ["driver", "is_active"]
    raw_id_fields = ["department"]
    inlines = [AllocationShareInline]


@admin.register(CostEntry)
class CostEntryAdmin(ServiceWrittenHistoryAdmin):
    list_display = ["month", "department", "category", "amount", "source", "reference"]
    list_filter = ["source", "category", "month"]
    search_fields = ["reference", "note", "department__name"]


@admin.register(RevenueEntry)
class RevenueEntryAdmin(ServiceWrittenHistoryAdmin):
    list_display = ["month", "department", "kind", "amount", "source"]
    list_filter = ["kind", "month"]


@admin.register(Budget)
class BudgetAdmin(ServiceWrittenHistoryAdmin):
    list_display = ["month", "department", "category", "amount"]
    list_filter = ["category", "month"]


@admin.register(DriverValue)
class DriverValueAdmin(ServiceWrittenAdmin):
    list_display = ["month", "kind", "department", "value", "source"]
    list_filter = ["kind", "month"]


@admin.register(AllocationRun)
class AllocationRunAdmin(ServiceWrittenAdmin):
    list_display = ["month", "method", "total_before", "total_after", "run_by", "run_at"]
    list_filter = ["method"]
    exclude = ["matrix"]


@admin.register(MonthClose)
class MonthCloseAdmin(ServiceWrittenAdmin):
    list_display = ["month", "closed_by", "closed_at"]


@admin.register(ScorecardDimension)
class ScorecardDimensionAdmin(SimpleHistoryAdmin):
    list_display = ["order", "code", "name", "metric_key", "weight"]
    list_editable = ["weight"]


@admin.register(CostRate)
class CostRateAdmin(SimpleHistoryAdmin):
    list_display = ["department", "job", "grade", "hourly_rate"]
    list_filter = ["job"]
    search_fields = ["department__name", "department__code", "grade"]
    raw_id_fields = ["department"]
