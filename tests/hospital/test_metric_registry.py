"""The metric registry: registration, computing, the dashboard drawing a registered metric."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from hospital import metric_registry
from hospital.metric_registry import Direction, Metric
from hospital.periods import month_periods
from tests.hospital.factories import DailyCensusFactory

pytestmark = pytest.mark.django_db


def beds_per_department(department, start, end):
    """A test app's metric: the department's staffed beds, or 100 for the hospital."""
    if department is None:
        return Decimal(100)
    return Decimal(department.staffed_beds)


@pytest.fixture
def test_metric():
    metric = metric_registry.register(
        Metric(
            key="testapp.beds",
            label="Test beds",
            unit="beds",
            direction=Direction.HIGHER_IS_BETTER,
            compute=beds_per_department,
        )
    )
    yield metric
    metric_registry.unregister("testapp.beds")


def test_registered_metric_is_listed_and_computed(test_metric, hospital):
    assert test_metric in metric_registry.all_metrics()
    assert ("testapp.beds", "Test beds (testapp.beds)") in metric_registry.choices()
    start, end = dt.date(2026, 1, 1), dt.date(2026, 1, 31)
    assert metric_registry.compute("testapp.beds", hospital.cardiology, start, end) == Decimal(40)
    assert metric_registry.compute("testapp.beds", None, start, end) == Decimal(100)


def test_a_key_without_app_prefix_is_refused():
    with pytest.raises(ValueError):
        metric_registry.register(
            Metric(key="beds", label="x", unit="", direction="higher", compute=beds_per_department)
        )


def test_an_unknown_key_raises_metric_error():
    with pytest.raises(metric_registry.MetricError):
        metric_registry.compute("nothing.here", None, dt.date(2026, 1, 1), dt.date(2026, 1, 2))


def test_month_periods_end_today_oldest_first():
    periods = month_periods(dt.date(2026, 3, 15), 3)
    assert periods == [
        (dt.date(2026, 1, 1), dt.date(2026, 1, 31)),
        (dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
        (dt.date(2026, 3, 1), dt.date(2026, 3, 15)),
    ]


def test_census_metrics_on_a_hand_computed_month(hospital):
    # Cardiology (40 beds), 10 days of June: 30 in-patients each midnight,
    # 4 discharges and 1 death in all → 300 patient-days, 400 bed-days.
    for day in range(1, 11):
        DailyCensusFactory(
            department=hospital.cardiology,
            date=dt.date(2026, 6, day),
            inpatients=30,
            discharges=4 if day == 1 else 0,
            deaths=1 if day == 2 else 0,
            admissions=1,
            staffed_beds=40,
        )
    june = (hospital.cardiology, dt.date(2026, 6, 1), dt.date(2026, 6, 30))
    assert metric_registry.compute("hospital.patient_days", *june) == 300
    assert metric_registry.compute("hospital.admissions", *june) == 10
    assert metric_registry.compute("hospital.bed_occupancy", *june) == Decimal(75)  # 300 / 400
    assert metric_registry.compute("hospital.alos", *june) == Decimal(60)  # 300 / 5
    assert metric_registry.compute("hospital.bed_turnover", *june) == Decimal(5) / Decimal(40)
    # the parent department includes it; a sibling does not
    assert metric_registry.compute("hospital.patient_days", hospital.medicine, june[1], june[2]) == 300
    assert metric_registry.compute("hospital.patient_days", hospital.respiratory, june[1], june[2]) is None


@time_machine.travel(dt.datetime(2026, 6, 20, 12, 0), tick=False)
def test_dashboard_shows_a_registered_metric(test_metric, hospital, client_for):
    page = client_for(hospital.admin).get(reverse("dashboard"))
    assert page.status_code == 200
    assert b'data-metric="testapp.beds"' in page.content
    assert b"Test beds" in page.content
    assert b"<svg" in page.content  # the 12-month trend


@time_machine.travel(dt.datetime(2026, 6, 20, 12, 0), tick=False)
def test_department_filter_changes_the_values(test_metric, hospital, client_for):
    page = client_for(hospital.admin).get(reverse("dashboard"), {"department": hospital.cardiology.pk})
    card = next(c for c in page.context["cards"] if c.metric.key == "testapp.beds")
    assert card.value == Decimal(40)


def test_department_head_sees_own_department_dashboard_only(test_metric, hospital, client_for):
    client = client_for(hospital.head_cardiology)
    page = client.get(reverse("dashboard"))
    assert page.context["department"] == hospital.cardiology
    # asking for a sibling's dashboard falls back to their own
    page = client.get(reverse("dashboard"), {"department": hospital.respiratory.pk})
    assert page.context["department"] == hospital.cardiology


def test_other_roles_get_a_landing_page_of_tasks(hospital, client_for):
    page = client_for(hospital.nurse_icu).get(reverse("dashboard"))
    assert [t.name for t in page.templates][0] == "hospital/landing.html"
    assert b"Notifications" in page.content


def test_landing_page_offers_the_tasks_of_the_users_role(hospital, client_for):
    from hospital.navigation import Section, _shortcuts, register_shortcut
    from hospital.roles import Role

    register_shortcut(Section("testapp.report", "Report something", "notification_list", (Role.NURSE,)))
    try:
        nurse_page = client_for(hospital.nurse_icu).get(reverse("dashboard")).content.decode()
        assert 'data-shortcut="testapp.report"' in nurse_page
        finance_page = client_for(hospital.finance).get(reverse("dashboard")).content.decode()
        assert 'data-shortcut="testapp.report"' not in finance_page
    finally:
        _shortcuts.pop("testapp.report")


def test_dashboard_offers_managers_their_tasks(hospital, client_for):
    page = client_for(hospital.head_cardiology).get(reverse("dashboard")).content.decode()
    assert 'data-shortcut="census.import"' in page
