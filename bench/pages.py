"""The pages and API lists the load harness (bench/load.py) drives.

One line per page: (name, url, role). `role` is the demo log-in of that role
(hospital.demo.DEMO_USERS: "admin", "quality", "head_cardiology", "nurse_icu", …).
A url may name objects in braces ("/quality/events/{event}/"): they are filled
from the `params()` of the app's module here, read from the benchmark database.

The core's pages are below; each app adds its own in `bench/<app>.py` as a
`PAGES` list (and, if its urls name objects, a `params()` function). A new app
adds its pages with one line each there: nothing else changes.
"""

# The floor: a trivial page through the full middleware stack (session, user,
# language, CSP, …), measured in the same run; every page's p50 at one client is
# reported as a multiple of it.
FLOOR = ("floor: notification bell (nurse)", "/notifications/bell/", "nurse_icu")

PAGES = [
    ("dashboard, whole hospital (admin)", "/", "admin"),
    ("dashboard, Cardiology (head)", "/?department={cardiology}", "head_cardiology"),
    ("landing page (nurse)", "/", "nurse_icu"),
    ("notifications (admin)", "/notifications/", "admin"),
    ("department list (admin)", "/departments/", "admin"),
    ("user list (admin)", "/users/", "admin"),
    ("user list, page 100 (admin)", "/users/?page=100", "admin"),
    ("census list (admin)", "/census/", "admin"),
    ("API me (nurse)", "/api/v1/me/", "nurse_icu"),
    ("API departments (admin)", "/api/v1/departments/", "admin"),
    ("API users, page 100 (admin)", "/api/v1/users/?page=100", "admin"),
    ("API notifications (admin)", "/api/v1/notifications/", "admin"),
    ("API census (head)", "/api/v1/census/", "head_cardiology"),
]


def params() -> dict:
    from hospital.models import Department

    return {"cardiology": Department.objects.get(code="CARD").pk}
