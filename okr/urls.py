from django.urls import path

from okr.views import cascade, check_ins, objectives, planning, reviews

app_name = "okr"

urlpatterns = [
    path("", cascade.cascade, name="cascade"),
    path("my-department/", check_ins.my_department, name="my_department"),
    path("objectives/new/", planning.ObjectiveCreateView.as_view(), name="objective_create"),
    path("objectives/<int:pk>/", objectives.objective_detail, name="objective_detail"),
    path("objectives/<int:pk>/edit/", planning.ObjectiveUpdateView.as_view(), name="objective_edit"),
    path(
        "objectives/<int:objective_pk>/key-results/new/",
        planning.KeyResultCreateView.as_view(),
        name="key_result_create",
    ),
    path("key-results/<int:pk>/edit/", planning.KeyResultUpdateView.as_view(), name="key_result_edit"),
    path("key-results/<int:pk>/target/", planning.TargetChangeView.as_view(), name="change_target"),
    path("key-results/<int:pk>/check-in/", objectives.check_in, name="check_in"),
    path("cycles/new/", planning.CycleCreateView.as_view(), name="cycle_create"),
    path("cycles/<int:pk>/edit/", planning.CycleUpdateView.as_view(), name="cycle_edit"),
    path("reviews/monthly/", reviews.monthly_review, name="monthly_review"),
    path("reviews/cycles/<int:pk>/", reviews.quarterly_review, name="quarterly_review"),
    path("reviews/cycles/<int:pk>/export.xlsx", reviews.quarterly_export, name="quarterly_export"),
]
