"""The cockpit's queries are fixed whatever the department's size: the same limit for a
department of one ward with one row of each list and for one of twelve wards with many,
warm (the stored metric series read from the cache) and cold (nothing cached: the series
are queued for the metric task and never computed in the request; with tasks run at once,
as tests run them, the task's queries are counted with the request's)."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from hospital import metric_registry
from hospital.tasks import refresh_metric_series
from performance.models import CostCategory, CostEntry
from tests.hospital.test_dashboard_stored_series import broker_queue  # noqa: F401 (a fixture)
from tests.performance.cockpit_data import add_ward, fill

pytestmark = pytest.mark.django_db

# session, user, roles, the department, the head's subtree (two), a store keeper check,
# the department's stores and four short lists, okr's list of objectives (one query, through
# hospital.department_lists), the cost and the budget by month, the bell: 16 for a head
# (13 for an administrator or finance)
WARM_LIMIT = 16
# the request's own (warm without the cache) and the queue's claim: nothing computed
QUEUED_LIMIT = WARM_LIMIT
# with the task run in the request: every app's metric series computed once for the
# department (43, tests/hospital/test_dashboard_queries.py) on top of the page's 16, and,
# since these departments have objectives, okr's metric series reading their key results'
# check-ins (3 queries the task skips without key results): measured 62 for a head
COLD_LIMIT = 62


def _department(hospital, size: int):
    """Internal Medicine with `size` extra wards, each with `size` rows of every list and costs."""
    categories = list(CostCategory.objects.all())
    for i in range(size):
        ward = add_ward(hospital.medicine, i, tag=str(size))
        fill(ward, receiver=hospital.admin, n=size, tag=f"{size}-{i}")
        CostEntry.objects.bulk_create(
            CostEntry(department=ward, month=month_start, category=categories[m % len(categories)], amount=100 + m)
            for m, (month_start, _end) in enumerate(metric_registry.dashboard_periods(timezone.localdate())[:-1])
        )
    return hospital.medicine


def _url(department) -> str:
    return f"/performance/cockpit/{department.pk}/"


@pytest.mark.parametrize("size", [1, 12])
def test_warm_and_cold_cockpit_queries_are_fixed(hospital, client_for, django_assert_max_num_queries, size):
    department = _department(hospital, size)
    client = client_for(hospital.head_medicine)
    cache.clear()
    with django_assert_max_num_queries(COLD_LIMIT):
        assert client.get(_url(department)).status_code == 200
    with django_assert_max_num_queries(WARM_LIMIT):
        response = client.get(_url(department))
    html = response.content.decode()
    assert "Being computed" not in html
    assert f'data-list="quality" data-count="{size * size}"' in html
    assert f'data-list="okr" data-count="{size * size}"' in html


@pytest.mark.parametrize("size", [1, 12])
def test_a_cold_cockpit_computes_nothing_and_queues_one_refresh(
    hospital,
    client_for,
    django_assert_max_num_queries,
    broker_queue,  # noqa: F811
    size,
):
    department = _department(hospital, size)
    client = client_for(hospital.head_medicine)
    cache.clear()
    with django_assert_max_num_queries(QUEUED_LIMIT):
        html = client.get(_url(department)).content.decode()
    assert html.count("Being computed: reload the page in a minute.") == len(metric_registry.all_metrics())
    assert broker_queue() == 1
    refresh_metric_series(department.pk)  # the worker
    with django_assert_max_num_queries(WARM_LIMIT):
        html = client.get(_url(department)).content.decode()
    assert "Being computed" not in html and broker_queue() == 1
