"""The demo: about 300 items with valid GTINs, a year of stock whose balances equal the
ledger, short-dated and expired lots, idempotent."""

import io

import pytest
from django.db.models import Sum
from django.utils import timezone

from hospital import demo as core_demo
from inventory import demo, gs1
from inventory.models import ConsumptionMonth, Item, Lot, Requisition, StockBalance, StockMovement, StockOnHand
from tests.inventory.test_summaries import _rebuilt as _rebuilt_summaries
from tests.inventory.test_summaries import _stored as _stored_summaries

pytestmark = pytest.mark.django_db


def test_demo_seeds_a_consistent_year_and_runs_twice_without_change():
    out = io.StringIO()
    core_demo.seed(scale="small", stdout=out)
    demo.seed(scale="small", stdout=out)
    assert 280 <= Item.objects.count() <= 320
    assert all(gs1.normalise_gtin(gtin) == gtin for gtin in Item.objects.values_list("gtin", flat=True))
    assert Item.objects.filter(is_controlled=True, name__startswith="Morphine").exists()
    assert Item.objects.filter(is_high_value=True, name__contains="stent").exists()
    ledger = {
        (row["store_id"], row["lot_id"]): row["total"]
        for row in StockMovement.objects.values("store_id", "lot_id").annotate(total=Sum("quantity"))
    }
    balances = {(b.store_id, b.lot_id): b.quantity for b in StockBalance.objects.all()}
    assert balances == ledger
    assert not StockBalance.objects.filter(quantity__lt=0).exists()
    # the year is a bulk insert followed by one rebuild: the summaries equal a rebuild now
    assert _stored_summaries() == _rebuilt_summaries()
    assert StockOnHand.objects.filter(quantity__gt=0).exists() and ConsumptionMonth.objects.exists()
    on_hand = StockBalance.objects.values("store_id", "item_id").annotate(total=Sum("quantity")).order_by()
    assert {(r["store_id"], r["item_id"]): r["total"] for r in on_hand if r["total"]} == {
        (s.store_id, s.item_id): s.quantity for s in StockOnHand.objects.exclude(quantity=0)
    }
    today = timezone.localdate()
    held = StockBalance.objects.filter(quantity__gt=0)
    assert held.filter(lot__expiry__lt=today).exists()
    assert held.filter(lot__expiry__gte=today, lot__expiry__lte=today + timezone.timedelta(days=30)).exists()
    assert set(Requisition.objects.values_list("status", flat=True)) == {"raised", "fulfilled", "received"}
    counts = (Item.objects.count(), Lot.objects.count(), StockMovement.objects.count())
    demo.seed(scale="small", stdout=out)
    assert (Item.objects.count(), Lot.objects.count(), StockMovement.objects.count()) == counts
