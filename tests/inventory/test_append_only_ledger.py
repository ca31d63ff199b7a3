"""The ledger is append-only in the database itself: UPDATE and DELETE of a movement fail."""

import pytest
from django.db import DatabaseError, connection, transaction

from inventory.models import StockBalance, StockMovement
from tests.inventory.factories import ItemFactory, receive_lot

pytestmark = pytest.mark.django_db


@pytest.fixture
def movement(stores):
    receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=ItemFactory(), quantity=5)
    return StockMovement.objects.get()


def test_update_of_a_movement_fails_at_the_database(movement):
    with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
        StockMovement.objects.filter(pk=movement.pk).update(quantity=500)
    movement.refresh_from_db()
    assert movement.quantity == 5


def test_delete_of_a_movement_fails_at_the_database(movement):
    with (
        pytest.raises(DatabaseError, match="Cannot update or delete"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM inventory_stockmovement WHERE id = %s", [movement.pk])
    assert StockMovement.objects.filter(pk=movement.pk).exists()


def test_a_negative_balance_fails_at_the_database(movement):
    with pytest.raises(DatabaseError), transaction.atomic():
        StockBalance.objects.filter(lot=movement.lot).update(quantity=-1)
