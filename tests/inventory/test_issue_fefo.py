"""Issuing to a department: earliest expiry first, never expired or quarantined lots,
and a refusal that says how much is available and writes nothing."""

import datetime as dt

import pytest
from django.utils import timezone

from hospital.errors import AccessDenied, DomainError
from inventory import services
from inventory.models import MovementKind, StockBalance, StockMovement
from inventory.services import ShortStock
from tests.inventory.factories import ItemFactory, receive_lot

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        list(StockBalance.objects.order_by("pk").values_list("pk", "quantity")),
        StockMovement.objects.count(),
    )


def test_issue_takes_the_earliest_expiry_first(hospital, stores):
    item = ItemFactory()
    user = stores.pharmacist
    late = receive_lot(user=user, store=stores.pharmacy, item=item, quantity=10, days=400, lot="LATE")
    early = receive_lot(user=user, store=stores.pharmacy, item=item, quantity=4, days=100, lot="EARLY")
    middle = receive_lot(user=user, store=stores.pharmacy, item=item, quantity=5, days=200, lot="MIDDLE")

    movements = services.issue(user=user, store=stores.pharmacy, item=item, quantity=12, department=hospital.cardiology)

    assert [(m.lot.number, m.quantity) for m in movements] == [("EARLY", -4), ("MIDDLE", -5), ("LATE", -3)]
    assert {m.kind for m in movements} == {MovementKind.ISSUE}
    assert {m.department_id for m in movements} == {hospital.cardiology.pk}
    assert len({m.batch for m in movements}) == 1
    quantities = dict(StockBalance.objects.filter(store=stores.pharmacy).values_list("lot_id", "quantity"))
    assert quantities == {early.pk: 0, middle.pk: 0, late.pk: 7}


def test_over_issue_is_refused_with_the_available_quantity_and_nothing_written(hospital, stores):
    item = ItemFactory(base_unit="capsule")
    receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=7)
    before = _snapshot()

    with pytest.raises(ShortStock) as refused:
        services.issue(
            user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=8, department=hospital.cardiology
        )

    assert refused.value.available == 7
    assert refused.value.status_code == 409
    assert "Only 7 capsule" in refused.value.message
    assert _snapshot() == before


def test_expired_and_quarantined_lots_are_never_issued(hospital, stores):
    item = ItemFactory()
    user = stores.pharmacist
    expiring = receive_lot(user=user, store=stores.pharmacy, item=item, quantity=5, days=10, lot="SOON")
    held = receive_lot(user=user, store=stores.pharmacy, item=item, quantity=5, days=300, lot="HELD")
    good = receive_lot(user=user, store=stores.pharmacy, item=item, quantity=3, days=500, lot="GOOD")
    services.set_quarantine(user=user, lot=held, quarantined=True, reason="Supplier recall")
    # eleven days later "SOON" expired yesterday (expiry before today, hospital date)
    later = timezone.localdate() + dt.timedelta(days=11)
    before = _snapshot()

    with pytest.raises(ShortStock) as refused:
        services.issue(user=user, store=stores.pharmacy, item=item, quantity=4, department=hospital.icu, today=later)
    assert refused.value.available == 3
    assert _snapshot() == before

    movements = services.issue(
        user=user, store=stores.pharmacy, item=item, quantity=3, department=hospital.icu, today=later
    )
    assert [m.lot_id for m in movements] == [good.pk]
    assert expiring.pk not in {m.lot_id for m in movements}


def test_a_lot_expiring_today_may_still_be_issued(hospital, stores):
    item = ItemFactory()
    lot = receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=2, days=30)
    on_the_day = lot.expiry
    movements = services.issue(
        user=stores.pharmacist,
        store=stores.pharmacy,
        item=item,
        quantity=2,
        department=hospital.icu,
        today=on_the_day,
    )
    assert sum(m.quantity for m in movements) == -2


def test_only_keepers_issue_and_a_department_is_required(hospital, stores):
    item = ItemFactory()
    receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=5)
    with pytest.raises(AccessDenied):
        services.issue(
            user=hospital.nurse_cardiology,
            store=stores.pharmacy,
            item=item,
            quantity=1,
            department=hospital.cardiology,
        )
    with pytest.raises(DomainError) as refused:
        services.issue(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=1, department=None)
    assert refused.value.field == "department"
    for bad in (0, -3, "2", 2.5, True):
        with pytest.raises(DomainError):
            services.issue(
                user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=bad, department=hospital.icu
            )
