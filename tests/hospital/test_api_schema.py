"""The OpenAPI schema and its interactive docs, served without a CDN."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_schema_is_generated_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    schema = (tmp_path / "schema.yml").read_text()
    assert "/api/v1/departments/" in schema and "/api/v1/me/" in schema


def test_docs_load_their_assets_locally(hospital, client_for):
    page = client_for(hospital.admin).get("/api/docs/").content.decode()
    assert "swagger-ui" in page
    assert "cdn" not in page.lower() and "https://" not in page


def test_schema_and_docs_need_a_log_in(client):
    assert client.get("/api/schema/").status_code in (401, 403)
    assert client.get("/api/docs/").status_code in (302, 401, 403)
