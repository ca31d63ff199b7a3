"""Lists and dashboards run a fixed number of queries whatever the number of rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quality.models import DeviceDays
from tests.hospital.factories import DailyCensusFactory
from tests.quality.factories import (
    AdverseEventFactory,
    CorrectiveActionFactory,
    make_infection_case,
    make_survey,
    make_survey_response,
)

pytestmark = pytest.mark.django_db

PAGES = {
    "quality_manager": [
        ("/quality/triage/", 8),
        ("/quality/events/", 10),
        ("/quality/events/?page=2", 10),  # the deep page: the last page at both sizes
        ("/quality/actions/", 10),
        ("/quality/actions/?all=1&page=2", 10),
        ("/quality/investigations/", 10),
        ("/quality/dashboard/", 12),
        ("/quality/infections/", 18),
        ("/quality/satisfaction/", 10),
        ("/quality/export.xlsx", 7),  # with the COUNT that decides "now or in the background"
        ("/api/v1/quality/events/", 7),
        ("/api/v1/quality/events/?page=last&page_size=20", 7),
        ("/api/v1/quality/actions/", 7),
        ("/api/v1/quality/survey-responses/", 8),
    ],
    "nurse_cardiology": [
        ("/quality/mine/", 8),
        ("/quality/events/", 10),
        ("/quality/actions/", 10),
        ("/quality/export.xlsx", 7),  # with the COUNT that decides "now or in the background"
    ],
    "head_cardiology": [
        ("/quality/events/", 10),
        ("/quality/events/?page=2", 10),
        ("/quality/actions/", 10),
        ("/quality/investigations/", 10),
        ("/quality/dashboard/", 12),
        ("/api/v1/quality/events/", 7),
    ],
}


def _add_rows(hospital, n, survey):
    today = timezone.localdate()
    people = [hospital.nurse_cardiology, hospital.nurse_icu, hospital.physician_cardiology]
    for i in range(n):
        department = (hospital.cardiology, hospital.icu, hospital.general_surgery)[i % 3]
        event = AdverseEventFactory(
            department=department,
            reporter=people[i % 3],
            category=("fall", "medication", "surgery")[i % 3],
            occurred_at=timezone.now() - dt.timedelta(days=i * 7),
            # every other event under investigation, for the investigation tracker
            status=("submitted", "investigating")[i % 2],
            investigator=(None, hospital.head_cardiology)[i % 2],
            investigation_due=(None, today + dt.timedelta(days=i))[i % 2],
        )
        CorrectiveActionFactory(event=event, owner=people[(i + 1) % 3])
        make_infection_case(department=hospital.icu, kind="clabsi", onset_date=today - dt.timedelta(days=i))
        make_survey_response(survey=survey, department=department, responded_on=today, scores=[1 + i % 5] * 3)


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.fixture
def wards(hospital):
    month = timezone.localdate().replace(day=1)
    for ward in (hospital.cardiology, hospital.icu, hospital.general_surgery):
        DailyCensusFactory(department=ward, date=month, inpatients=20, surgeries=3)
        DeviceDays.objects.create(department=ward, month=month, central_line_days=10)


@pytest.mark.parametrize("role", PAGES)
def test_query_count_does_not_grow_with_rows(hospital, wards, client_for, role, django_assert_max_num_queries):
    user = getattr(hospital, role)
    survey = make_survey()
    _add_rows(hospital, 2, survey)
    few = {url: _count(client_for(user), url) for url, _limit in PAGES[role]}
    _add_rows(hospital, 30, survey)
    many = {url: _count(client_for(user), url) for url, _limit in PAGES[role]}
    assert many == few
    client = client_for(user)
    for url, limit in PAGES[role]:
        with django_assert_max_num_queries(limit):
            client.get(url)
