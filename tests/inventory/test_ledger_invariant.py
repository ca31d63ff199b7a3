"""Property: any sequence of receive, issue, transfer, adjust and reverse keeps every
balance equal to its ledger sum and never below zero; refusals write nothing."""

import datetime as dt
import itertools

import pytest
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hospital.errors import DomainError
from inventory import services
from inventory.models import StockBalance, StockMovement
from tests.inventory.factories import ItemFactory

pytestmark = pytest.mark.django_db

_runs = itertools.count()

operation = st.one_of(
    st.tuples(st.just("receive"), st.integers(0, 1), st.integers(1, 30), st.integers(0, 2)),
    st.tuples(st.just("issue"), st.integers(0, 1), st.integers(1, 40)),
    st.tuples(st.just("transfer"), st.integers(0, 1), st.integers(1, 40)),
    st.tuples(st.just("adjust"), st.integers(0, 1), st.integers(-20, 20), st.integers(0, 2)),
    st.tuples(st.just("reverse"), st.integers(0, 50)),
)


def _check_invariant(store_ids):
    ledger = {
        (row["store_id"], row["lot_id"]): row["total"]
        for row in StockMovement.objects.filter(store_id__in=store_ids)
        .values("store_id", "lot_id")
        .annotate(total=Sum("quantity"))
    }
    balances = {(b.store_id, b.lot_id): b.quantity for b in StockBalance.objects.filter(store_id__in=store_ids)}
    assert all(quantity >= 0 for quantity in balances.values())
    assert {k: v for k, v in balances.items() if v} == {k: v for k, v in ledger.items() if v}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(operation, max_size=12))
def test_balances_always_equal_the_ledger(hospital, stores, operations):
    run = next(_runs)
    user = stores.pharmacist
    pair = (stores.pharmacy, stores.icu_ward)
    stores.icu_ward.keepers.add(user)
    item = ItemFactory(code=f"PROP{run}")
    today = timezone.localdate()
    lots = []
    for op in operations:
        try:
            if op[0] == "receive":
                _, where, quantity, lot_index = op
                number = f"P{run}-{lot_index}"
                services.receive(
                    user=user,
                    store=pair[where],
                    lines=[
                        services.ReceiptLineInput(
                            item=item,
                            lot_number=number,
                            expiry=today + dt.timedelta(days=200 + 100 * lot_index),
                            quantity_accepted=quantity,
                            unit_cost=1,
                        )
                    ],
                )
                lots = list(item.lots.order_by("number"))
            elif op[0] == "issue":
                services.issue(user=user, store=pair[op[1]], item=item, quantity=op[2], department=hospital.icu)
            elif op[0] == "transfer":
                services.transfer(user=user, source=pair[op[1]], destination=pair[1 - op[1]], item=item, quantity=op[2])
            elif op[0] == "adjust" and lots:
                services.adjust(
                    user=user, store=pair[op[1]], lot=lots[op[3] % len(lots)], quantity=op[2] or 1, reason="count"
                )
            elif op[0] == "reverse":
                movements = list(StockMovement.objects.filter(item=item).order_by("id"))
                if movements:
                    services.reverse(user=user, movement=movements[op[1] % len(movements)], reason="mistake")
        except DomainError:
            pass  # a refusal is fine; it must have written nothing, which the invariant checks
        _check_invariant([s.pk for s in pair])
