"""The department cockpit: a head opens their own, an administrator any, others none; every
app's KPIs are on it with links; its query count does not grow with the department."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hospital.models import DailyCensus, Department, DepartmentKind
from performance.models import CostCategory, CostEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_april():
    with time_machine.travel(dt.datetime(2026, 4, 15, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.mark.parametrize(
    ("who", "department", "status"),
    [
        ("head_cardiology", "cardiology", 200),
        ("head_medicine", "cardiology", 200),
        ("head_cardiology", "icu", 404),
        ("admin", "icu", 200),
        ("finance", "icu", 200),
        ("nurse_cardiology", "cardiology", 403),
        ("quality_manager", "icu", 403),
    ],
)
def test_who_opens_which_cockpit(hospital, client_for, who, department, status):
    url = f"/performance/cockpit/{getattr(hospital, department).pk}/"
    assert client_for(getattr(hospital, who)).get(url).status_code == status


def test_a_head_of_one_department_goes_straight_to_its_cockpit(hospital, client_for):
    response = client_for(hospital.head_cardiology).get("/performance/cockpit/")
    assert response.status_code == 302 and response.url == f"/performance/cockpit/{hospital.cardiology.pk}/"
    page = client_for(hospital.admin).get("/performance/cockpit/").content.decode()
    assert f"/performance/cockpit/{hospital.icu.pk}/" in page


def test_the_cockpit_shows_every_apps_kpis_with_links(hospital, client_for):
    page = client_for(hospital.head_cardiology).get(f"/performance/cockpit/{hospital.cardiology.pk}/").content.decode()
    for key in ("okr.progress", "inventory.days_on_hand", "equipment.intact_rate", "quality.overdue_actions"):
        assert f'data-metric="{key}"' in page
    assert f"/performance/kpis/?department={hospital.cardiology.pk}" in page
    assert 'id="cost-against-budget"' in page


def test_administrators_dashboard_links_to_the_cockpits(hospital, client_for):
    assert "/performance/cockpit/" in client_for(hospital.admin).get("/").content.decode()


def _grow(department, n):
    categories = list(CostCategory.objects.all())
    wards = [
        Department.objects.create(
            code=f"X{department.pk}{i}{n}", name=f"Ward {i}", kind=DepartmentKind.CLINICAL, parent=department
        )
        for i in range(n)
    ]
    CostEntry.objects.bulk_create(
        CostEntry(department=w, month=dt.date(2026, m, 1), category=categories[m % 8], amount=100)
        for w in wards
        for m in (1, 2, 3)
    )
    DailyCensus.objects.bulk_create(
        DailyCensus(department=w, date=dt.date(2026, 3, 1) + dt.timedelta(days=d), inpatients=5, staffed_beds=8)
        for w in wards
        for d in range(10)
    )


def _count(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_cockpit_query_count_does_not_grow_with_the_department(hospital, client_for):
    client = client_for(hospital.head_medicine)
    url = f"/performance/cockpit/{hospital.medicine.pk}/"
    _grow(hospital.medicine, 2)
    small = _count(client, url)
    _grow(hospital.medicine, 30)
    assert _count(client, url) <= small
