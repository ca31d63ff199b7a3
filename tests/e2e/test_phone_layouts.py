"""On a 390 px phone the key columns and inputs of "My reports" and the weekly check-in
are on screen without sideways scrolling; the report form's controls are big enough to
tap; the NCC MERP list offers the letters of the chosen event type; the dashboard's
picker applies as soon as a department is chosen."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from hospital.roles import Role
from okr.models import KeyResultKind, ObjectiveLevel
from tests.e2e.conftest import PHONE, log_in
from tests.okr.factories import CycleFactory, KeyResultFactory, ObjectiveFactory
from tests.quality.factories import AdverseEventFactory


@pytest.fixture
def roles(transactional_db):
    for role in Role:
        Group.objects.get_or_create(name=role.value)


def no_sideways_scrolling(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def on_screen(locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


@pytest.mark.django_db(transaction=True)
def test_my_reports_fit_a_phone(roles, hospital, live_server, phone_page):
    nurse = hospital.nurse_cardiology
    for i in range(3):
        AdverseEventFactory(reporter=nurse, department=hospital.cardiology, category="medication", location=f"Bed {i}")
    log_in(phone_page, live_server, nurse.username)
    phone_page.goto(f"{live_server.url}/quality/mine/")
    rows = phone_page.locator("#event-table tbody tr")
    expect(rows).to_have_count(3)
    assert no_sideways_scrolling(phone_page)
    for index in range(3):
        row = rows.nth(index)
        for label in ("Reference", "Date", "Category", "Status"):
            cell = row.locator(f"td[data-label='{label}']")
            expect(cell).to_be_visible()
            assert on_screen(cell), label


@pytest.mark.django_db(transaction=True)
def test_the_weekly_check_in_fits_a_phone(roles, hospital, live_server, phone_page):
    today = timezone.localdate()
    cycle = CycleFactory(name="This year", start=dt.date(today.year, 1, 1), end=dt.date(today.year, 12, 31))
    objective = ObjectiveFactory(
        cycle=cycle, level=ObjectiveLevel.DEPARTMENT, department=hospital.cardiology, title="Fewer deaths"
    )
    krs = [
        KeyResultFactory(objective=objective, title="Cardiovascular mortality 5% → 3%", kind=KeyResultKind.DECREASE),
        KeyResultFactory(objective=objective, title="Door-to-balloon within 90 minutes, share of patients"),
    ]
    log_in(phone_page, live_server, hospital.head_cardiology.username)
    phone_page.goto(f"{live_server.url}/okr/my-department/")
    expect(phone_page.locator("#check-in-table tbody tr")).to_have_count(2)
    assert no_sideways_scrolling(phone_page)
    for kr in krs:
        for name in (f"value-{kr.pk}", f"confidence-{kr.pk}", f"comment-{kr.pk}"):
            field = phone_page.locator(f"[name='{name}']")
            expect(field).to_be_visible()
            assert on_screen(field), name
        assert on_screen(phone_page.locator(f"tr[data-key-result='{kr.pk}'] .kr-progress"))
    phone_page.fill(f"[name='value-{krs[0].pk}']", "4")
    phone_page.click("#save-check-ins")
    expect(phone_page.locator("#check-in-saved")).to_contain_text("1 check-in saved.")


@pytest.mark.django_db(transaction=True)
def test_the_report_form_is_easy_to_tap_and_offers_matching_merp_letters(roles, hospital, live_server, phone_page):
    log_in(phone_page, live_server, hospital.nurse_cardiology.username)
    phone_page.goto(f"{live_server.url}/quality/report/")
    assert no_sideways_scrolling(phone_page)
    phone_page.check("input[name=event_type][value=near_miss]")
    phone_page.select_option("#id_category", "medication")
    merp = phone_page.locator("#id_medication_category")
    expect(merp).to_be_visible()
    expect(merp.locator("option[value=B]")).to_be_enabled()
    expect(merp.locator("option[value=D]")).to_be_disabled()
    phone_page.select_option("#id_medication_category", "B")
    phone_page.check("input[name=event_type][value=incident]")  # B no longer fits: cleared
    expect(merp).to_have_value("")
    expect(merp.locator("option[value=D]")).to_be_enabled()
    # a radio button or a switch is tapped through its whole labelled row (.form-check)
    controls = phone_page.locator(
        "#report-form :is(input:not([type=hidden]):not([type=radio]):not([type=checkbox]), select, textarea, button,"
        " .form-check)"
    )
    heights = [
        box["height"]
        for i in range(controls.count())
        if controls.nth(i).is_visible() and (box := controls.nth(i).bounding_box())
    ]
    assert heights and min(heights) >= 44
    expect(phone_page.locator("[data-field=description] .required-mark")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_the_dashboard_picker_applies_on_change(roles, hospital, live_server, page):
    log_in(page, live_server, hospital.head_medicine.username)
    page.goto(f"{live_server.url}/")
    expect(page.locator("#dashboard-heading")).to_have_text("Internal Medicine")
    page.select_option("#id_department", str(hospital.respiratory.pk))
    expect(page.locator("#dashboard-heading")).to_have_text("Respiratory")
    assert f"department={hospital.respiratory.pk}" in page.url
