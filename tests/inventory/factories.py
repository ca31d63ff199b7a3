"""Factories for inventory tests. Stock enters through the services, so that balances
always equal the ledger."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from inventory import gs1, services
from inventory.models import Category, Item, Lot, Store, StoreKind, Supplier


def make_gtin(n: int) -> str:
    payload = f"0690{n:09d}"
    return payload + str(gs1.check_digit(payload))


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    code = factory.Sequence(lambda n: f"IT{n:05d}")
    name = factory.Sequence(lambda n: f"Amoxicillin {n}")
    generic_name = "amoxicillin"
    gtin = factory.Sequence(make_gtin)
    category = Category.DRUG
    specification = "500 mg capsule"
    base_unit = "capsule"
    pack_size = 20
    purchase_unit = "box"
    reorder_point = 50
    safety_stock = 20


class StoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Store
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"S{n:03d}")
    name = factory.Sequence(lambda n: f"Store {n}")
    kind = StoreKind.PHARMACY

    @factory.post_generation
    def keepers(self, create, extracted, **kwargs):
        if create and extracted:
            self.keepers.set(extracted)


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier

    code = factory.Sequence(lambda n: f"SUP{n:03d}")
    name = factory.Sequence(lambda n: f"Supplier {n}")


class LotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lot

    item = factory.SubFactory(ItemFactory)
    number = factory.Sequence(lambda n: f"L{n:05d}")
    expiry = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=365))
    unit_cost = Decimal("1.5000")


def receive_lot(
    *, user, store, item, quantity, lot="", expiry=None, days=365, unit_cost=Decimal("1.50"), override=""
) -> Lot:
    """`quantity` units of a lot of `item` into `store`, through the receive service."""
    if expiry is None and item.category == Category.DRUG:
        expiry = timezone.localdate() + dt.timedelta(days=days)
    number = lot or f"LOT{Lot.objects.count() + 1:05d}"
    services.receive(
        user=user,
        store=store,
        lines=[
            services.ReceiptLineInput(
                item=item,
                lot_number=number,
                expiry=expiry,
                quantity_accepted=quantity,
                unit_cost=unit_cost,
                shelf_life_override=override or ("test" if expiry and days < 90 else ""),
            )
        ],
    )
    return Lot.objects.get(item=item, number=number)
