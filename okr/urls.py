from django.urls import path

from okr import review_views, views

app_name = "okr"

urlpatterns = [
    path("", views.cascade, name="cascade"),
    path("my-department/", views.my_department, name="my_department"),
    path("objectives/new/", views.objective_form, name="objective_create"),
    path("objectives/<int:pk>/", views.objective_detail, name="objective_detail"),
    path("objectives/<int:pk>/edit/", views.objective_form, name="objective_edit"),
    path("objectives/<int:objective_pk>/key-results/new/", views.key_result_form, name="key_result_create"),
    path("key-results/<int:pk>/edit/", views.key_result_form, name="key_result_edit"),
    path("key-results/<int:pk>/target/", views.change_target, name="change_target"),
    path("key-results/<int:pk>/check-in/", views.check_in, name="check_in"),
    path("cycles/new/", views.cycle_form, name="cycle_create"),
    path("cycles/<int:pk>/edit/", views.cycle_form, name="cycle_edit"),
    path("reviews/monthly/", review_views.monthly_review, name="monthly_review"),
    path("reviews/cycles/<int:pk>/", review_views.quarterly_review, name="quarterly_review"),
    path("reviews/cycles/<int:pk>/export.xlsx", review_views.quarterly_export, name="quarterly_export"),
]
