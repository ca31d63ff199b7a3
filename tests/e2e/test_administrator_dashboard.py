"""In a real browser: the administrator logs in, sees the dashboard, switches to Chinese, logs out."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from hospital.services import record_census_day
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_administrator_dashboard_in_two_languages(hospital, live_server, page):
    end_of_last_month = dt.date.today().replace(day=1) - dt.timedelta(days=1)
    for days_before in range(3):
        record_census_day(
            user=hospital.admin,
            department=hospital.cardiology,
            date=end_of_last_month - dt.timedelta(days=days_before),
            inpatients=30,
            discharges=3,
        )

    log_in(page, live_server, "admin")
    expect(page.locator("h1").first).to_have_text("Whole hospital")
    occupancy = page.locator('[data-metric="hospital.bed_occupancy"]')
    expect(occupancy).to_be_visible()
    expect(occupancy).to_contain_text("Bed occupancy")
    expect(page.locator('[data-metric="hospital.patient_days"] .metric-value')).not_to_have_text("—")

    page.select_option("#language-select", "zh-hans")
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1").first).to_have_text("全院")  # waits for the reload after the switch
    expect(page.locator('[data-metric="hospital.bed_occupancy"]')).to_contain_text("病床使用率")

    page.click("#user-menu")
    page.click("#logout")
    page.wait_for_load_state("networkidle")
    assert "/accounts/login/" in page.url or "您已退出登录" in page.content()
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
