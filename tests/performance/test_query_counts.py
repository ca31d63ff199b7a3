"""The reports, the allocation pages, the exports and the API run a fixed number of
queries whatever the number of departments, entries and runs."""

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hospital.models import DailyCensus, Department, DepartmentKind
from performance.models import AllocationRule, AllocationRun, Budget, CostCategory, CostEntry, DriverKind, DriverValue
from performance.services import run_allocation
from tests.performance.conftest import MONTH

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cost_centres")]
Q = "?first=2026-01&last=2026-03"
PAGES = [
    ("finance", "/performance/" + Q, 12),
    ("finance", "/performance/budget/" + Q, 12),
    ("finance", "/performance/kpis/" + Q, 16),
    ("finance", "/performance/entries/?cell_department={card}" + "&first=2026-01&last=2026-03", 12),
    ("finance", "/performance/allocation/", 12),
    ("finance", "/performance/allocation/{run}/", 12),
    ("finance", "/performance/budget.xlsx" + Q, 10),
    ("finance", "/performance/costs.xlsx" + Q, 18),
    ("finance", "/api/v1/performance/cost-entries/", 8),
    ("finance", "/api/v1/performance/budgets/", 8),
    ("finance", "/api/v1/performance/revenue-entries/", 8),
    ("finance", "/api/v1/performance/allocation-runs/", 8),
    ("finance", "/api/v1/performance/driver-values/", 8),
    ("finance", "/api/v1/performance/kpis/?first=2026-01&last=2026-03", 14),
    ("head_medicine", "/performance/budget/" + Q, 13),
    ("head_medicine", "/performance/kpis/" + Q, 16),
]


@pytest.fixture(autouse=True)
def _in_april():
    with time_machine.travel(dt.datetime(2026, 4, 15, 10, tzinfo=dt.UTC), tick=False):
        yield


def _add(hospital, n):
    """n more wards under Internal Medicine, each with three months of entries, budgets,
    census days and drivers, and n more entries for Cardiology; one more allocation run."""
    start = Department.objects.count()
    wards = [
        Department.objects.create(
            code=f"W{start + i:04d}", name=f"Ward {start + i}", kind=DepartmentKind.CLINICAL, parent=hospital.medicine
        )
        for i in range(n)
    ]
    categories = list(CostCategory.objects.all())
    months = [dt.date(2026, m, 1) for m in (1, 2, 3)]
    CostEntry.objects.bulk_create(
        CostEntry(department=w, month=m, category=c, amount=D("100.00"))
        for w in wards
        for m in months
        for c in categories[:3]
    )
    CostEntry.objects.bulk_create(
        CostEntry(department=hospital.cardiology, month=MONTH, category=categories[i % 8], amount=D("1.00"))
        for i in range(n)
    )
    Budget.objects.bulk_create(
        Budget(department=w, month=m, category=c, amount=D("90.00"))
        for w in wards
        for m in months
        for c in categories[:3]
    )
    DailyCensus.objects.bulk_create(
        DailyCensus(department=w, date=MONTH + dt.timedelta(days=d), inpatients=10, discharges=1, staffed_beds=12)
        for w in wards
        for d in range(5)
    )
    DriverValue.objects.bulk_create(DriverValue(department=w, month=MONTH, kind=DriverKind.FTE, value=3) for w in wards)
    return run_allocation(month=MONTH, method="step_down", user=None)


def _count(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(("who", "url", "limit"), PAGES)
def test_queries_do_not_grow_with_rows(hospital, client_for, who, url, limit):
    AllocationRule.objects.create(order=1, department=hospital.quality_office, driver=DriverKind.FTE)
    client = client_for(getattr(hospital, who))
    run = _add(hospital, 3)
    target = url.format(card=hospital.cardiology.pk, run=run.pk)
    small = _count(client, target)
    _add(hospital, 40)
    large = _count(client, target.replace(f"/{run.pk}/", f"/{AllocationRun.objects.latest('id').pk}/"))
    assert small <= limit, (url, small)
    assert large <= small, (url, small, large)
