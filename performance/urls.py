from django.urls import path

from performance.views import allocation, cockpit, entry_forms, exports, imports, reports

app_name = "performance"

urlpatterns = [
    path("", reports.costs, name="costs"),
    path("costs.xlsx", exports.costs_xlsx, name="costs_xlsx"),
    path("costs.csv", exports.costs_csv, name="costs_csv"),
    path("budget/", reports.budget, name="budget"),
    path("budget.xlsx", exports.budget_xlsx, name="budget_xlsx"),
    path("budget.csv", exports.budget_csv, name="budget_csv"),
    path("entries/", reports.entries, name="entries"),
    path("kpis/", reports.kpis, name="kpis"),
    path("scorecard/", reports.scorecard, name="scorecard"),
    path("allocation/", allocation.allocation, name="allocation"),
    path("allocation/run/", allocation.run_allocation, name="run_allocation"),
    path("allocation/collect/", allocation.collect, name="collect"),
    path("allocation/<int:pk>/", allocation.run_detail, name="run_detail"),
    path("allocation/<int:pk>/close/", allocation.close_month, name="close_month"),
    path("import/", imports.import_file, name="import"),
    path("cockpit/", cockpit.cockpit_index, name="cockpit_index"),
    path("cockpit/<int:pk>/", cockpit.cockpit, name="cockpit"),
    path("entries/cost/new/", entry_forms.new_cost_entry, name="new_cost_entry"),
    path("entries/revenue/new/", entry_forms.new_revenue_entry, name="new_revenue_entry"),
    path("scorecard.xlsx", exports.scorecard_xlsx, name="scorecard_xlsx"),
    path("scorecard.csv", exports.scorecard_csv, name="scorecard_csv"),
]
