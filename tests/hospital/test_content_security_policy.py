"""Content-Security-Policy: every page runs only the project's own scripts and styles.

The header is on every page; no template of the project carries an inline script,
an inline style or an on*="" handler (the policy would refuse them in the browser:
tests/e2e/test_content_security_policy.py watches for refusals).
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.checks.registry import registry
from django.urls import reverse

from hospital.checks import check_production_security

pytestmark = pytest.mark.django_db

PROJECT_TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates"] + [
    Path(settings.BASE_DIR) / app / "templates" for app in settings.PROJECT_APPS
]
INLINE = {
    "inline <script> (no src)": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
    "<style> element": re.compile(r"<style[\s>]", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "on* handler": re.compile(r"\son[a-z]+\s*=", re.I),
    "hx-on (needs eval)": re.compile(r"\shx-on", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def project_templates():
    return sorted(path for folder in PROJECT_TEMPLATE_DIRS if folder.is_dir() for path in folder.rglob("*.html"))


def test_templates_are_found():
    names = {path.name for path in project_templates()}
    assert {"base.html", "_language_switcher.html", "report_form.html", "_progress.html"} <= names


@pytest.mark.parametrize("template", project_templates(), ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_no_template_carries_inline_script_style_or_handler(template):
    text = template.read_text()
    found = [what for what, pattern in INLINE.items() if pattern.search(text)]
    assert not found, f"{template}: {found}"


@pytest.mark.parametrize("pattern", INLINE.values(), ids=list(INLINE))
def test_the_checks_would_catch_an_inline_construct(pattern):
    bad = {
        "<script>": '<script>alert(1)</script>',
        "<style": "<style>p{}</style>",
        "\\sstyle": '<div style="width:5%">',
        "\\son": '<select onchange="this.form.submit()">',
        "\\shx-on": '<button hx-on:click="x()">',
        "javascript": '<a href="javascript:void(0)">',
    }
    assert any(pattern.search(sample) for sample in bad.values())
    assert not pattern.search('<script src="/static/js/app.js" defer></script><select data-auto-submit>')


@pytest.mark.parametrize("name", ["dashboard", "notification_list", "department_list", "census_list"])
def test_pages_carry_a_strict_policy(hospital, client_for, name):
    response = client_for(hospital.admin).get(reverse(name))
    assert response.status_code == 200
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]


def test_the_log_in_page_and_the_api_carry_it_too(client):
    assert "script-src 'self'" in client.get(reverse("login"))["Content-Security-Policy"]
    assert "default-src 'self'" in client.get("/api/v1/me/")["Content-Security-Policy"]


def test_htmx_is_told_not_to_inject_its_indicator_style(hospital, client_for):
    page = client_for(hospital.nurse_icu).get(reverse("dashboard")).content.decode()
    assert '"includeIndicatorStyles":false' in page
    assert "js/app.js" in page


def test_api_docs_relax_styles_only_and_load_their_script_from_the_site(hospital, client_for):
    client = client_for(hospital.admin)
    response = client.get("/api/docs/")
    page = response.content.decode()
    directives = policy(response)
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" in directives["style-src"]
    assert not INLINE["inline <script> (no src)"].search(page)
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()


def test_the_language_cookie_is_secure_in_production():
    source = (Path(settings.BASE_DIR) / "hospital" / "settings.py").read_text()
    production = source.split("if not DEBUG:")[-1]
    assert "LANGUAGE_COOKIE_SECURE = True" in production


def run_deploy_checks():
    return {message.id for message in check_production_security()}


def test_deploy_check_passes_with_the_production_settings(settings):
    settings.LANGUAGE_COOKIE_SECURE = True
    settings.EMAIL_LEAVES_SERVER = True
    assert run_deploy_checks() == set()


def test_deploy_check_flags_an_insecure_language_cookie_and_a_weak_policy(settings):
    settings.LANGUAGE_COOKIE_SECURE = False
    settings.EMAIL_LEAVES_SERVER = False
    policy_with_inline = {"DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]}}
    policy_with_inline["DIRECTIVES"]["script-src"] = ["'self'", "'unsafe-inline'"]
    settings.CONTENT_SECURITY_POLICY = policy_with_inline
    assert run_deploy_checks() == {"hospital.E001", "hospital.E003", "hospital.W001"}
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "csp.middleware.CSPMiddleware"]
    assert "hospital.E002" in run_deploy_checks()


def test_deploy_check_is_registered_for_check_deploy():
    assert check_production_security in registry.get_checks(include_deployment_checks=True)
