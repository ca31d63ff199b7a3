"""The registered KPIs read the ledger: a worked month."""

import datetime as dt
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
import time_machine

from hospital import metric_registry
from inventory import services
from tests.inventory.factories import ItemFactory, receive_lot

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
JANUARY = (dt.date(2026, 1, 1), dt.date(2026, 1, 31))


def _at(day, hour=10):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False)


@pytest.fixture
def january(hospital, stores):
    stores.pharmacy.department = hospital.medicine
    stores.pharmacy.save()
    item = ItemFactory()
    with _at(dt.date(2025, 12, 20)):
        receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=600, unit_cost=D("1.00"))
        soon = receive_lot(
            user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=40, unit_cost=D("2.00"), days=60
        )
    with _at(dt.date(2026, 1, 10)):
        # FEFO takes the 40 short-dated first (80.00), then 270 at 1.00: 350.00 issued
        services.issue(
            user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=310, department=hospital.cardiology
        )
    return item, soon


def test_days_on_hand_turnover_and_value(hospital, january):
    compute = metric_registry.compute
    # opening 600 + 80 = 680, closing 680 − 350 = 330, average 505; issued 350 in 31 days
    assert compute("inventory.stock_value", None, *JANUARY) == D("330")
    assert compute("inventory.days_on_hand", None, *JANUARY) == D("44.7")  # 505 ÷ (350 ÷ 31)
    assert compute("inventory.turnover", None, *JANUARY).quantize(D("0.001")) == D("0.693")
    assert compute("inventory.consumption_cost", hospital.cardiology, *JANUARY) == D("350")
    assert compute("inventory.consumption_cost", hospital.icu, *JANUARY) == D("0")
    # the pharmacy belongs to Internal Medicine: the surgery tree holds none of it
    assert compute("inventory.stock_value", hospital.medicine, *JANUARY) == D("330")
    assert compute("inventory.stock_value", hospital.surgery, *JANUARY) == D("0")
