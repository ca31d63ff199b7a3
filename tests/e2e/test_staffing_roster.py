"""A scheduler builds a four-week ICU roster with the solver, changes a cell so that a rule
breaks (it is flagged at once and publishing is blocked), fixes the flagged cell, publishes,
and a nurse then sees her shifts on a phone."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from hospital.roles import Role
from staffing import services
from staffing.models import Assignment, CoverageRule, Roster, WorkRules
from tests.e2e.conftest import log_in
from tests.staffing.pages.builders import add_nurses, add_profiles, make_shift_types

SLOW = 90_000  # ms: the solver runs inside the request in tests (tasks run at once)


@pytest.fixture
def roles(transactional_db):
    for role in Role:
        Group.objects.get_or_create(name=role.value)


def no_sideways_scrolling(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.django_db(transaction=True)
def test_generate_fix_publish_and_see_on_a_phone(roles, hospital, live_server, page, phone_page, settings):
    settings.STAFFING_SOLVER_TIME_LIMIT = 5
    settings.STAFFING_SOLVER_WORKERS = 1
    WorkRules.objects.get_or_create(department=None)
    types = make_shift_types()
    add_profiles(hospital.nurse_icu)
    add_nurses(hospital.icu, 11, "icu")
    for weekday in range(7):
        for code in "APN":
            CoverageRule.objects.create(department=hospital.icu, weekday=weekday, shift_type=types[code], minimum=2)
    today = timezone.localdate()
    monday = today + dt.timedelta(days=7 - today.weekday())

    # The scheduler creates the roster and generates it.
    log_in(page, live_server, hospital.scheduler.username)
    page.goto(f"{live_server.url}/staffing/")
    page.click("#new-roster summary")
    page.select_option("#id_department", str(hospital.icu.pk))
    page.fill("#id_first_day", monday.isoformat())
    page.fill("#id_length_days", "28")
    page.click("#create-roster")
    page.fill("#id_time_limit", "5")
    page.click("#start-generation")
    expect(page.locator("#generation")).to_have_attribute("data-state", "done", timeout=SLOW)
    expect(page.locator("#penalty-by-rule")).to_be_visible()
    roster = Roster.objects.get(department=hospital.icu)
    assert roster.assignments.count() > 0
    page.click("#open-grid")

    # A change that leaves too little rest (P until midnight, then A at 08:00) is flagged.
    nurse = hospital.nurse_icu
    row = page.locator(f"#roster-grid tr[data-person='{nurse.pk}']")
    days = [monday + dt.timedelta(days=i) for i in range(3)]

    def set_cell(day, shift_type):
        cell = row.locator(f"td[data-date='{day.isoformat()}']")
        cell.locator("a.cell-link").click()
        cell.locator("select[name=shift_type]").select_option(str(shift_type.pk) if shift_type else "")
        with page.expect_response(lambda r: "/cell/" in r.url and r.request.method == "POST") as answer:
            cell.locator("button.cell-save").click()
        assert answer.value.status == 200

    page.evaluate("window.notReloaded = true")
    set_cell(days[2], None)
    expect(row.locator(f"td[data-date='{days[2].isoformat()}'] a.cell-link")).to_have_text("·")
    set_cell(days[0], types["P"])
    expect(row.locator(f"td[data-date='{days[0].isoformat()}']")).to_have_attribute("data-shift", "P")
    set_cell(days[1], types["A"])
    flagged = row.locator("td.cell-hard")
    expect(flagged.first).to_be_visible()
    expect(page.locator("#publish")).to_be_disabled()
    expect(page.locator("#violations")).to_contain_text("rest")
    assert page.evaluate("window.notReloaded") is True  # every edit came back without a reload

    # Fixing the flagged cell (a day off) lifts the block; the roster is published.
    flagged_day = dt.date.fromisoformat(flagged.first.get_attribute("data-date"))
    set_cell(flagged_day, None)
    expect(row.locator("td.cell-hard")).to_have_count(0)
    expect(page.locator("#publish")).to_be_enabled()
    page.click("#publish")
    expect(page.locator("#roster-status")).to_have_text("Published")
    roster.refresh_from_db()
    assert roster.status == "published"

    # The nurse sees her shifts on her phone, without sideways scrolling.
    shifts = list(Assignment.objects.filter(roster=roster, person=nurse).order_by("date"))
    assert shifts
    log_in(phone_page, live_server, nurse.username)
    phone_page.goto(f"{live_server.url}/staffing/mine/")
    items = phone_page.locator("#my-shifts li[data-date]")
    expect(items).to_have_count(len(shifts))
    expect(items.first).to_contain_text(shifts[0].shift_type.code)
    assert items.first.get_attribute("data-date") == shifts[0].date.isoformat()
    expect(phone_page.locator("#feed-url")).to_be_visible()
    assert no_sideways_scrolling(phone_page)

    # The ward's grid on the phone: the page stays put, the grid scrolls within itself.
    phone_page.goto(f"{live_server.url}/staffing/rosters/{roster.pk}/")
    expect(phone_page.locator(f"#roster-grid tr[data-person='{nurse.pk}'] td[data-shift]")).to_have_count(len(shifts))
    expect(phone_page.locator("#roster-grid a.cell-link")).to_have_count(0)  # published: read only
    assert no_sideways_scrolling(phone_page)


@pytest.mark.django_db(transaction=True)
def test_the_generation_page_follows_the_solver_without_a_reload(roles, hospital, live_server, page):
    WorkRules.objects.get_or_create(department=None)
    nurse = add_nurses(hospital.icu, 1, "icu")[0]
    roster = Roster.objects.create(
        department=hospital.icu,
        first_day=timezone.localdate(),
        generation_state="running",
        generation_started_at=timezone.now(),
    )
    cache.set(services.progress_key(roster), {"best_penalty": 340})  # as the running task writes it

    log_in(page, live_server, hospital.scheduler.username)
    page.goto(f"{live_server.url}/staffing/rosters/{roster.pk}/generate/")
    expect(page.locator("#generation-penalty")).to_have_text("340")
    page.evaluate("window.notReloaded = true")
    cache.set(services.progress_key(roster), {"best_penalty": 120})
    expect(page.locator("#generation-penalty")).to_have_text("120")

    Roster.objects.filter(pk=roster.pk).update(
        generation_state="done",
        elapsed_seconds=30.0,
        best_penalty=95,
        penalty_by_rule={"night_fairness": 60, "cover_under_preferred": 35},
        penalty_by_person={str(nurse.pk): 60},
    )
    expect(page.locator("#generation")).to_have_attribute("data-state", "done")
    expect(page.locator("#penalty-by-rule")).to_contain_text("Uneven spread of nights")
    expect(page.locator("#penalty-by-person")).to_contain_text(str(nurse))
    assert page.evaluate("window.notReloaded") is True
