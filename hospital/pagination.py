"""Pagination for every list: pages (`paginate`) and the API (`StandardPagination`).

A list never loads a whole table; a page is one read of its rows and one COUNT.
The COUNT of a large list (at least COUNT_CACHE_ROWS rows: the broad filters of a big
table) is kept in the cache for COUNT_CACHE_SECONDS, so a deep page does not scan the
table on every request; the page then shows how old its total is (`count_age`).
Smaller counts are always exact and fresh.

Keyset pages. Given the list's `SortChoice` (`paginate(request, rows, sort=sort)`),
an order made of non-null columns of the listed table, all in one direction, then the
primary key (e.g. the event list's default, newest reported first), is paged by the
key of a neighbouring row instead of OFFSET: "Next" carries `?after=<cursor>` (the
last row's key) and "Previous" `?before=<cursor>`, and the page reads
`WHERE (reported_at, id) < (…, …) ORDER BY … LIMIT 25`, which an index on the order
(`event_reported_desc`) answers in the same time on page 2 and page 2,000. The last
page is read backwards from the end, just as fast. Other orders (a joined column such
as the department's name, a nullable column) and a page number typed into "Go to
page" fall back to OFFSET, which is exact but grows with the page number. The API
keeps page numbers (`StandardPagination`).
"""

import base64
import binascii
import hashlib
import json
import time
from functools import cached_property

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet, FieldDoesNotExist, ValidationError
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import F, Func, Value
from django.db.models.lookups import GreaterThan, LessThan
from rest_framework.pagination import PageNumberPagination

from hospital.sorting import SortChoice

PAGE_SIZE = 25  # rows per page on HTML lists
COUNT_CACHE_ROWS = 1_000
COUNT_CACHE_SECONDS = 60


class KeysetPage(Page):
    """A page that also knows the cursors of its neighbours (None: link by number)."""

    next_cursor: str | None = None
    previous_cursor: str | None = None


class CachedCountPaginator(Paginator):
    """A Paginator whose large counts are cached; `count_age` is their age in seconds (None: exact now)."""

    count_age: int | None = None

    def _get_page(self, *args, **kwargs):
        return KeysetPage(*args, **kwargs)

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


AFTER, BEFORE = "after", "before"  # the keyset cursors in the query string
LAST_PAGE = "last"  # ?page=last, as in the API
CURSOR_PARAMS = (AFTER, BEFORE)


class Row(Func):
    """A row value `(a, b)`, compared as a whole: `(a, b) < (x, y)` is one index range."""

    function = ""
    template = "(%(expressions)s)"


def keyset_fields(queryset, sort: SortChoice | None) -> list | None:
    """The model fields of the order when keyset paging can serve it, else None:
    plain non-null columns of the listed model, each sorted in the order's direction,
    then the primary key."""
    model = getattr(queryset, "model", None)
    if sort is None or model is None or getattr(queryset, "_fields", None):
        return None
    fields = []
    for term in sort.sorting.keys[sort.key]:
        if not isinstance(term, str) or term.startswith("-") or "__" in term:
            return None
        try:
            field = model._meta.get_field(term)
        except FieldDoesNotExist:
            return None
        if field.null or not field.concrete or field.is_relation:
            return None
        fields.append(field)
    return [*fields, model._meta.pk]


def encode_cursor(sort: SortChoice, fields, row) -> str:
    values = [field.value_to_string(row) for field in fields]
    text = json.dumps({"sort": sort.param, "key": values}, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(sort: SortChoice, fields, cursor: str) -> list | None:
    """The key a cursor holds, or None for a cursor of another order or not one at all."""
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        values = data["key"]
        if data["sort"] != sort.param or len(values) != len(fields):
            return None
        return [field.to_python(value) for field, value in zip(fields, values, strict=True)]
    except (binascii.Error, ValueError, TypeError, KeyError, ValidationError):
        return None


def _key_filter(fields, values, *, after: bool, descending: bool):
    columns = Row(*(F(field.name) for field in fields), output_field=fields[0])
    key = Row(*(Value(value, output_field=field) for field, value in zip(fields, values, strict=True)))
    return (LessThan if after == descending else GreaterThan)(columns, key)


def _keyset_page(request, paginator: CachedCountPaginator, sort: SortChoice, fields) -> KeysetPage | None:
    """The page read by key, or None when the request is for an OFFSET page."""
    query = request.GET
    cursor_name = next((name for name in CURSOR_PARAMS if query.get(name)), None)
    try:
        asked = query.get("page") or 1
        number = paginator.num_pages if asked == LAST_PAGE else paginator.validate_number(asked)
    except PageNotAnInteger:
        number = 1  # as Paginator.get_page
    except EmptyPage:
        number = paginator.num_pages
    per_page = paginator.per_page
    rows = paginator.object_list
    if cursor_name is not None:
        values = decode_cursor(sort, fields, query[cursor_name])
        if values is None:
            return None
        after = cursor_name == AFTER
        rows = rows.filter(_key_filter(fields, values, after=after, descending=sort.descending))
        if after:
            found = list(rows[:per_page])
        else:
            found = list(rows.reverse()[:per_page])[::-1]
    elif number == paginator.num_pages and number > 1:
        # the last page, read backwards from the end: as quick as the first
        remaining = paginator.count - (number - 1) * per_page
        found = list(rows.reverse()[:remaining])[::-1]
    else:
        return None
    if not found:
        return None  # the rows around the cursor are gone: count by OFFSET instead
    return _link_neighbours(KeysetPage(found, number, paginator), sort, fields)


def _link_neighbours(page: KeysetPage, sort: SortChoice, fields) -> KeysetPage:
    if page.has_next():
        page.next_cursor = encode_cursor(sort, fields, page.object_list[-1])
    if page.has_previous():
        page.previous_cursor = encode_cursor(sort, fields, page.object_list[0])
    return page


def paginate(request, queryset, *, per_page: int = PAGE_SIZE, sort: SortChoice | None = None) -> Page:
    """The page of `queryset` that `?page=` asks for (the last page when past the end).

    With the list's `sort` (already applied to `queryset`), pages reached by "Next",
    "Previous" and the last page are read by key where the order allows (see above)."""
    paginator = CachedCountPaginator(queryset, per_page)
    fields = keyset_fields(queryset, sort)
    if fields is not None:
        page = _keyset_page(request, paginator, sort, fields)
        if page is not None:
            return page
    page = paginator.get_page(request.GET.get("page"))
    if fields is not None and page.object_list:
        # an OFFSET page (the first, or a typed page number) whose neighbours are read by key
        page.object_list = list(page.object_list)
        _link_neighbours(page, sort, fields)
    return page


class StandardPagination(PageNumberPagination):
    """API lists: 50 rows by default, `?page_size=` up to 200."""

    django_paginator_class = CachedCountPaginator
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
