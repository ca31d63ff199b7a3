"""Purchase suggestions and expiry risk on the real ledger, hand-computed."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from inventory import services
from inventory.models import OrderStatus, PurchaseOrder
from tests.inventory.factories import ItemFactory, SupplierFactory, receive_lot

pytestmark = pytest.mark.django_db

# The rate window on 1 March 2027: 1 December to 1 March, 91 days (planning.rate_window).
FIRST_OF_MARCH = dt.datetime(2027, 3, 1, 2, 0, tzinfo=dt.UTC)  # 10:00 in the hospital


@pytest.fixture(autouse=True)
def first_of_march():
    with time_machine.travel(FIRST_OF_MARCH, tick=False):
        yield


def test_suggestion_from_the_rate_window_becomes_a_draft_order(hospital, stores, client_for):
    item = ItemFactory(pack_size=10, lead_time_days=7, safety_stock=5)
    supplier = SupplierFactory(name="Sinopharm")
    services.receive(
        user=stores.pharmacist,
        store=stores.pharmacy,
        supplier=supplier,
        lines=[
            services.ReceiptLineInput(
                item=item,
                lot_number="S1",
                expiry=timezone.localdate() + dt.timedelta(days=400),
                quantity_accepted=101,
                unit_cost=Decimal("2.00"),
            )
        ],
    )
    services.issue(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=91, department=hospital.icu)
    # 91 in the 91 days of the window = 1 a day; (7 + 14) × 1 + 5 − 10 on hand = 16 → 2 packs of 10 = 40.00
    client = client_for(stores.pharmacist)
    page = client.get(reverse("inventory:purchase_suggestions"), {"store": stores.pharmacy.pk, "horizon": 14})
    [line] = page.context["lines"]
    assert (line["suggestion"].units_needed, line["suggestion"].packs, line["suggestion"].cost) == (
        16,
        2,
        Decimal("40.00"),
    )
    assert line["cover"] == Decimal("10.0") and line["supplier"][1] == "Sinopharm"
    capped = client.get(reverse("inventory:purchase_suggestions"), {"store": stores.pharmacy.pk, "cap": "10"})
    assert capped.context["lines"][0]["within_cap"] is False

    client.post(
        reverse("inventory:purchase_suggestions") + f"?store={stores.pharmacy.pk}&horizon=14", {"item": [item.pk]}
    )
    order = PurchaseOrder.objects.get()
    assert (order.status, order.supplier, order.store) == (OrderStatus.DRAFT, supplier, stores.pharmacy)
    assert [(line.packs, line.pack_price) for line in order.lines.all()] == [(2, Decimal("20.00"))]
    assert client_for(hospital.nurse_icu).get(reverse("inventory:purchase_suggestions")).status_code == 403


def test_expiry_risk_with_a_transfer_to_a_store_that_uses_it(hospital, stores, client_for):
    item = ItemFactory()
    stores.icu_ward.keepers.add(stores.pharmacist)
    receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=151, days=400, lot="A")
    services.issue(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=91, department=hospital.icu)
    services.transfer(
        user=stores.pharmacist, source=stores.pharmacy, destination=stores.icu_ward, item=item, quantity=60
    )
    services.issue(user=stores.pharmacist, store=stores.icu_ward, item=item, quantity=60, department=hospital.icu)
    receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=30, days=9, lot="B")
    # pharmacy: 1 a day, lot B lasts 10 days (expiry day included) → 10 used, 20 at risk = 30.00
    # ICU ward: 60 ÷ 91 a day → 6 usable in those 10 days, holds none → take 6
    page = client_for(stores.pharmacist).get(reverse("inventory:expiry_risk"))
    [entry] = page.context["risks"]
    assert (entry.lot.number, entry.balance.quantity) == ("B", 30)
    assert (entry.quantity_at_risk, entry.value_at_risk) == (20, Decimal("30.00"))
    assert (entry.transfer_to, entry.transfer_quantity) == (stores.icu_ward, 6)
    assert entry.transfer_to.name == "ICU ward store"
    assert page.context["computed_at"] == timezone.now()
    assert list(client_for(hospital.nurse_cardiology).get(reverse("inventory:expiry_risk")).context["risks"]) == []


def test_the_rate_counts_issues_inside_the_window_only(hospital, stores):
    from inventory import selectors

    item = ItemFactory()
    with time_machine.travel(dt.datetime(2026, 11, 30, 2, 0, tzinfo=dt.UTC), tick=False):
        receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=500, days=400, lot="W")
        services.issue(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=300, department=hospital.icu)
    with time_machine.travel(dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC), tick=False):
        services.issue(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=91, department=hospital.icu)
    # on 1 March only December's 91 count, over 91 days; November's 300 are outside
    assert selectors.issue_rates(store_ids=[stores.pharmacy.pk]) == {(stores.pharmacy.pk, item.pk): Decimal(1)}


def test_expiry_risks_are_stored_for_the_day_and_recomputed_the_next(hospital, stores, client_for):
    from inventory import tasks
    from inventory.models import ExpiryRisk, ExpiryRiskRun

    item = ItemFactory()
    receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=30, days=9, lot="B")
    client = client_for(stores.pharmacist)
    [entry] = client.get(reverse("inventory:expiry_risk")).context["risks"]
    assert entry.quantity_at_risk == 30  # nothing issued: all of it
    # the same day, a new delivery is not in the stored risks: the page says when they were computed
    receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=5, days=20, lot="C")
    page = client.get(reverse("inventory:expiry_risk"))
    assert [e.lot.number for e in page.context["risks"]] == ["B"]
    assert "risk-computed-at" in page.content.decode()
    # the next day's first request finds yesterday's risks and recomputes them
    with time_machine.travel(FIRST_OF_MARCH + dt.timedelta(days=1), tick=False):
        page = client.get(reverse("inventory:expiry_risk"))
        assert sorted(e.lot.number for e in page.context["risks"]) == ["B", "C"]
        assert ExpiryRiskRun.objects.get().computed_on == dt.date(2027, 3, 2)
    # the nightly task quarantines, then stores the day's risks
    with time_machine.travel(FIRST_OF_MARCH + dt.timedelta(days=2), tick=False):
        tasks.quarantine_expired_lots()
        assert ExpiryRiskRun.objects.get().computed_on == dt.date(2027, 3, 3)
        assert ExpiryRisk.objects.filter(computed_on=dt.date(2027, 3, 3)).count() == 2
