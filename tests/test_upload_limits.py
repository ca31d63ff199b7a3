"""Every upload path is capped: found by walking the URL configuration, so a new one cannot escape."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from hospital import imports
from tests.quality.factories import make_survey

pytestmark = pytest.mark.django_db

# The imports, page and API, with the extra form fields each needs (a survey's id is added in the test).
IMPORTS = [
    "/census/import/",
    "/api/v1/census/import/",
    "/quality/satisfaction/import/",
    "/api/v1/quality/survey-responses/import/",
    "/performance/import/",
    "/api/v1/performance/cost-entries/import/",
    "/api/v1/performance/revenue-entries/import/",
    "/api/v1/performance/budgets/import/",
    "/api/v1/performance/driver-values/import/",
]


def parameterless_paths(patterns=None, prefix=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(entry.pattern).removeprefix("^").removesuffix("$")
        if any(mark in route for mark in "<(\\[*?+"):
            continue
        if isinstance(entry, URLResolver):
            yield from parameterless_paths(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern) and not route.startswith("admin"):
            yield "/" + prefix + route


def test_every_address_refuses_an_oversized_body_before_reading_it(hospital, client_for, settings):
    settings.MAX_REQUEST_BYTES = 1024
    client = client_for(hospital.admin)
    paths = sorted(set(parameterless_paths()))
    assert set(IMPORTS) <= set(paths)
    big = SimpleUploadedFile("big.csv", b"x" * 4096)
    for path in paths:
        assert client.post(path, {"file": big}).status_code == 413, path
        big.seek(0)


@pytest.mark.parametrize("path", IMPORTS)
def test_each_import_refuses_a_file_over_its_own_cap_with_a_message(hospital, client_for, monkeypatch, path):
    monkeypatch.setattr(imports, "MAX_UPLOAD_BYTES", 64)
    upload = SimpleUploadedFile("data.csv", b"department,date\n" + b"CARD,2026-11-01\n" * 20)
    user = hospital.quality_manager if "survey" in path or "satisfaction" in path else hospital.admin
    response = client_for(user).post(path, {"file": upload, "survey": make_survey().pk, "kind": "costs"})
    assert response.status_code in (200, 400)
    assert "split it" in response.content.decode()
