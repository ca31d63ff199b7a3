from django.urls import path, re_path

from quality.views import dashboards, events, exports, satisfaction, surveillance

app_name = "quality"

urlpatterns = [
    path("", events.index, name="index"),
    path("report/", events.report_event, name="report_event"),
    re_path(r"^report/thanks/(?P<reference>AE-\d{4}-\d{6,})/$", events.report_thanks, name="report_thanks"),
    path("mine/", events.my_reports, name="my_reports"),
    path("events/", events.event_list, name="event_list"),
    path("triage/", events.triage_queue, name="triage_queue"),
    path("events/<int:pk>/", events.event_detail, name="event_detail"),
    path("events/<int:pk>/<slug:step>/", events.event_step, name="event_step"),
    path("investigations/", events.investigation_list, name="investigation_list"),
    path("actions/", events.action_list, name="action_list"),
    path("actions/<int:pk>/", events.action_update, name="action_update"),
    path("dashboard/", dashboards.dashboard, name="dashboard"),
    path("infections/", surveillance.infection_dashboard, name="infection_dashboard"),
    path("infections/device-days/", surveillance.device_days_save, name="device_days_save"),
    path("infections/cases/", surveillance.infection_case_save, name="infection_case_save"),
    path("infections/thresholds/", surveillance.infection_threshold_save, name="infection_threshold_save"),
    path("satisfaction/", satisfaction.satisfaction_dashboard, name="satisfaction_dashboard"),
    path("satisfaction/import/", satisfaction.survey_import, name="survey_import"),
    path("satisfaction/new/", satisfaction.survey_response_new, name="survey_response_new"),
    path("export.xlsx", exports.export_events, name="export_events"),
]
