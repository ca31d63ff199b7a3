"""URLs: the core's pages, each app's pages under /<app>/ and API under /api/v1/<app>/.

Apps are found by name (settings.PROJECT_APPS): an app with a `urls` module
gets /<app>/, one with an `api` module defining `urlpatterns` gets
/api/v1/<app>/. The core imports no app.
"""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView

from hospital import api
from hospital.views import accounts, census, dashboard, departments, errors, exports, notifications, users
from hospital.views.api_docs import api_docs


def _app_urls(module_name: str):
    return [] if find_spec(module_name) is None else [module_name]


api_v1 = [path("", include(api.urlpatterns))]
app_pages = []
for app_label in settings.PROJECT_APPS:
    if app_label == "hospital":
        continue
    for module_name in _app_urls(f"{app_label}.urls"):
        app_pages.append(path(f"{app_label}/", include(module_name)))
    for module_name in _app_urls(f"{app_label}.api"):
        if hasattr(import_module(module_name), "urlpatterns"):
            api_v1.append(path(f"{app_label}/", include(module_name)))


class FaviconView(RedirectView):
    """/favicon.ico, which browsers ask for on pages without a <link rel="icon"> (the admin, the API)."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.svg")


handler500 = errors.server_error

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("favicon.ico", FaviconView.as_view()),
    path("accounts/login/", accounts.HospitalLoginView.as_view(), name="login"),
    *(
        []
        if settings.PASSWORD_RESET_ENABLED
        else [
            re_path(r"^accounts/reset/", accounts.password_reset_unavailable),
            re_path(r"^accounts/password_reset/", accounts.password_reset_unavailable),
        ]
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/setlang/", accounts.switch_language, name="set_language"),
    path("notifications/", notifications.notification_list, name="notification_list"),
    path("notifications/read/", notifications.notification_mark_read, name="notification_mark_read"),
    path("notifications/<int:pk>/open/", notifications.notification_open, name="notification_open"),
    path("notifications/bell/", notifications.notification_bell, name="notification_bell"),
    path("exports/<uuid:token>/", exports.export_download, name="export_download"),
    path("departments/", departments.DepartmentListView.as_view(), name="department_list"),
    path("departments/new/", departments.DepartmentCreateView.as_view(), name="department_create"),
    path("departments/<int:pk>/", departments.DepartmentUpdateView.as_view(), name="department_edit"),
    path("departments/<int:pk>/deactivate/", departments.department_deactivate, name="department_deactivate"),
    path("users/", users.UserListView.as_view(), name="user_list"),
    path("users/new/", users.UserCreateView.as_view(), name="user_create"),
    path("users/<int:pk>/", users.UserUpdateView.as_view(), name="user_edit"),
    path("users/<int:pk>/deactivate/", users.user_deactivate, name="user_deactivate"),
    path("census/", census.CensusListView.as_view(), name="census_list"),
    path("census/import/", census.census_import, name="census_import"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", api_docs, name="api_docs"),
    *app_pages,
]
