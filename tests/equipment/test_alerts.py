"""Daily maintenance alerts: to whom, and only once however often the task runs."""

import datetime as dt

import pytest
from django.utils import timezone

from equipment.tasks import send_maintenance_alerts
from hospital.models import Notification
from tests.equipment.factories import EquipmentFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(hospital, settings):
    settings.EQUIPMENT_DUE_SOON_DAYS = 7
    today = timezone.localdate()
    engineer = hospital.engineer
    monitor = EquipmentFactory(department=hospital.cardiology, asset_tag="MON-1")
    vent = EquipmentFactory(department=hospital.cardiology, asset_tag="VENT-1", risk_class="high", is_life_support=True)
    return {
        "soon": PlanFactory(
            equipment=monitor, kind="preventive", engineer=engineer, next_due=today + dt.timedelta(days=5)
        ),
        "later": PlanFactory(
            equipment=monitor, kind="calibration", engineer=engineer, next_due=today + dt.timedelta(days=9)
        ),
        "overdue": PlanFactory(
            equipment=monitor, kind="safety_test", engineer=engineer, next_due=today - dt.timedelta(days=3)
        ),
        "overdue_high": PlanFactory(
            equipment=vent, kind="calibration", engineer=engineer, next_due=today - dt.timedelta(days=1)
        ),
    }


def keys(user):
    return set(Notification.objects.filter(recipient=user).values_list("dedupe_key", flat=True))


def test_due_soon_goes_to_the_engineer_overdue_also_to_head_and_admins_for_high_risk(hospital, plans):
    send_maintenance_alerts()
    engineer_keys = keys(hospital.engineer)
    assert any(k.startswith(f"equipment.plan_due:{plans['soon'].pk}:") for k in engineer_keys)
    assert not any(k.startswith(f"equipment.plan_due:{plans['later'].pk}:") for k in engineer_keys)
    overdue = f"equipment.plan_overdue:{plans['overdue'].pk}:{plans['overdue'].next_due.isoformat()}"
    high = f"equipment.plan_overdue:{plans['overdue_high'].pk}:{plans['overdue_high'].next_due.isoformat()}"
    assert {overdue, high} <= engineer_keys
    assert {overdue, high} <= keys(hospital.head_cardiology)
    assert high in keys(hospital.admin)
    assert overdue not in keys(hospital.admin)


def test_two_runs_send_each_alert_once(hospital, plans):
    first = send_maintenance_alerts()
    count = Notification.objects.count()
    second = send_maintenance_alerts()
    assert first > 0
    assert second == 0
    assert Notification.objects.count() == count


def test_warranty_ending_within_60_days(hospital):
    today = timezone.localdate()
    device = EquipmentFactory(department=hospital.icu, warranty_end=today + dt.timedelta(days=45))
    EquipmentFactory(department=hospital.icu, warranty_end=today + dt.timedelta(days=90))
    send_maintenance_alerts()
    assert keys(hospital.engineer) == {f"equipment.warranty:{device.pk}:{device.warranty_end.isoformat()}"}


def test_the_scan_is_set_based(hospital, plans, django_assert_max_num_queries):
    send_maintenance_alerts()
    for i in range(20):
        PlanFactory(
            equipment=EquipmentFactory(department=hospital.icu),
            kind="preventive",
            engineer=hospital.engineer,
            next_due=timezone.localdate() - dt.timedelta(days=2),
        )
    Notification.objects.all().delete()
    send_maintenance_alerts()
    # a second run over 24 plans: the scans and the keys, nothing per plan
    with django_assert_max_num_queries(8):
        send_maintenance_alerts()
