"""Deep pages read by key: "Next", "Previous" and the last page cost the same at page 2
and page 2,000, and show exactly the rows the OFFSET pages would."""

import datetime as dt
import re
from html import unescape

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hospital.pagination import AFTER, BEFORE, CachedCountPaginator, keyset_fields, paginate
from quality.models import AdverseEvent
from quality.views.events import EVENT_SORTING
from tests.quality.factories import AdverseEventFactory

pytestmark = pytest.mark.django_db
PER_PAGE = 4


@pytest.fixture
def events(hospital):
    """23 events; several share a reported moment, so the primary key must break the ties."""
    start = timezone.now() - dt.timedelta(days=30)
    for i in range(23):
        AdverseEventFactory(
            department=(hospital.cardiology, hospital.icu)[i % 2],
            occurred_at=start + dt.timedelta(hours=i),
            reported_at=start + dt.timedelta(days=i // 3),  # three at a time reported together
        )


def page_of(query, sort_param=None):
    request = RequestFactory().get("/", query)
    request.user = AnonymousUser()
    sort = EVENT_SORTING.choice(sort_param or EVENT_SORTING.default)
    return paginate(request, sort.apply(AdverseEvent.objects.all()), per_page=PER_PAGE, sort=sort)


def offset_pages(sort_param=None):
    sort = EVENT_SORTING.choice(sort_param or EVENT_SORTING.default)
    paginator = CachedCountPaginator(sort.apply(AdverseEvent.objects.all()), PER_PAGE)
    return [[e.pk for e in paginator.page(n)] for n in paginator.page_range]


def ids(page):
    return [event.pk for event in page.object_list]


@pytest.mark.parametrize("sort_param", ["-reported", "reported", "reference", "-reference"])
def test_walking_next_then_previous_shows_the_offset_pages(events, sort_param):
    expected = offset_pages(sort_param)
    assert len(expected) == 6
    page = page_of({}, sort_param)
    walked = [ids(page)]
    while page.has_next():
        page = page_of({"page": page.number + 1, AFTER: page.next_cursor, "sort": sort_param}, sort_param)
        walked.append(ids(page))
    assert walked == expected
    back = [ids(page)]
    while page.has_previous():
        page = page_of({"page": page.number - 1, BEFORE: page.previous_cursor, "sort": sort_param}, sort_param)
        back.append(ids(page))
    assert back[::-1] == expected


def test_a_cursor_page_reads_by_key_without_offset(events):
    first = page_of({})
    with CaptureQueriesContext(connection) as queries:
        second = page_of({"page": 2, AFTER: first.next_cursor})
        ids(second)
    reads = [q["sql"] for q in queries if "ORDER BY" in q["sql"]]
    assert len(reads) == 1
    assert (
        "OFFSET" not in reads[0] and '("quality_adverseevent"."reported_at", "quality_adverseevent"."id") <' in reads[0]
    )


def test_the_last_page_is_read_backwards_and_holds_the_remainder(events):
    with CaptureQueriesContext(connection) as queries:
        last = page_of({"page": "last"})
        shown = ids(last)
    assert shown == offset_pages()[-1]
    assert len(ids(last)) == 23 - 5 * PER_PAGE
    assert not any("OFFSET" in q["sql"] for q in queries)
    assert last.previous_cursor and last.next_cursor is None


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        "e30",
        "eyJzb3J0IjoicmVmZXJlbmNlIiwia2V5IjpbIngiLCIxIl19",
        "eyJzb3J0IjoiLXJlcG9ydGVkIiwia2V5IjpbIngiLCIxIl19",
    ],
)
def test_a_broken_or_foreign_cursor_falls_back_to_the_page_number(events, cursor):
    # garbage; "{}"; a cursor of the "reference" order; this order with a value that is no date-time
    assert ids(page_of({"page": 3, AFTER: cursor})) == offset_pages()[2]


def test_orders_keyset_cannot_serve_use_offset(events):
    joined = EVENT_SORTING.choice("department")  # the department's name: a joined column
    assert keyset_fields(joined.apply(AdverseEvent.objects.all()), joined) is None
    assert [f.name for f in keyset_fields(AdverseEvent.objects.all(), EVENT_SORTING.choice("-reported"))] == [
        "reported_at",
        "id",
    ]
    assert ids(page_of({"page": 2, "sort": "department"}, "department")) == offset_pages("department")[1]


def next_link(html: str) -> str:
    return unescape(re.search(r'href="\?([^"]*)" rel="next"', html).group(1))


def test_the_event_list_links_next_by_key_at_a_fixed_query_count(hospital, client_for, django_assert_max_num_queries):
    start = timezone.now() - dt.timedelta(days=300)
    for i in range(60):
        AdverseEventFactory(department=hospital.icu, reported_at=start + dt.timedelta(days=i))
    client = client_for(hospital.quality_manager)
    with django_assert_max_num_queries(10):
        first = client.get("/quality/events/").content.decode()
    link = next_link(first)
    assert "after=" in link and "page=2" in link
    with django_assert_max_num_queries(10):
        second = client.get(f"/quality/events/?{link}").content.decode()
    with django_assert_max_num_queries(10):
        last = client.get("/quality/events/?page=3").content.decode()
    references = AdverseEvent.objects.order_by("-reported_at", "-id").values_list("reference", flat=True)
    assert references[25] in second and references[49] in second and references[24] not in second
    assert references[50] in last and references[59] in last
    assert 'rel="prev"' in second and "before=" in unescape(second)


def plan_of(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a test table is small: ask what the index can do
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize("query", [{}, {"page": 2, AFTER: "next"}, {"page": "last"}])
def test_an_index_gives_the_default_order_without_sorting_the_table(events, query):
    if query.get(AFTER):
        query[AFTER] = page_of({}).next_cursor
    with CaptureQueriesContext(connection) as queries:
        ids(page_of(query))
    (read,) = [q["sql"] for q in queries if "ORDER BY" in q["sql"]]
    plan = plan_of(read)
    assert "event_reported_desc" in plan
    assert "Sort" not in plan, plan


def test_a_page_that_is_no_number_with_a_cursor_is_numbered_as_the_first(events):
    page = page_of({"page": "x", AFTER: page_of({}).next_cursor})
    assert ids(page) == offset_pages()[1]  # the rows after the cursor
    assert page.number == 1
