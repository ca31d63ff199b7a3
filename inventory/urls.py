from django.urls import path

from inventory.views import exports, items, reports, requisitions, stock

app_name = "inventory"

urlpatterns = [
    path("", items.item_list, name="index"),
    path("items/", items.item_list, name="item_list"),
    path("items/<int:pk>/", items.item_detail, name="item_detail"),
    path("balances/", reports.balance_report, name="balance_report"),
    path("balances/export.xlsx", exports.export_balances, name="export_balances"),
    path("expiry/", reports.expiry_report, name="expiry_report"),
    path("expiry/export.xlsx", exports.export_expiry, name="export_expiry"),
    path("receive/", stock.receive_stock, name="receive"),
    path("issue/", stock.issue_stock, name="issue"),
    path("requisitions/", requisitions.requisition_list, name="requisition_list"),
    path("requisitions/new/", requisitions.requisition_new, name="requisition_new"),
    path("requisitions/<int:pk>/", requisitions.requisition_detail, name="requisition_detail"),
    path("requisitions/<int:pk>/fulfil/", requisitions.requisition_fulfil, name="requisition_fulfil"),
    path("requisitions/<int:pk>/confirm/", requisitions.requisition_confirm, name="requisition_confirm"),
]
