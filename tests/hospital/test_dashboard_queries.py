"""The core dashboard's cold path (every metric computed, nothing cached) runs the same
number of queries on a small and a larger hospital: grouped reads and summaries, no
aggregate per department or month. The request only queues that work
(hospital.tasks.refresh_metric_series, test_dashboard_stored_series.py); here the task
runs at once, as tests run tasks, so its queries are counted with the request's."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.hospital.factories import DailyCensusFactory
from tests.quality.factories import AdverseEventFactory, CorrectiveActionFactory, make_survey, make_survey_response

pytestmark = pytest.mark.django_db

# Every metric of every app computed once, each reader once (grouped reads, summaries):
# about 25 for the core, okr and quality, 10 for equipment, 8 for inventory, 5 for
# staffing and a few for performance (52 for a head with the seven apps). The rule that
# matters is that the count does not grow with the rows.
COLD_LIMIT = 56


def _add(hospital, survey, count, start):
    today = timezone.localdate()
    for i in range(start, start + count):
        ward = (hospital.cardiology, hospital.icu, hospital.general_surgery)[i % 3]
        day = today - dt.timedelta(days=i * 11 % 380)
        DailyCensusFactory(department=ward, date=day, inpatients=10 + i % 7, surgeries=i % 3)
        event = AdverseEventFactory(department=ward, occurred_at=timezone.now() - dt.timedelta(days=i * 11 % 380))
        CorrectiveActionFactory(event=event, due_date=day)
        make_survey_response(survey=survey, department=ward, responded_on=day, scores=[i % 5 + 1] * 3)


def _cold(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["admin", "head_cardiology"])
def test_cold_dashboard_queries_do_not_grow_with_rows(hospital, client_for, who):
    client = client_for(getattr(hospital, who))
    survey = make_survey()
    _add(hospital, survey, 3, 0)
    few = _cold(client, "/")
    _add(hospital, survey, 60, 3)
    many = _cold(client, "/")
    assert many == few <= COLD_LIMIT
