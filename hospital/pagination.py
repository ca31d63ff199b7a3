"""Pagination for every list: pages (`paginate`) and the API (`StandardPagination`).

A list never loads a whole table; both read one page with LIMIT/OFFSET and one COUNT.
The COUNT of a large list (at least COUNT_CACHE_ROWS rows: the broad filters of a big
table) is kept in the cache for COUNT_CACHE_SECONDS, so a deep page does not scan the
table on every request; the page then shows how old its total is (`count_age`).
Smaller counts are always exact and fresh.
"""

import hashlib
import time
from functools import cached_property

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from rest_framework.pagination import PageNumberPagination

PAGE_SIZE = 25  # rows per page on HTML lists
COUNT_CACHE_ROWS = 1_000
COUNT_CACHE_SECONDS = 60


class CachedCountPaginator(Paginator):
    """A Paginator whose large counts are cached; `count_age` is their age in seconds (None: exact now)."""

    count_age: int | None = None

    def _count_key(self) -> str | None:
        query = getattr(self.object_list, "query", None)
        if query is None:
            return None
        try:
            sql, params = query.sql_with_params()
        except EmptyResultSet:
            return None
        digest = hashlib.sha256(f"{sql}|{params!r}".encode()).hexdigest()
        return f"list-count:{digest}"

    @cached_property
    def count(self) -> int:
        key = self._count_key()
        cached = cache.get(key) if key else None
        if cached is not None:
            value, counted_at = cached
            self.count_age = int(time.time() - counted_at)
            return value
        value = super().count
        if key and value >= COUNT_CACHE_ROWS:
            cache.set(key, (value, time.time()), COUNT_CACHE_SECONDS)
        return value


def paginate(request, queryset, *, per_page: int = PAGE_SIZE) -> Page:
    """The page of `queryset` that `?page=` asks for (the last page when past the end)."""
    return CachedCountPaginator(queryset, per_page).get_page(request.GET.get("page"))


class StandardPagination(PageNumberPagination):
    """API lists: 50 rows by default, `?page_size=` up to 200."""

    django_paginator_class = CachedCountPaginator
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
