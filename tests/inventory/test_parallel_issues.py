"""Real PostgreSQL connections issuing from the same stock at once end with the exact balance."""

import threading

import pytest
from django.db import connection

from inventory import services
from inventory.models import StockBalance, StockMovement
from inventory.services import ShortStock
from tests.inventory.factories import ItemFactory, receive_lot

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 8
ISSUES_PER_THREAD = 5


def test_parallel_issues_never_oversell(hospital, stores):
    item = ItemFactory()
    receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=30, days=100)
    receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=30, days=200)
    # 8 threads × 5 issues × 2 units = 80 asked for, 60 on hand: exactly 30 succeed
    done, refused, errors = [], [], []
    start = threading.Barrier(THREADS)

    def worker():
        try:
            start.wait()
            for _ in range(ISSUES_PER_THREAD):
                try:
                    services.issue(
                        user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=2, department=hospital.icu
                    )
                    done.append(1)
                except ShortStock:
                    refused.append(1)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert (len(done), len(refused)) == (30, 10)
    assert sum(StockBalance.objects.filter(store=stores.pharmacy).values_list("quantity", flat=True)) == 0
    assert StockMovement.objects.filter(kind="issue").count() == 30
