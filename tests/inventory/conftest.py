"""A small supply chain on top of the shared hospital: central warehouse → pharmacy →
cardiology ward store, a second pharmacist to co-sign controlled drugs."""

from dataclasses import dataclass

import pytest

from hospital.models import User
from hospital.roles import Role
from inventory.models import Store, StoreKind
from tests.hospital.factories import make_user
from tests.inventory.factories import ItemFactory, StoreFactory, receive_lot


@dataclass
class Stores:
    central: Store
    pharmacy: Store
    cardiology_ward: Store
    icu_ward: Store
    pharmacist: User
    second_pharmacist: User
    storekeeper: User


@pytest.fixture
def stores(hospital) -> Stores:
    second = make_user(Role.PHARMACIST, None, username="pharmacist2")
    storekeeper = make_user(None, None, username="storekeeper")
    central = StoreFactory(code="CW", name="Central warehouse", kind=StoreKind.CENTRAL, keepers=[storekeeper])
    pharmacy = StoreFactory(
        code="PH", name="Pharmacy", kind=StoreKind.PHARMACY, supplied_by=central, keepers=[hospital.pharmacist, second]
    )
    cardiology_ward = StoreFactory(
        code="W-CARD",
        name="Cardiology ward store",
        kind=StoreKind.WARD,
        department=hospital.cardiology,
        supplied_by=pharmacy,
    )
    icu_ward = StoreFactory(
        code="W-ICU", name="ICU ward store", kind=StoreKind.WARD, department=hospital.icu, supplied_by=pharmacy
    )
    return Stores(central, pharmacy, cardiology_ward, icu_ward, hospital.pharmacist, second, storekeeper)


@pytest.fixture
def stocked_item(stores):
    """Amoxicillin with one lot of 10 in the pharmacy, expiring in 200 days."""
    item = ItemFactory(gtin="09506000134352", name="Amoxicillin")
    receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=10, days=200, lot="A1")
    return item
