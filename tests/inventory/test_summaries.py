"""The inventory summaries stay equal to a rebuild from the ledger, whatever the stock
services are asked to do and on whatever day (hypothesis draws the writes and the days
they happen on; refused writes must leave the summaries as they were). Real PostgreSQL,
real services."""

import contextlib
import datetime as dt
import itertools
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hospital.errors import DomainError
from inventory import services, summaries
from inventory.models import ConsumptionMonth, DepartmentConsumptionMonth, StockMovement, StockOnHand
from tests.inventory.factories import ItemFactory

pytestmark = pytest.mark.django_db

KEYS = {
    StockOnHand: ("store_id", "item_id", "quantity", "value"),
    ConsumptionMonth: ("store_id", "item_id", "month", "issued", "cost"),
    DepartmentConsumptionMonth: ("department_id", "store_id", "month", "quantity", "cost"),
}
START = dt.datetime(2026, 9, 20, 10, 0, tzinfo=dt.UTC)  # the draws span three month ends

_runs = itertools.count()


def _stored():
    return {model: sorted(model.objects.values_list(*keys)) for model, keys in KEYS.items()}


def _rebuilt():
    return {
        model: sorted(tuple(getattr(row, k) for k in KEYS[model]) for row in rows)
        for model, rows in summaries.rebuilt().items()
    }


day = st.integers(0, 100)
operation = st.one_of(
    st.tuples(st.just("receive"), day, st.integers(0, 1), st.integers(1, 30), st.integers(0, 2)),
    st.tuples(st.just("issue"), day, st.integers(0, 1), st.integers(1, 40), st.integers(0, 1)),
    st.tuples(st.just("transfer"), day, st.integers(0, 1), st.integers(1, 40)),
    st.tuples(st.just("adjust"), day, st.integers(0, 1), st.integers(-20, 20), st.integers(0, 2)),
    st.tuples(st.just("write_off"), day, st.integers(0, 1), st.integers(1, 10), st.integers(0, 2)),
    st.tuples(st.just("return"), day, st.integers(0, 1), st.integers(1, 10), st.integers(0, 2)),
    st.tuples(st.just("count"), day, st.integers(0, 1), st.integers(0, 30), st.integers(0, 2)),
    st.tuples(st.just("reverse"), day, st.integers(0, 50)),
)


def _apply(op, *, user, pair, item, departments, lots, run):
    kind, when, *args = op
    with time_machine.travel(START + dt.timedelta(days=when), tick=False):
        if kind == "receive":
            where, quantity, lot_index = args
            services.receive(
                user=user,
                store=pair[where],
                lines=[
                    services.ReceiptLineInput(
                        item=item,
                        lot_number=f"S{run}-{lot_index}",
                        expiry=dt.date(2029, 1, 1) + dt.timedelta(days=lot_index),
                        quantity_accepted=quantity,
                        # each lot keeps the cost of its first receipt: a later one at another cost
                        # changes the movement's cost, not the lot's
                        unit_cost=Decimal("1.25") + lot_index + quantity % 3,
                    )
                ],
            )
        elif kind == "issue":
            where, quantity, department = args
            services.issue(
                user=user, store=pair[where], item=item, quantity=quantity, department=departments[department]
            )
        elif kind == "transfer":
            where, quantity = args
            services.transfer(user=user, source=pair[where], destination=pair[1 - where], item=item, quantity=quantity)
        elif kind in ("adjust", "write_off", "return", "count") and lots:
            where, quantity, lot_index = args
            lot = lots[lot_index % len(lots)]
            if kind == "adjust":
                services.adjust(user=user, store=pair[where], lot=lot, quantity=quantity or 1, reason="count")
            elif kind == "write_off":
                services.write_off(user=user, store=pair[where], lot=lot, quantity=quantity, reason="damaged")
            elif kind == "return":
                services.return_stock(
                    user=user, store=pair[where], lot=lot, quantity=quantity, department=departments[0]
                )
            else:
                stocktake = services.start_stocktake(user=user, store=pair[where])
                services.record_counts(user=user, stocktake=stocktake, counts={lot: quantity})
                services.post_stocktake(user=user, stocktake=stocktake, reason="count")
        elif kind == "reverse":
            movements = list(StockMovement.objects.filter(item=item).order_by("id"))
            if movements:
                services.reverse(user=user, movement=movements[args[0] % len(movements)], reason="mistake")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(operation, max_size=14))
def test_incremental_summaries_equal_the_rebuild(hospital, stores, operations):
    run = next(_runs)
    user = stores.pharmacist
    pair = (stores.pharmacy, stores.icu_ward)
    stores.icu_ward.keepers.add(user)
    item = ItemFactory(code=f"SUM{run}")
    departments = (hospital.icu, hospital.cardiology)
    for op in operations:
        lots = list(item.lots.order_by("number"))
        before = _stored()
        try:
            _apply(op, user=user, pair=pair, item=item, departments=departments, lots=lots, run=run)
        except DomainError:
            assert _stored() == before  # a refusal changes no summary
        assert _stored() == _rebuilt()


def test_the_rebuild_command_repairs_a_summary(hospital, stores, capsys):
    item = ItemFactory()
    services.receive(
        user=stores.pharmacist,
        store=stores.pharmacy,
        lines=[
            services.ReceiptLineInput(
                item=item, lot_number="R1", expiry=dt.date(2029, 1, 1), quantity_accepted=40, unit_cost=Decimal("2")
            )
        ],
    )
    services.issue(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=15, department=hospital.icu)
    expected = _stored()
    assert expected[StockOnHand] == [(stores.pharmacy.pk, item.pk, 25, Decimal("50.0000"))]
    assert [row[3:] for row in expected[ConsumptionMonth]] == [(15, Decimal("30.0000"))]
    StockOnHand.objects.all().delete()
    ConsumptionMonth.objects.update(issued=1)
    call_command("rebuild_inventory_summaries")
    assert _stored() == expected
    assert "inventory_stockonhand: 1 rows" in capsys.readouterr().out


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(operation, min_size=3, max_size=14))
def test_consumption_by_period_from_the_summary_equals_the_ledger(hospital, stores, operations):
    """The metric `performance` reads: month periods come from DepartmentConsumptionMonth,
    and equal the same figures read from the raw ledger, per department and in all."""
    from inventory import selectors

    run = next(_runs)
    user = stores.pharmacist
    pair = (stores.pharmacy, stores.icu_ward)
    stores.icu_ward.keepers.add(user)
    item = ItemFactory(code=f"CBP{run}")
    departments = (hospital.icu, hospital.cardiology)
    for op in operations:
        with contextlib.suppress(DomainError):  # a refused draw writes nothing
            _apply(op, user=user, pair=pair, item=item, departments=departments, lots=list(item.lots.all()), run=run)
    months = [(dt.date(2026, m, 1), dt.date(2026, m + 1, 1) - dt.timedelta(days=1)) for m in (8, 9, 10, 11)]
    months += [(dt.date(2026, 12, 1), dt.date(2026, 12, 31)), (dt.date(2026, 9, 1), dt.date(2026, 12, 31))]
    with time_machine.travel(START + dt.timedelta(days=101), tick=False):  # after the last draw
        for department in (None, hospital.icu, hospital.cardiology):
            assert selectors.consumption_by_period(department, months) == selectors.consumption_by_period_from_ledger(
                department, months
            )
