from django.urls import path

from staffing.views import exports, generation, mine, requests, rosters, setup

app_name = "staffing"

urlpatterns = [
    path("", rosters.roster_list, name="roster_list"),
    path("rosters/new/", rosters.roster_create, name="roster_create"),
    path("rosters/<int:pk>/", rosters.roster_detail, name="roster_detail"),
    path("rosters/<int:pk>/cell/<int:person>/<str:day>/", rosters.roster_cell, name="roster_cell"),
    path("rosters/<int:pk>/publish/", rosters.roster_publish, name="roster_publish"),
    path("rosters/<int:pk>/generate/", generation.generate, name="generate"),
    path("rosters/<int:pk>/generate/status/", generation.generation_status, name="generation_status"),
    path("rosters/<int:pk>/coverage/", rosters.roster_coverage, name="roster_coverage"),
    path("rosters/<int:pk>/hours/", rosters.roster_hours, name="roster_hours"),
    path("rosters/<int:pk>/roster.xlsx", exports.export_roster, name="export_roster"),
    path("rosters/<int:pk>/hours.xlsx", exports.export_hours, name="export_hours"),
    path("mine/", mine.my_roster, name="my_roster"),
    path("mine/calendar-link/", mine.rotate_token, name="rotate_token"),
    path("calendar/<str:token>.ics", mine.calendar_feed, name="calendar_feed"),
    path("leave/", requests.leave, name="leave_list"),
    path("leave/<int:pk>/<slug:decision>/", requests.leave_decide, name="leave_decide"),
    path("shift-requests/", requests.shift_requests, name="shift_requests"),
    path("shift-requests/<int:pk>/withdraw/", requests.shift_request_withdraw, name="shift_request_withdraw"),
    path("swaps/", requests.swaps, name="swap_list"),
    path("swaps/<int:pk>/<slug:decision>/", requests.swap_decide, name="swap_decide"),
    path("certifications/", requests.certifications, name="certification_list"),
    path("rosters/<int:pk>/archive/", rosters.roster_archive, name="roster_archive"),
    path("setup/", setup.setup, name="setup"),
    path("setup/shift-types/new/", setup.shift_type_edit, name="shift_type_new"),
    path("setup/shift-types/<int:pk>/", setup.shift_type_edit, name="shift_type_edit"),
    path("setup/departments/<int:department>/coverage/", setup.coverage_rules, name="coverage_rules"),
    path("setup/coverage/<int:pk>/", setup.coverage_rule_edit, name="coverage_rule_edit"),
    path("setup/coverage/<int:pk>/delete/", setup.coverage_rule_delete, name="coverage_rule_delete"),
    path("setup/departments/<int:department>/work-rules/", setup.work_rules, name="work_rules"),
    path("setup/work-rules/", setup.work_rules, name="default_work_rules"),
    path("setup/staff/", setup.staff_list, name="staff_list"),
    path("setup/staff/<int:pk>/", setup.staff_profile, name="staff_profile"),
    path("setup/staff/<int:pk>/certifications/", setup.certification_add, name="certification_add"),
    path("setup/certifications/<int:pk>/delete/", setup.certification_delete, name="certification_delete"),
]
