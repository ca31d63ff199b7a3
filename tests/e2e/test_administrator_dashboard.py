"""In a real browser: the administrator logs in, sees the dashboard, switches to Chinese, logs out."""

import datetime as dt

import pytest

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
    assert page.locator("h1").first.inner_text() == "Whole hospital"
    occupancy = page.locator('[data-metric="hospital.bed_occupancy"]')
    assert occupancy.is_visible()
    assert "Bed occupancy" in occupancy.inner_text()
    assert page.locator('[data-metric="hospital.patient_days"] .metric-value').inner_text() != "—"

    page.select_option("#language-select", "zh-hans")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.inner_text() == "全院"
    assert "病床使用率" in page.locator('[data-metric="hospital.bed_occupancy"]').inner_text()

    page.click("#user-menu")
    page.click("#logout")
    page.wait_for_load_state("networkidle")
    assert "/accounts/login/" in page.url or "您已退出登录" in page.content()
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
