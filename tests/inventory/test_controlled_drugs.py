"""A controlled substance leaves (issue) or comes back (return) only with a second
signatory: another active pharmacist."""

import pytest

from hospital.errors import DomainError
from inventory import services
from inventory.models import StockMovement
from tests.inventory.factories import ItemFactory, receive_lot

pytestmark = pytest.mark.django_db


@pytest.fixture
def morphine(stores):
    item = ItemFactory(name="Morphine", specification="10 mg/mL ampoule", base_unit="ampoule", is_controlled=True)
    lot = receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=10)
    return item, lot


@pytest.mark.parametrize("who", ["nobody", "self", "nurse"])
def test_issue_without_another_pharmacist_is_refused(hospital, stores, morphine, who):
    item, _lot = morphine
    signatory = {"nobody": None, "self": stores.pharmacist, "nurse": hospital.nurse_icu}[who]
    with pytest.raises(DomainError) as refused:
        services.issue(
            user=stores.pharmacist,
            store=stores.pharmacy,
            item=item,
            quantity=2,
            department=hospital.icu,
            second_signatory=signatory,
        )
    assert refused.value.field == "second_signatory"
    assert StockMovement.objects.filter(kind="issue").count() == 0


def test_issue_and_return_with_a_second_pharmacist(hospital, stores, morphine):
    item, lot = morphine
    [issued] = services.issue(
        user=stores.pharmacist,
        store=stores.pharmacy,
        item=item,
        quantity=3,
        department=hospital.icu,
        second_signatory=stores.second_pharmacist,
    )
    assert issued.second_signatory == stores.second_pharmacist

    with pytest.raises(DomainError):
        services.return_stock(
            user=stores.pharmacist, store=stores.pharmacy, lot=lot, quantity=1, department=hospital.icu
        )
    returned = services.return_stock(
        user=stores.pharmacist,
        store=stores.pharmacy,
        lot=lot,
        quantity=1,
        department=hospital.icu,
        second_signatory=stores.second_pharmacist,
    )
    assert returned.quantity == 1 and returned.second_signatory == stores.second_pharmacist


def test_an_inactive_pharmacist_cannot_sign(hospital, stores, morphine):
    item, _lot = morphine
    stores.second_pharmacist.is_active = False
    stores.second_pharmacist.save()
    with pytest.raises(DomainError):
        services.issue(
            user=stores.pharmacist,
            store=stores.pharmacy,
            item=item,
            quantity=1,
            department=hospital.icu,
            second_signatory=stores.second_pharmacist,
        )


def test_a_return_beyond_what_the_department_holds_is_refused(hospital, stores):
    item = ItemFactory()
    lot = receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=10)
    services.issue(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=2, department=hospital.icu)
    with pytest.raises(DomainError) as refused:
        services.return_stock(
            user=stores.pharmacist, store=stores.pharmacy, lot=lot, quantity=3, department=hospital.icu
        )
    assert "holds only 2" in refused.value.message
