"""The dashboard never computes a metric series in the request: it reads the stored
series and their age; missing or stale ones are refreshed by one queued task
(hospital.tasks.refresh_metric_series) at a time, on the real Redis broker."""

import datetime as dt
import uuid

import pytest
import redis
import time_machine
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hospital import metric_registry
from hospital.celery import app as celery_app
from hospital.tasks import refresh_metric_series
from tests.hospital.factories import DailyCensusFactory, DepartmentFactory

pytestmark = pytest.mark.django_db

# A cold request reads the user, the session, the departments of the picker and one cache
# entry (measured: 6 for an administrator, 9 for a head); computing every app's series
# (the task) takes 41-45 (tests/hospital/test_dashboard_queries.py).
QUEUED_LIMIT = 12


@pytest.fixture
def broker_queue(settings):
    """Tasks go to a private queue on the Redis from REDIS_URL instead of running at once;
    returns a function counting the messages waiting there."""
    assert django_settings.REDIS_URL.startswith("redis://"), "the test needs REDIS_URL"
    queue = f"test-{uuid.uuid4().hex}"
    settings.METRIC_SERIES_TASK_QUEUE = queue
    broker = redis.Redis.from_url(django_settings.REDIS_URL)
    celery_app.conf.task_always_eager = False
    try:
        yield lambda: broker.llen(queue)
    finally:
        celery_app.conf.task_always_eager = True
        broker.delete(queue)


def _census_last_month(department, admissions, day=5):
    today = timezone.localdate()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=day)
    DailyCensusFactory(department=department, date=last_month, admissions=admissions)


def _card(html, key):
    return html.split(f'data-metric="{key}"', 1)[1].split('class="card-footer', 1)[0]


def test_a_cold_request_computes_nothing_and_queues_one_refresh(hospital, client_for, broker_queue):
    _census_last_month(hospital.cardiology, 7)
    client = client_for(hospital.head_cardiology)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert len(queries) <= QUEUED_LIMIT
    assert not any("hospital_dailycensus" in q["sql"] for q in queries.captured_queries)
    html = response.content.decode()
    cards = html.count('class="card metric-card')
    assert cards == len(metric_registry.all_metrics()) == html.count("Being computed: reload the page in a minute.")
    assert broker_queue() == 1

    # a second visitor while the task waits: no second task
    assert "Being computed" in client.get(reverse("dashboard")).content.decode()
    assert broker_queue() == 1

    # the worker runs it: the next request shows the values and their age, and queues nothing
    assert refresh_metric_series(hospital.cardiology.pk) == len(metric_registry.all_metrics())
    html = client.get(reverse("dashboard")).content.decode()
    card = _card(html, "hospital.admissions")
    assert '<span class="metric-value' in card and ">7</span>" in card
    assert "Computed 0\xa0minutes ago" in card
    assert "Being computed" not in html
    assert broker_queue() == 1


def test_stale_values_are_shown_with_their_age_while_one_refresh_is_queued(
    hospital, client_for, broker_queue, settings
):
    settings.METRIC_SERIES_FRESH_SECONDS = 300
    _census_last_month(hospital.cardiology, 4)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        refresh_metric_series(hospital.cardiology.pk)
    _census_last_month(hospital.cardiology, 5, day=6)  # not in the stored values until the refresh
    client = client_for(hospital.head_cardiology)
    with time_machine.travel(start + dt.timedelta(minutes=4), tick=False):
        card = _card(client.get(reverse("dashboard")).content.decode(), "hospital.admissions")
        assert ">4</span>" in card and "Computed 4\xa0minutes ago" in card
        assert broker_queue() == 0  # still fresh
    with time_machine.travel(start + dt.timedelta(minutes=12), tick=False):
        for _ in range(2):
            card = _card(client.get(reverse("dashboard")).content.decode(), "hospital.admissions")
            assert ">4</span>" in card and "Computed 12\xa0minutes ago" in card
        assert broker_queue() == 1
        refresh_metric_series(hospital.cardiology.pk)
        card = _card(client.get(reverse("dashboard")).content.decode(), "hospital.admissions")
        assert ">9</span>" in card and "Computed 0\xa0minutes ago" in card


def test_the_task_stores_every_registered_metric_as_computed_from_the_rows(hospital):
    _census_last_month(hospital.icu, 3)
    periods = metric_registry.dashboard_periods(timezone.localdate())
    assert metric_registry.stored_series(None, periods) is None
    refresh_metric_series.delay(None)
    stored = metric_registry.stored_series(None, periods)
    assert set(stored.values) == {metric.key for metric in metric_registry.all_metrics()}
    for metric in metric_registry.all_metrics():
        computed = [metric_registry.compute(metric.key, None, start, end) for start, end in periods]
        assert stored.values[metric.key] == computed, metric.key
    assert stored.values["hospital.admissions"][-2] == 3


def test_values_stored_before_the_month_turned_are_not_shown(hospital):
    today = timezone.localdate()
    metric_registry.refresh_stored_series(None, today=today.replace(day=1) - dt.timedelta(days=1))
    assert metric_registry.stored_series(None, metric_registry.dashboard_periods(today)) is None


def test_a_department_deleted_before_its_refresh_is_skipped(hospital):
    department = DepartmentFactory(parent=hospital.medicine)
    department_id = department.pk
    department.delete()
    assert refresh_metric_series(department_id) == 0
    assert refresh_metric_series(hospital.medicine.pk) == len(metric_registry.all_metrics())


def test_beat_refreshes_the_whole_hospital_within_the_freshness(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["hospital.refresh_metric_series"]
    assert entry["task"] == "hospital.tasks.refresh_metric_series" and not entry.get("args")
    assert entry["schedule"] < settings.METRIC_SERIES_FRESH_SECONDS


def test_an_unreachable_broker_still_answers_and_lets_the_next_request_queue(
    hospital, client_for, broker_queue, monkeypatch
):
    """The broker is the edge of the world here: its failure is simulated, the rest is real."""
    from kombu.exceptions import OperationalError

    from hospital.views import dashboard as dashboard_view

    def unreachable(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    client = client_for(hospital.head_cardiology)
    with monkeypatch.context() as patch:
        patch.setattr(dashboard_view.refresh_metric_series, "apply_async", unreachable)
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert "Being computed" in response.content.decode()
    assert broker_queue() == 0
    client.get(reverse("dashboard"))  # the claim was released: this request queues the refresh
    assert broker_queue() == 1
