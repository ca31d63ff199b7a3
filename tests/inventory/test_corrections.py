"""Transfers, adjustments, write-offs and reversals keep the ledger and balances exact."""

import pytest
from django.db.models import Sum

from hospital.errors import ConflictError, DomainError
from inventory import services
from inventory.models import MovementKind, StockBalance, StockMovement
from inventory.services import ShortStock
from tests.inventory.factories import ItemFactory, receive_lot

pytestmark = pytest.mark.django_db


def _balance(store, lot):
    return StockBalance.objects.get(store=store, lot=lot).quantity


def test_transfer_moves_lot_by_lot_in_one_batch(stores):
    item = ItemFactory()
    first = receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=5, days=100)
    second = receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=5, days=200)
    movements = services.transfer(
        user=stores.pharmacist, source=stores.pharmacy, destination=stores.icu_ward, item=item, quantity=7
    )
    assert sorted((m.kind, m.lot_id, m.quantity) for m in movements) == sorted(
        [
            (MovementKind.TRANSFER_OUT, first.pk, -5),
            (MovementKind.TRANSFER_OUT, second.pk, -2),
            (MovementKind.TRANSFER_IN, first.pk, 5),
            (MovementKind.TRANSFER_IN, second.pk, 2),
        ]
    )
    assert (_balance(stores.icu_ward, first), _balance(stores.icu_ward, second)) == (5, 2)
    with pytest.raises(DomainError):
        services.transfer(
            user=stores.pharmacist, source=stores.pharmacy, destination=stores.pharmacy, item=item, quantity=1
        )


def test_adjustment_needs_a_reason_and_cannot_go_below_zero(stores):
    lot = receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=ItemFactory(), quantity=5)
    with pytest.raises(DomainError):
        services.adjust(user=stores.pharmacist, store=stores.pharmacy, lot=lot, quantity=-1, reason=" ")
    with pytest.raises(ShortStock) as refused:
        services.adjust(user=stores.pharmacist, store=stores.pharmacy, lot=lot, quantity=-6, reason="Count")
    assert refused.value.available == 5
    services.adjust(user=stores.pharmacist, store=stores.pharmacy, lot=lot, quantity=-2, reason="Broken")
    assert _balance(stores.pharmacy, lot) == 3


def test_write_off_needs_a_known_reason(stores):
    lot = receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=ItemFactory(), quantity=5)
    with pytest.raises(DomainError):
        services.write_off(user=stores.pharmacist, store=stores.pharmacy, lot=lot, quantity=1, reason="bored")
    movement = services.write_off(user=stores.pharmacist, store=stores.pharmacy, lot=lot, quantity=5, reason="expired")
    assert (movement.kind, movement.quantity) == (MovementKind.WRITE_OFF, -5)


def test_reversal_undoes_a_whole_issue_once(hospital, stores):
    item = ItemFactory()
    lot_a = receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=3, days=100)
    lot_b = receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=3, days=200)
    issued = services.issue(
        user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=5, department=hospital.icu
    )
    reversals = services.reverse(user=stores.pharmacist, movement=issued[0], reason="Wrong ward")
    assert sorted(m.quantity for m in reversals) == [2, 3]
    assert {m.reverses_id for m in reversals} == {m.pk for m in issued}
    assert (_balance(stores.pharmacy, lot_a), _balance(stores.pharmacy, lot_b)) == (3, 3)
    with pytest.raises(ConflictError):
        services.reverse(user=stores.pharmacist, movement=issued[1], reason="Again")
    with pytest.raises(ConflictError):
        services.reverse(user=stores.pharmacist, movement=reversals[0], reason="Undo the undo")


def test_a_receipt_whose_stock_has_moved_on_cannot_be_reversed(hospital, stores):
    item = ItemFactory()
    receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=4)
    services.issue(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=3, department=hospital.icu)
    receipt = StockMovement.objects.get(kind=MovementKind.RECEIPT)
    before = StockMovement.objects.count()
    with pytest.raises(ShortStock):
        services.reverse(user=stores.pharmacist, movement=receipt, reason="Wrong delivery")
    assert StockMovement.objects.count() == before


def test_stocktake_posts_differences_as_adjustments(stores):
    item = ItemFactory()
    lot_a = receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=10)
    lot_b = receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=8)
    stocktake = services.start_stocktake(user=stores.pharmacist, store=stores.pharmacy)
    assert dict(stocktake.lines.values_list("lot_id", "expected")) == {lot_a.pk: 10, lot_b.pk: 8}
    with pytest.raises(DomainError):
        services.record_counts(user=stores.pharmacist, stocktake=stocktake, counts={lot_a: -1, lot_b: "x"})
    services.record_counts(user=stores.pharmacist, stocktake=stocktake, counts={lot_a: 9, lot_b: 8})
    written = services.post_stocktake(user=stores.pharmacist, stocktake=stocktake, reason="Monthly count")
    assert written == 1
    assert _balance(stores.pharmacy, lot_a) == 9
    assert StockMovement.objects.filter(kind=MovementKind.ADJUSTMENT).aggregate(s=Sum("quantity"))["s"] == -1
    with pytest.raises(ConflictError):
        services.post_stocktake(user=stores.pharmacist, stocktake=stocktake, reason="Again")
