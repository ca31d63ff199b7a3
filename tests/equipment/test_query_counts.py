"""Lists, the board and the device page run a fixed number of queries whatever the number of rows."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from equipment import risk_ranking, summaries
from equipment.models import Equipment, MaintenancePlan, StatusChange, WorkOrder, WorkOrderStatus
from tests.equipment.factories import EquipmentFactory

pytestmark = pytest.mark.django_db

STATUSES = [WorkOrderStatus.OPEN, WorkOrderStatus.ASSIGNED, WorkOrderStatus.IN_PROGRESS, WorkOrderStatus.WAITING_PARTS]
PAGES = [
    ("engineer", "/equipment/", 12),
    ("engineer", "/equipment/?due=overdue&risk=medium", 12),
    ("engineer", "/equipment/work-orders/", 14),
    ("engineer", "/equipment/work-orders/column/open/", 10),
    ("engineer", "/equipment/work-orders/column/assigned/?page=2", 10),
    ("engineer", "/equipment/devices/BIG-1/", 16),
    ("engineer", "/equipment/maintenance/", 12),
    ("engineer", "/equipment/maintenance/week/0/", 10),
    ("engineer", "/equipment/risk/", 8),
    ("engineer", "/equipment/risk/?page=3", 8),
    ("engineer", "/equipment/labels/", 12),
    ("engineer", "/equipment/kpis/", 14),
    ("engineer", "/equipment/export.xlsx", 8),
    ("engineer", "/equipment/maintenance/compliance.xlsx", 8),
    ("engineer", "/api/v1/equipment/devices/", 8),
    ("engineer", "/api/v1/equipment/work-orders/", 8),
    ("engineer", "/api/v1/equipment/plans/", 8),
    ("engineer", "/api/v1/equipment/status-changes/", 8),
    ("head_medicine", "/equipment/", 13),
    ("head_medicine", "/equipment/kpis/", 15),
    ("nurse_cardiology", "/equipment/", 13),
]


def _add(hospital, n):
    """n devices in Cardiology, each with a plan, a status change and a work order; the
    device BIG-1 gets n more work orders and status changes (a long history)."""
    today = timezone.localdate()
    now = timezone.now()
    start = Equipment.objects.count()
    devices = Equipment.objects.bulk_create(
        Equipment(
            asset_tag=f"Q{start + i:05d}",
            name="Infusion pump",
            category="infusion_pump",
            department=hospital.cardiology,
            risk_class="medium",
            status="in_service",
            commissioned_on=today - dt.timedelta(days=400),
            purchase_cost=20000,
        )
        for i in range(n)
    )
    MaintenancePlan.objects.bulk_create(
        MaintenancePlan(
            equipment=d,
            kind="preventive",
            interval_value=6,
            interval_unit="months",
            next_due=today - dt.timedelta(days=i % 30 - 5),
        )
        for i, d in enumerate(devices)
    )
    StatusChange.objects.bulk_create(
        StatusChange(equipment=d, from_status="", to_status="in_service", at=now - dt.timedelta(days=400))
        for d in devices
    )
    WorkOrder.objects.bulk_create(
        WorkOrder(
            equipment=d,
            kind="corrective",
            fault_description="x",
            status=STATUSES[i % 4],
            reported_at=now,
            engineer=hospital.engineer,
        )
        for i, d in enumerate(devices)
    )
    big = Equipment.objects.get(asset_tag="BIG-1")
    WorkOrder.objects.bulk_create(
        WorkOrder(
            equipment=big,
            kind="corrective",
            fault_description="y",
            status="completed",
            outcome="repaired",
            reported_at=now - dt.timedelta(days=i + 1),
            started_at=now - dt.timedelta(days=i + 1),
            completed_at=now - dt.timedelta(days=i),
        )
        for i in range(n)
    )
    StatusChange.objects.bulk_create(
        StatusChange(
            equipment=big,
            from_status=("under_repair", "in_service")[i % 2],
            to_status=("in_service", "under_repair")[i % 2],
            at=now - dt.timedelta(hours=n - i),
        )
        for i in range(n)
    )
    summaries.rebuild()  # the rows above were bulk-created around the services


def _count(client, url):
    cache.clear()  # the KPI rows are cached: count a cold page
    risk_ranking.refresh()  # beat's work: the failure-risk list reads the stored ranking
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.fixture
def big_device(hospital):
    return EquipmentFactory(department=hospital.cardiology, asset_tag="BIG-1")


@pytest.mark.parametrize(("who", "url", "limit"), PAGES)
def test_queries_do_not_grow_with_rows(hospital, big_device, client_for, who, url, limit):
    client = client_for(getattr(hospital, who))
    _add(hospital, 10)
    small = _count(client, url)
    _add(hospital, 490)
    large = _count(client, url)
    assert small <= limit, (url, small)
    assert large <= small, (url, small, large)
