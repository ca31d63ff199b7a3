"""In a real browser with the Content-Security-Policy on: the dashboard, the report form,
an htmx page and the API documentation work and the browser refuses nothing."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from hospital.roles import Role
from okr.models import ObjectiveLevel
from tests.e2e.conftest import log_in
from tests.okr.factories import CycleFactory, KeyResultFactory, ObjectiveFactory

# Every refusal the page sees is collected, whatever printed it (Chromium also logs
# "Refused to ..." on the console, collected below).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.fixture
def roles(transactional_db):
    for role in Role:
        Group.objects.get_or_create(name=role.value)


def watch(page) -> list[str]:
    console = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda message: console.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.on("pageerror", lambda error: console.append(f"page error: {error}"))
    return console


def assert_nothing_refused(page, console):
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__cspViolations") == []
    assert console == []


@pytest.mark.django_db(transaction=True)
def test_pages_and_htmx_run_under_the_policy(roles, hospital, live_server, page):
    today = timezone.localdate()
    cycle = CycleFactory(name="This year", start=dt.date(today.year, 1, 1), end=dt.date(today.year, 12, 31))
    objective = ObjectiveFactory(
        cycle=cycle, level=ObjectiveLevel.DEPARTMENT, department=hospital.cardiology, title="Fewer falls"
    )
    key_result = KeyResultFactory(objective=objective, title="Falls per 1,000 patient-days", baseline=60, target=90)
    console = watch(page)
    log_in(page, live_server, hospital.head_cardiology.username)

    response = page.goto(f"{live_server.url}/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator("h1").first).to_be_visible()
    assert_nothing_refused(page, console)

    page.goto(f"{live_server.url}/quality/report/")
    expect(page.locator("#id_medication_category")).to_be_hidden()  # report.js ran
    page.select_option("#id_category", "medication")
    expect(page.locator("#id_medication_category")).to_be_visible()
    assert_nothing_refused(page, console)

    page.goto(f"{live_server.url}/okr/my-department/")
    page.fill(f"input[name='value-{key_result.pk}']", "75")
    page.click("#save-check-ins")
    expect(page.locator("#check-in-saved")).to_contain_text("1 check-in saved.")  # swapped in by htmx
    expect(page.locator(f"tr[data-key-result='{key_result.pk}'] .kr-progress")).to_have_text("50%")
    assert_nothing_refused(page, console)

    page.select_option("#language-select", "zh-hans")  # data-auto-submit, from static/js/app.js
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    assert_nothing_refused(page, console)


@pytest.mark.django_db(transaction=True)
def test_api_documentation_works_under_its_own_policy(roles, hospital, live_server, page):
    console = watch(page)
    log_in(page, live_server, hospital.admin.username)
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Hospital Operations API")
    expect(page.locator(".opblock-tag").first).to_be_visible()
    assert_nothing_refused(page, console)
