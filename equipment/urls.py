from django.urls import path

from equipment.views import devices, exports, kpis, maintenance, reports, work_orders

app_name = "equipment"

urlpatterns = [
    path("", devices.device_list, name="device_list"),
    path("export.xlsx", exports.export_register, name="export_register"),
    path("new/", devices.device_create, name="device_create"),
    path("labels/", reports.labels, name="labels"),
    path("report/", reports.report_lookup, name="report_lookup"),
    path("report/<str:asset_tag>/", reports.report_fault, name="report_fault"),
    path("reported/<int:pk>/", reports.report_thanks, name="report_thanks"),
    path("maintenance/", maintenance.maintenance, name="maintenance"),
    path("maintenance/week/<int:week>/", maintenance.maintenance_week, name="maintenance_week"),
    path("maintenance/compliance.xlsx", exports.export_compliance, name="export_compliance"),
    path("plans/<int:pk>/raise/", maintenance.raise_order, name="plan_raise_order"),
    path("work-orders/", work_orders.board, name="board"),
    path("work-orders/column/<slug:status>/", work_orders.board_column, name="board_column"),
    path("work-orders/<int:pk>/", work_orders.work_order_detail, name="work_order_detail"),
    path("work-orders/<int:pk>/move/", work_orders.board_move, name="board_move"),
    path("work-orders/<int:pk>/<slug:step>/", work_orders.work_order_step, name="work_order_step"),
    path("risk/", kpis.failure_risk, name="failure_risk"),
    path("kpis/", kpis.kpis, name="kpis"),
    path("devices/<str:asset_tag>/", devices.device_detail, name="device_detail"),
    path("devices/<str:asset_tag>/edit/", devices.device_edit, name="device_edit"),
    path("devices/<str:asset_tag>/step/<slug:step>/", devices.device_step, name="device_step"),
    path("devices/<str:asset_tag>/acceptance/", devices.acceptance_test, name="acceptance_test"),
    path("devices/<str:asset_tag>/plans/new/", maintenance.plan_create, name="plan_create"),
    path("devices/<str:asset_tag>/work-orders/new/", work_orders.work_order_create, name="work_order_create"),
]
