"""Daily alerts: near expiry at 90/60/30 days and low stock, once however often the task runs."""

import datetime as dt

import pytest
from django.utils import timezone

from hospital.models import Notification
from inventory import tasks
from inventory.models import Lot
from tests.inventory.factories import ItemFactory, receive_lot

pytestmark = pytest.mark.django_db


def test_near_expiry_alerts_once_per_lot_and_horizon(hospital, stores):
    today = timezone.localdate()
    item = ItemFactory(reorder_point=0)
    receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=5, days=75, lot="L75")
    receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=5, days=20, lot="L20")
    receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=5, days=200, lot="L200")
    keepers = 2  # both pharmacists keep the pharmacy

    assert tasks.send_near_expiry_alerts() == 2 * keepers
    tasks.send_near_expiry_alerts()  # a second run writes nothing new
    keys = set(Notification.objects.values_list("dedupe_key", flat=True))
    assert len(keys) == 2 and Notification.objects.count() == 2 * keepers
    assert any(key.endswith(":90") for key in keys) and any(key.endswith(":30") for key in keys)

    # forty days on, L75 is inside 60 days: one new alert per keeper, the rest deduplicated
    tasks.send_near_expiry_alerts(today=today + dt.timedelta(days=16))
    assert Notification.objects.count() == 3 * keepers


def test_low_stock_alerts_keepers_and_head_once_a_day(hospital, stores):
    stores.cardiology_ward.keepers.add(hospital.nurse_cardiology)
    item = ItemFactory(reorder_point=50)
    receive_lot(user=hospital.admin, store=stores.cardiology_ward, item=item, quantity=10)
    tasks.send_low_stock_alerts()
    tasks.send_low_stock_alerts()
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {"nurse_cardiology", "head_cardiology"}
    assert Notification.objects.count() == 2


def test_expired_lots_are_quarantined_and_keepers_told_once(hospital, stores):
    item = ItemFactory(reorder_point=0)
    lot = receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=5, days=3)
    later = timezone.localdate() + dt.timedelta(days=4)
    assert tasks.quarantine_expired_lots(today=later) == 1
    assert tasks.quarantine_expired_lots(today=later) == 0
    lot.refresh_from_db()
    assert lot.quarantined
    assert Notification.objects.filter(dedupe_key__startswith="inventory.expired").count() == 2
    assert Lot.objects.filter(quarantined=True).count() == 1
