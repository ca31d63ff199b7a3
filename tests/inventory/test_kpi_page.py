"""The KPI page reads the metric series stored for the dashboard: the ledger behind days on
hand and turnover is too large to read during a request on a real hospital's data."""

import pytest
from django.urls import reverse
from django.utils import timezone

from hospital import metric_registry
from tests.hospital.test_dashboard_stored_series import broker_queue  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def stocked(stocked_item):
    return stocked_item


def test_a_cold_page_computes_nothing_queues_one_refresh_and_says_so(hospital, stocked, client_for, broker_queue):  # noqa: F811
    page = client_for(hospital.finance).get(reverse("inventory:kpis"))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("data-pending") == len(page.context["charts"]) > 0
    assert broker_queue() == 1
    client_for(hospital.finance).get(reverse("inventory:kpis"))
    assert broker_queue() == 1  # one refresh in flight, not one per request


def test_the_page_shows_the_stored_values_of_the_registry(hospital, stocked, client_for):
    client = client_for(hospital.finance)
    client.get(reverse("inventory:kpis"))  # the refresh runs at once in tests and stores the series
    page = client.get(reverse("inventory:kpis"))
    charts = {chart["metric"].key: chart for chart in page.context["charts"]}
    periods = metric_registry.dashboard_periods(timezone.localdate())
    stock_value = metric_registry.series("inventory.stock_value", None, periods)
    assert not charts["inventory.stock_value"]["pending"]
    assert charts["inventory.stock_value"]["values"] == stock_value
    assert stock_value[-1] > 0
    assert "data-pending" not in page.content.decode()
