"""Recall (who holds a lot, who was given it, quarantine in one action), consumption by
department and month, and the controlled-drug register with its running balance."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from inventory import services
from inventory.models import Lot
from tests.inventory.factories import ItemFactory, receive_lot

pytestmark = pytest.mark.django_db


@pytest.fixture
def spread(hospital, stores):
    """A lot held in the pharmacy and the cardiology ward, issued to ICU and cardiology."""
    item = ItemFactory(name="Heparin")
    lot = receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=50, lot="HEP1")
    stores.cardiology_ward.keepers.add(hospital.nurse_cardiology)
    services.transfer(
        user=stores.pharmacist, source=stores.pharmacy, destination=stores.cardiology_ward, item=item, quantity=10
    )
    services.issue(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=7, department=hospital.icu)
    services.issue(
        user=hospital.nurse_cardiology,
        store=stores.cardiology_ward,
        item=item,
        quantity=4,
        department=hospital.cardiology,
    )
    return lot


def test_recall_lists_holders_and_departments_and_quarantines(hospital, stores, spread, client_for):
    client = client_for(stores.pharmacist)
    page = client.get(reverse("inventory:recall", args=[spread.pk]))
    assert {(row.store.name, row.quantity) for row in page.context["rows"]} == {
        ("Pharmacy", 33),
        ("Cardiology ward store", 6),
    }
    assert {(row["department__name"], row["quantity"]) for row in page.context["issues"]} == {
        ("Intensive Care", 7),
        ("Cardiology", 4),
    }
    workbook = load_workbook(io.BytesIO(client.get(reverse("inventory:export_recall", args=[spread.pk])).content))
    assert [ws.max_row for ws in workbook.worksheets] == [3, 3]

    client.post(reverse("inventory:quarantine", args=[spread.pk]), {"reason": "Supplier recall notice 12"})
    assert Lot.objects.get(pk=spread.pk).quarantined
    with pytest.raises(services.ShortStock):
        services.issue(
            user=stores.pharmacist, store=stores.pharmacy, item=spread.item, quantity=1, department=hospital.icu
        )


def test_a_nurse_sees_only_her_wards_part_and_cannot_quarantine(hospital, stores, spread, client_for):
    client = client_for(hospital.nurse_icu)
    page = client.get(reverse("inventory:recall", args=[spread.pk]))
    assert list(page.context["rows"]) == [] and page.context["issues"] == []
    client.post(reverse("inventory:quarantine", args=[spread.pk]), {"reason": "curious"})
    assert not Lot.objects.get(pk=spread.pk).quarantined


def test_consumption_by_department_follows_the_heads_tree(hospital, stores, spread, client_for):
    head = client_for(hospital.head_medicine).get(reverse("inventory:consumption_report"))
    rows = list(head.context["rows"])
    assert [(row["department"], row["total"]) for row in rows] == [("Cardiology", 6)]  # 4 × 1.50
    finance = client_for(hospital.finance).get(reverse("inventory:consumption_report"))
    assert {row["department"] for row in finance.context["rows"]} == {"Cardiology", "Intensive Care"}
    assert client_for(hospital.nurse_icu).get(reverse("inventory:consumption_report")).status_code == 403


def test_controlled_register_runs_a_balance_per_lot(hospital, stores, client_for):
    morphine = ItemFactory(name="Morphine", is_controlled=True)
    receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=morphine, quantity=10, lot="M1")
    for quantity in (3, 2):
        services.issue(
            user=stores.pharmacist,
            store=stores.pharmacy,
            item=morphine,
            quantity=quantity,
            department=hospital.icu,
            second_signatory=stores.second_pharmacist,
        )
    page = client_for(stores.pharmacist).get(reverse("inventory:controlled_register"), {"store": stores.pharmacy.pk})
    assert [(m.quantity, m.running) for m in page.context["movements"]] == [(10, 10), (-3, 7), (-2, 5)]
    assert client_for(hospital.nurse_icu).get(reverse("inventory:controlled_register")).status_code == 403
