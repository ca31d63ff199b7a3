from django.urls import path

from staffing.views import exports, generation, mine, requests, rosters

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
]
