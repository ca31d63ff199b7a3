"""Every page and API endpoint of every app refuses anonymous visitors.

Walks the URL configuration, so a page added later by any app is covered
without anyone remembering to add it here.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

PUBLIC_PREFIXES = (
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/password_reset/",
    "/accounts/reset/",
    "/i18n/",
    "/admin/",  # Django admin: its own log-in page
    "/static/",
    "/favicon.ico",  # a redirect to the static icon, for browsers on pages without <link rel="icon">
)


REGEX_GROUP = re.compile(r"\(\?P<\w+>[^)]*\)")


def as_route(pattern) -> str | None:
    """A pattern as a plain route; None for DRF's format-suffix variants."""
    text = str(pattern)
    if "format" in text:
        return None
    return REGEX_GROUP.sub("1", text.replace("^", "").replace("$", ""))


def walk(patterns, prefix=""):
    for entry in patterns:
        part = as_route(entry.pattern)
        if part is None:
            continue
        route = prefix + part
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def concrete_paths():
    """Paths without parameters; parameterised ones get 1 as every argument."""
    paths = set()
    for route in walk(get_resolver().url_patterns):
        path = "/" + route
        while "<" in path:
            start, end = path.index("<"), path.index(">")
            path = path[:start] + "1" + path[end + 1 :]
        if not path.startswith(PUBLIC_PREFIXES):
            paths.add(path)
    return sorted(paths)


def test_the_walk_finds_the_core_pages():
    paths = concrete_paths()
    assert "/departments/" in paths and "/api/v1/departments/" in paths and "/" in paths


@pytest.mark.parametrize("path", concrete_paths())
def test_anonymous_get_is_redirected_or_refused(client, path):
    response = client.get(path)
    if response.status_code == 302:
        assert "/accounts/login/" in response.url, (path, response.url)
    else:
        assert response.status_code in (401, 403, 404, 405), (path, response.status_code)
