"""A department head opens their cockpit on a phone (390 px): no sideways scrolling, the
sections one below the other, each section seen with its cards or its short list, and a
short list's link opens the app's page."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from hospital.roles import Role
from tests.e2e.conftest import PHONE, log_in
from tests.performance.cockpit_data import fill

SECTIONS = ("okr", "performance", "hospital", "inventory", "equipment", "staffing", "quality")


@pytest.fixture
def setup(transactional_db, hospital):
    # a transactional test starts without the rows the migrations seeded
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    return fill(hospital.cardiology, receiver=hospital.admin, n=3)


def _fits(box) -> bool:
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 0.5


@pytest.mark.django_db(transaction=True)
def test_a_head_opens_their_cockpit_on_a_phone(setup, hospital, live_server, phone_page):
    log_in(phone_page, live_server, hospital.head_cardiology.username)
    phone_page.goto(f"{live_server.url}/")
    phone_page.locator("[data-department-page='performance.cockpit'] a.btn").click()
    phone_page.wait_for_url(f"**/performance/cockpit/{hospital.cardiology.pk}/")
    expect(phone_page.locator("h1")).to_contain_text("Cardiology")

    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    tops = []
    for key in SECTIONS:
        section = phone_page.locator(f"section[data-section='{key}']")
        section.scroll_into_view_if_needed()
        expect(section).to_be_visible()
        box = section.bounding_box()
        assert _fits(box), key
        tops.append(box["y"] + phone_page.evaluate("window.scrollY"))
        cards = section.locator(".metric-card")
        for index in range(cards.count()):  # one card a row: each as wide as its section
            assert _fits(cards.nth(index).bounding_box()), key
    assert tops == sorted(tops) and len(set(tops)) == len(tops)  # stacked, in reading order

    for key in ("inventory", "equipment", "staffing", "quality"):
        short = phone_page.locator(f"[data-list='{key}']")
        expect(short).to_be_visible()
        expect(short.locator(".cockpit-count")).to_have_text("3")
        expect(short.locator(".list-group-item")).to_have_count(3)
        assert _fits(short.bounding_box()), key
    expect(phone_page.locator("#cost-against-budget")).to_be_visible()

    phone_page.locator("[data-list='quality'] a.cockpit-all").click()
    phone_page.wait_for_url("**/quality/actions/**")
    expect(phone_page.get_by_text(setup["events"][0]).first).to_be_visible()
