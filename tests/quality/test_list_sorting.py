"""The quality lists sort by each whitelisted column, refuse unknown ones, and keep
their query counts whatever the order."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quality.views.events import ACTION_SORTING, EVENT_SORTING, INVESTIGATION_SORTING, TRIAGE_SORTING
from tests.hospital.sorting_checks import assert_sorted_by_each_key
from tests.quality.factories import AdverseEventFactory, CorrectiveActionFactory

pytestmark = pytest.mark.django_db

PAGES = [
    ("quality_manager", "/quality/events/", EVENT_SORTING),
    ("quality_manager", "/quality/triage/", TRIAGE_SORTING),
    ("quality_manager", "/quality/investigations/", INVESTIGATION_SORTING),
    ("quality_manager", "/quality/actions/", ACTION_SORTING),
    ("nurse_cardiology", "/quality/mine/", EVENT_SORTING),
]


def _add_events(hospital, n, offset=0):
    today = timezone.localdate()
    people = [hospital.nurse_cardiology, hospital.nurse_icu, hospital.physician_cardiology]
    for i in range(offset, offset + n):
        event = AdverseEventFactory(
            department=(hospital.cardiology, hospital.icu, hospital.general_surgery)[i % 3],
            reporter=people[i % 3],
            category=("fall", "medication", "surgery")[i % 3],
            harm=("none", "mild", "moderate", "severe")[i % 4],
            occurred_at=timezone.now() - dt.timedelta(days=i * 3 % 11),
            status=("submitted", "investigating", "triaged")[i % 3],
            investigator=(None, hospital.head_cardiology, hospital.quality_manager)[i % 3],
            investigation_due=(None, today + dt.timedelta(days=i % 5))[i % 2],
        )
        CorrectiveActionFactory(event=event, owner=people[(i + 1) % 3], due_date=today + dt.timedelta(days=i % 7))


@pytest.mark.parametrize(("role", "url", "sorting"), PAGES)
def test_each_allowed_key_sorts_the_list_both_ways(hospital, client_for, role, url, sorting):
    _add_events(hospital, 12)
    assert_sorted_by_each_key(client_for(getattr(hospital, role)), url, sorting)


@pytest.mark.parametrize(("role", "url", "sorting"), PAGES)
def test_an_unknown_sort_key_is_refused(hospital, client_for, role, url, sorting):
    _add_events(hospital, 3)
    client = client_for(getattr(hospital, role))
    usual = [row.pk for row in client.get(url).context["page_obj"]]
    response = client.get(url, {"sort": "reporter__password"})
    assert response.status_code == 200
    assert response.context["sort"].param == sorting.default
    assert [row.pk for row in response.context["page_obj"]] == usual
    assert "cannot be sorted that way" in response.content.decode()


@pytest.mark.parametrize(("role", "url", "sorting"), PAGES)
def test_sorting_does_not_change_the_query_count(hospital, client_for, role, url, sorting):
    client = client_for(getattr(hospital, role))

    def count(key):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"sort": key}).status_code == 200
        return len(queries)

    _add_events(hospital, 3)
    few = {key: count(key) for key in sorting.keys}
    _add_events(hospital, 40, offset=3)
    many = {key: count(key) for key in sorting.keys}
    assert many == few
    assert set(few.values()) == {count(sorting.default)}


def test_api_refuses_an_unknown_ordering_and_sorts_by_an_allowed_one(hospital, api_for):
    _add_events(hospital, 6)
    client = api_for(hospital.quality_manager)
    assert client.get("/api/v1/quality/events/", {"ordering": "patient_identifier"}).status_code == 400
    dues = [
        row["due_date"] for row in client.get("/api/v1/quality/actions/", {"ordering": "-due_date"}).json()["results"]
    ]
    assert dues == sorted(dues, reverse=True)
