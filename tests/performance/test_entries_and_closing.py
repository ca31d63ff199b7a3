"""Entries, budgets and drivers are finance's to write, in cents, and a closed month refuses every change."""

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine

from hospital.errors import AccessDenied, ConflictError, DomainError
from performance import services
from performance.models import AllocationMethod, Budget, CostEntry, CostSource, DriverKind, MonthClose
from tests.performance.conftest import MONTH

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_april():
    with time_machine.travel(dt.datetime(2026, 4, 15, 10, tzinfo=dt.UTC), tick=False):
        yield


def test_finance_records_a_cost_entry_for_the_month(hospital, categories):
    entry = services.record_cost_entry(
        department=hospital.cardiology,
        month=dt.date(2026, 3, 17),
        category=categories["consumables"],
        amount="182,400.50",
        user=hospital.finance,
        reference="Stent consignment C-2026-031",
    )
    assert entry.month == MONTH
    assert entry.amount == D("182400.50")
    assert entry.source == CostSource.MANUAL


@pytest.mark.parametrize("amount", ["abc", "1.005", "NaN", "1e20", ""])
def test_a_bad_amount_is_refused_and_nothing_written(hospital, categories, amount):
    with pytest.raises(DomainError):
        services.record_cost_entry(
            department=hospital.cardiology,
            month=MONTH,
            category=categories["drugs"],
            amount=amount,
            user=hospital.finance,
        )
    assert not CostEntry.objects.exists()


@pytest.mark.parametrize("who", ["head_cardiology", "nurse_cardiology", "pharmacist", "quality_manager"])
def test_only_finance_and_administrators_write(hospital, categories, who):
    with pytest.raises(AccessDenied):
        services.set_budget(
            department=hospital.cardiology,
            category=categories["drugs"],
            month=MONTH,
            amount="1",
            user=getattr(hospital, who),
        )
    services.set_budget(
        department=hospital.cardiology, category=categories["drugs"], month=MONTH, amount="1", user=hospital.admin
    )


def test_setting_a_budget_twice_replaces_it(hospital, categories):
    for amount in ("100.00", "250.00"):
        services.set_budget(
            department=hospital.cardiology,
            category=categories["drugs"],
            month=MONTH,
            amount=amount,
            user=hospital.finance,
        )
    assert list(Budget.objects.values_list("amount", flat=True)) == [D("250.00")]


def test_a_negative_budget_is_refused(hospital, categories):
    with pytest.raises(DomainError):
        services.set_budget(
            department=hospital.cardiology,
            category=categories["drugs"],
            month=MONTH,
            amount="-1",
            user=hospital.finance,
        )


def test_collected_entries_are_not_edited_by_hand(hospital, categories):
    entry = CostEntry.objects.create(
        department=hospital.icu,
        month=MONTH,
        category=categories["drugs"],
        amount=D("10.00"),
        source=CostSource.INVENTORY,
    )
    with pytest.raises(ConflictError):
        services.update_cost_entry(entry=entry, user=hospital.finance, amount="12.00")
    with pytest.raises(ConflictError):
        services.delete_cost_entry(entry=entry, user=hospital.finance)


def _close_march(hospital, categories):
    services.record_cost_entry(
        department=hospital.icu, month=MONTH, category=categories["drugs"], amount="500.00", user=hospital.finance
    )
    services.run_allocation(month=MONTH, method=AllocationMethod.STEP_DOWN, user=hospital.finance)
    return services.close_month(month=MONTH, user=hospital.finance)


def test_closed_month_refuses_every_change(hospital, categories):
    _close_march(hospital, categories)
    entry = CostEntry.objects.get()
    before = list(CostEntry.objects.values_list("pk", "amount"))
    attempts = [
        lambda: services.record_cost_entry(
            department=hospital.icu, month=MONTH, category=categories["drugs"], amount="1.00", user=hospital.finance
        ),
        lambda: services.update_cost_entry(entry=entry, user=hospital.finance, amount="1.00"),
        lambda: services.delete_cost_entry(entry=entry, user=hospital.finance),
        lambda: services.record_revenue_entry(
            department=hospital.icu, month=MONTH, kind="inpatient", amount="1.00", user=hospital.finance
        ),
        lambda: services.set_budget(
            department=hospital.icu, category=categories["drugs"], month=MONTH, amount="1.00", user=hospital.finance
        ),
        lambda: services.set_driver_value(
            department=hospital.icu, month=MONTH, kind=DriverKind.FTE, value="3", user=hospital.finance
        ),
        lambda: services.collect_month(month=MONTH, user=hospital.finance),
        lambda: services.run_allocation(month=MONTH, method=AllocationMethod.DIRECT, user=hospital.finance),
        lambda: services.close_month(month=MONTH, user=hospital.finance),
    ]
    for attempt in attempts:
        with pytest.raises(ConflictError):
            attempt()
    assert list(CostEntry.objects.values_list("pk", "amount")) == before
    assert MonthClose.objects.count() == 1


def test_a_month_closes_only_after_it_ended_and_with_a_run(hospital, categories):
    with pytest.raises(DomainError):
        services.close_month(month=dt.date(2026, 4, 1), user=hospital.finance)
    with pytest.raises(DomainError):
        services.close_month(month=MONTH, user=hospital.finance)  # no allocation run yet
    assert _close_march(hospital, categories).month == MONTH
    assert services.is_closed(MONTH)


@pytest.mark.parametrize("text", ["2026-13", "march", "", "0026-03", "2026-03-40"])
def test_a_bad_month_is_a_domain_error(text):
    with pytest.raises(DomainError):
        services.parse_month(text)


def test_months_parse_from_year_month():
    assert services.parse_month("2026-03") == MONTH
