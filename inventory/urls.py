from django.urls import path

from inventory.views import exports, items, lots, planning, reports, requisitions, stock, stocktakes

app_name = "inventory"

urlpatterns = [
    path("", items.item_list, name="index"),
    path("items/", items.item_list, name="item_list"),
    path("items/<int:pk>/", items.item_detail, name="item_detail"),
    path("balances/", reports.balance_report, name="balance_report"),
    path("balances/export.xlsx", exports.export_balances, name="export_balances"),
    path("expiry/", reports.expiry_report, name="expiry_report"),
    path("expiry/export.xlsx", exports.export_expiry, name="export_expiry"),
    path("suggestions/", planning.purchase_suggestions, name="purchase_suggestions"),
    path("expiry-risk/", planning.expiry_risk, name="expiry_risk"),
    path("kpis/", reports.kpis, name="kpis"),
    path("consumption/", reports.consumption_report, name="consumption_report"),
    path("consumption/export.xlsx", exports.export_consumption, name="export_consumption"),
    path("lots/<int:pk>/", lots.recall, name="recall"),
    path("lots/<int:pk>/quarantine/", lots.quarantine, name="quarantine"),
    path("lots/<int:pk>/export.xlsx", exports.export_recall, name="export_recall"),
    path("controlled/", lots.controlled_register, name="controlled_register"),
    path("stocktakes/", stocktakes.stocktake_list, name="stocktake_list"),
    path("stocktakes/start/", stocktakes.stocktake_start, name="stocktake_start"),
    path("stocktakes/<int:pk>/", stocktakes.stocktake_detail, name="stocktake_detail"),
    path("stocktakes/<int:pk>/count/", stocktakes.stocktake_count, name="stocktake_count"),
    path("stocktakes/<int:pk>/import/", stocktakes.stocktake_import, name="stocktake_import"),
    path("stocktakes/<int:pk>/lines/", stocktakes.stocktake_lines, name="stocktake_lines"),
    path("stocktakes/<int:pk>/post/", stocktakes.stocktake_post, name="stocktake_post"),
    path("receive/", stock.receive_stock, name="receive"),
    path("orders/<int:pk>/receive/", stock.receive_order, name="receive_order"),
    path("issue/", stock.issue_stock, name="issue"),
    path("transfer/", stock.transfer_stock, name="transfer"),
    path("requisitions/", requisitions.requisition_list, name="requisition_list"),
    path("requisitions/new/", requisitions.requisition_new, name="requisition_new"),
    path("requisitions/<int:pk>/", requisitions.requisition_detail, name="requisition_detail"),
    path("requisitions/<int:pk>/fulfil/", requisitions.requisition_fulfil, name="requisition_fulfil"),
    path("requisitions/<int:pk>/confirm/", requisitions.requisition_confirm, name="requisition_confirm"),
]
