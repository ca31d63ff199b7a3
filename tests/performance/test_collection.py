"""Monthly collection takes each department's drugs, consumables, maintenance and depreciation
from inventory and equipment; a second run replaces, never duplicates; people's entries stay."""

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine
from django.db.models import Sum

from equipment.models import Outcome, WorkOrderStatus
from equipment.selectors import costs_by_department_and_month
from hospital.errors import AccessDenied
from inventory import services as inventory
from inventory.models import Category, StoreKind
from inventory.selectors import consumption_by_period, issued_cost_by_department_category_month
from performance import services
from performance.models import CostEntry, CostSource
from tests.equipment.factories import EquipmentFactory, WorkOrderFactory
from tests.inventory.factories import ItemFactory, StoreFactory, receive_lot

pytestmark = pytest.mark.django_db
MONTH = dt.date(2026, 3, 1)


@pytest.fixture
def march(hospital, categories):
    """In March: 100 capsules at 1.50 from the pharmacy, and 10 stents at 4,800.00 from the
    central warehouse, issued to Cardiology (2 stents returned), 40 syringes at 0.75 to ICU;
    a repair for Cardiology's monitor (parts 800 + vendor 1,200); the monitor (96,000,
    8 years) depreciates 1,000.00 a month."""
    with time_machine.travel(dt.datetime(2026, 3, 10, 9, tzinfo=dt.UTC), tick=False):
        pharmacy = StoreFactory(kind=StoreKind.PHARMACY, keepers=[hospital.pharmacist])
        store = StoreFactory(kind=StoreKind.CENTRAL, keepers=[hospital.pharmacist])
        drug = ItemFactory(category=Category.DRUG)
        stent = ItemFactory(category=Category.CONSUMABLE, name="Coronary stent", base_unit="piece")
        syringe = ItemFactory(category=Category.CONSUMABLE, name="Syringe", base_unit="piece")
        receive_lot(user=hospital.pharmacist, store=pharmacy, item=drug, quantity=500, unit_cost=D("1.50"))
        receive_lot(user=hospital.pharmacist, store=store, item=stent, quantity=20, unit_cost=D("4800.00"))
        receive_lot(user=hospital.pharmacist, store=store, item=syringe, quantity=100, unit_cost=D("0.75"))
        inventory.issue(
            user=hospital.pharmacist, store=pharmacy, item=drug, quantity=100, department=hospital.cardiology
        )
        movements = inventory.issue(
            user=hospital.pharmacist, store=store, item=stent, quantity=10, department=hospital.cardiology
        )
        inventory.return_stock(
            user=hospital.pharmacist, store=store, lot=movements[0].lot, quantity=2, department=hospital.cardiology
        )
        inventory.issue(user=hospital.pharmacist, store=store, item=syringe, quantity=40, department=hospital.icu)
        monitor = EquipmentFactory(
            department=hospital.cardiology,
            purchase_cost=D("96000.00"),
            useful_life_years=8,
            commissioned_on=dt.date(2025, 6, 3),
        )
        WorkOrderFactory(
            equipment=monitor,
            status=WorkOrderStatus.COMPLETED,
            completed_at=dt.datetime(2026, 3, 12, 4, tzinfo=dt.UTC),
            outcome=Outcome.REPAIRED,
            parts_cost=D("800.00"),
            vendor_cost=D("1200.00"),
        )
    return store


def _entries():
    return {
        (e.department.code, e.category.code, e.source): e.amount
        for e in CostEntry.objects.filter(month=MONTH).select_related("department", "category")
    }


@time_machine.travel(dt.datetime(2026, 4, 2, 9, tzinfo=dt.UTC), tick=False)
def test_collection_takes_each_departments_costs_from_the_apps(hospital, march):
    result = services.collect_month(month=MONTH, user=hospital.finance)
    assert _entries() == {
        ("CARD", "drugs", CostSource.INVENTORY): D("150.00"),  # 100 × 1.50
        ("CARD", "consumables", CostSource.INVENTORY): D("38400.00"),  # (10 − 2) × 4,800.00
        ("ICU", "consumables", CostSource.INVENTORY): D("30.00"),  # 40 × 0.75
        ("CARD", "maintenance", CostSource.EQUIPMENT): D("2000.00"),  # 800 + 1,200
        ("CARD", "depreciation", CostSource.EQUIPMENT): D("1000.00"),  # 96,000 ÷ 96 months
    }
    assert result.created == 5
    assert result.totals == {CostSource.INVENTORY: D("38580.00"), CostSource.EQUIPMENT: D("3000.00")}


@time_machine.travel(dt.datetime(2026, 4, 2, 9, tzinfo=dt.UTC), tick=False)
def test_collection_totals_equal_the_source_apps_figures(hospital, march):
    services.collect_month(month=MONTH, user=hospital.finance)
    period = [(MONTH, dt.date(2026, 3, 31))]
    inventory_total = CostEntry.objects.filter(source=CostSource.INVENTORY).aggregate(t=Sum("amount"))["t"]
    assert inventory_total == consumption_by_period(None, period)[0]["cost"]
    # read from inventory's department summary, equal to the raw movements per department
    raw = {}
    for row in issued_cost_by_department_category_month(MONTH, dt.date(2026, 3, 31)):
        raw[row["department_id"]] = raw.get(row["department_id"], D(0)) + row["cost"]
    collected = dict(
        CostEntry.objects.filter(source=CostSource.INVENTORY)
        .values_list("department_id")
        .annotate(t=Sum("amount"))
        .order_by()
    )
    assert collected == raw == {hospital.cardiology.pk: D("38550.00"), hospital.icu.pk: D("30.00")}
    equipment_rows = costs_by_department_and_month(MONTH, dt.date(2026, 3, 31))
    equipment_total = sum(r["maintenance_cost"] + r["depreciation"] for r in equipment_rows)
    assert CostEntry.objects.filter(source=CostSource.EQUIPMENT).aggregate(t=Sum("amount"))["t"] == equipment_total


@time_machine.travel(dt.datetime(2026, 4, 2, 9, tzinfo=dt.UTC), tick=False)
def test_collecting_twice_replaces_and_keeps_manual_and_imported_entries(hospital, categories, march):
    manual = services.record_cost_entry(
        department=hospital.cardiology,
        month=MONTH,
        category=categories["personnel"],
        amount="250000.00",
        user=hospital.finance,
    )
    imported = services.record_cost_entry(
        department=hospital.icu,
        month=MONTH,
        category=categories["consumables"],
        amount="99.00",
        user=hospital.finance,
        source=CostSource.IMPORT,
    )
    services.collect_month(month=MONTH, user=hospital.finance)
    first = _entries()
    second_run = services.collect_month(month=MONTH, user=hospital.finance)
    assert _entries() == first
    assert second_run.removed == 5 and second_run.created == 5
    assert CostEntry.objects.filter(month=MONTH).count() == 7
    assert set(CostEntry.objects.filter(source__in=["manual", "import"]).values_list("pk", flat=True)) == {
        manual.pk,
        imported.pk,
    }


@time_machine.travel(dt.datetime(2026, 4, 2, 9, tzinfo=dt.UTC), tick=False)
def test_a_later_issue_shows_at_the_next_collection(hospital, march):
    services.collect_month(month=MONTH, user=hospital.finance)
    stent = march.balances.filter(item__name="Coronary stent").first().item
    with time_machine.travel(dt.datetime(2026, 3, 30, 9, tzinfo=dt.UTC), tick=False):
        inventory.issue(user=hospital.pharmacist, store=march, item=stent, quantity=1, department=hospital.cardiology)
    services.collect_month(month=MONTH, user=hospital.finance)
    assert _entries()[("CARD", "consumables", CostSource.INVENTORY)] == D("43200.00")


def test_only_finance_collects(hospital, march):
    with pytest.raises(AccessDenied):
        services.collect_month(month=MONTH, user=hospital.head_cardiology)
