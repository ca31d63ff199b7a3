"""A NUL character in any list's filters, or a JSON body nested thousands deep, is a 400, never a 500."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

FILTERS = ("q", "search", "reference", "department", "status", "kind", "owner", "month", "page", "ordering")


def parameterless_get_paths(patterns=None, prefix=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(entry.pattern).removeprefix("^").removesuffix("$")  # the API router's regexes
        if any(mark in route for mark in "<(\\[*?+"):
            continue  # a pattern with parameters
        if isinstance(entry, URLResolver):
            yield from parameterless_get_paths(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern) and not route.startswith("admin"):
            yield "/" + prefix + route


def test_every_page_and_api_list_refuses_nul_in_its_filters(hospital, client_for):
    client = client_for(hospital.admin)
    paths = sorted(set(parameterless_get_paths()))
    assert "/quality/events/" in paths and "/api/v1/users/" in paths
    query = "&".join(f"{name}=a%00b" for name in FILTERS)
    for path in paths:
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400, path


def test_deeply_nested_json_is_a_400(hospital, api_for):
    body = "[" * 5000 + "]" * 5000
    response = api_for(hospital.admin).generic("POST", "/api/v1/census/", body, content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


def test_nul_in_a_json_body_is_a_400(hospital, api_for):
    body = '{"department": 1, "date": "2026-11-01", "inpatients": 1, "x": "a\\u0000b"}'
    response = api_for(hospital.admin).generic("POST", "/api/v1/census/", body, content_type="application/json")
    assert response.status_code == 400
