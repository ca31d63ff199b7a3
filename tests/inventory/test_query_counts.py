"""Lists run a fixed number of queries whatever the number of rows (10 and 500)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from inventory.models import Lot, MovementKind, StockBalance, StockMovement
from tests.inventory.factories import ItemFactory

pytestmark = pytest.mark.django_db


def _rows(stores, n):
    """n items, each with a lot, a balance and a movement in the pharmacy (bulk, for speed)."""
    today = timezone.localdate()
    items = [ItemFactory() for _ in range(n)]
    lots = Lot.objects.bulk_create(
        Lot(item=item, number=f"Q{item.pk}", expiry=today + dt.timedelta(days=20 + i), unit_cost=Decimal("1.00"))
        for i, item in enumerate(items)
    )
    StockBalance.objects.bulk_create(
        StockBalance(store=stores.pharmacy, item=lot.item, lot=lot, quantity=5) for lot in lots
    )
    StockMovement.objects.bulk_create(
        StockMovement(
            kind=MovementKind.RECEIPT,
            store=stores.pharmacy,
            item=lot.item,
            lot=lot,
            quantity=5,
            unit_cost=lot.unit_cost,
            batch="00000000-0000-0000-0000-000000000001",
            user=stores.pharmacist,
        )
        for lot in lots
    )
    return items


PAGES = [
    ("/inventory/items/", 9),
    ("/inventory/items/?sort=-on_hand", 9),
    ("/inventory/balances/", 11),
    ("/inventory/balances/?sort=-quantity", 11),
    ("/inventory/expiry/?days=90", 11),
    ("/inventory/balances/export.xlsx", 6),
    ("/inventory/expiry-risk/", 25),  # the first request of the day stores the risks
    ("/inventory/consumption/", 8),
    ("/inventory/requisitions/", 9),
    ("/inventory/stocktakes/", 9),
    ("/api/v1/inventory/balances/", 7),
    ("/api/v1/inventory/balances/?ordering=-quantity", 7),
    ("/api/v1/inventory/movements/", 7),
    ("/api/v1/inventory/items/", 5),
]


@pytest.mark.parametrize("n", [10, 500])
@pytest.mark.parametrize(("url", "limit"), PAGES)
def test_lists_keep_a_fixed_query_count(hospital, stores, client_for, django_assert_max_num_queries, n, url, limit):
    _rows(stores, n)
    client = client_for(hospital.finance)
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("n", [10, 500])
def test_item_ledger_keeps_a_fixed_query_count(stores, client_for, django_assert_max_num_queries, n):
    item = _rows(stores, 1)[0]
    lot = item.lots.get()
    StockMovement.objects.bulk_create(
        StockMovement(
            kind=MovementKind.ADJUSTMENT,
            store=stores.pharmacy,
            item=item,
            lot=lot,
            quantity=1,
            unit_cost=lot.unit_cost,
            batch="00000000-0000-0000-0000-000000000002",
            user=stores.pharmacist,
        )
        for _ in range(n)
    )
    client = client_for(stores.pharmacist)
    with django_assert_max_num_queries(12):
        assert client.get(f"/inventory/items/{item.pk}/").status_code == 200
