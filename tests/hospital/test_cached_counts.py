"""A large list's total is counted once a minute, and the page says how old it is."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.template.loader import render_to_string
from django.test import RequestFactory

from hospital import pagination
from hospital.models import Department
from tests.hospital.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_threshold(monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CACHE_ROWS", 3)
    keys = []
    original = pagination.CachedCountPaginator._count_key

    def remembered(self):
        key = original(self)
        keys.append(key)
        return key

    monkeypatch.setattr(pagination.CachedCountPaginator, "_count_key", remembered)
    yield
    cache.delete_many([k for k in keys if k])


def test_a_large_count_is_reused_with_its_age(small_threshold):
    for _i in range(4):
        DepartmentFactory()
    with time_machine.travel(dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC), tick=False):
        first = pagination.CachedCountPaginator(Department.objects.order_by("pk"), 2)
        assert (first.count, first.count_age) == (4, None)
    DepartmentFactory()
    with time_machine.travel(dt.datetime(2026, 11, 23, 2, 0, 30, tzinfo=dt.UTC), tick=False):
        later = pagination.CachedCountPaginator(Department.objects.order_by("pk"), 2)
        page = later.get_page(2)
        assert (later.count, later.count_age) == (4, 30)  # the cached total, 30 s old
        request = RequestFactory().get("/")
        request.user = AnonymousUser()
        html = render_to_string("_pagination.html", {"page_obj": page}, request=request)
    assert "counted 30 s ago" in html


def test_a_small_count_is_always_exact(small_threshold):
    DepartmentFactory()
    assert pagination.CachedCountPaginator(Department.objects.order_by("pk"), 2).count == 1
    DepartmentFactory()
    paginator = pagination.CachedCountPaginator(Department.objects.order_by("pk"), 2)
    assert (paginator.count, paginator.count_age) == (2, None)
