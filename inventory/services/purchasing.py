"""Draft purchase orders from reviewed suggestions, one per supplier."""

from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hospital.errors import DomainError
from inventory.models import Item, OrderStatus, PurchaseOrder, PurchaseOrderLine, Store, Supplier
from inventory.services import ledger


def create_draft_orders(*, user, store: Store, lines: list[tuple[Item, int, Decimal, Supplier]]) -> list[PurchaseOrder]:
    """One draft order per supplier for the store, a line per (item, packs, unit cost).
    Nothing is ordered until someone submits the draft."""
    ledger.require_keeper(user, store)
    if not lines:
        raise DomainError(_("Choose at least one suggestion to order."))
    by_supplier = defaultdict(list)
    for item, packs, unit_cost, supplier in lines:
        ledger.positive_quantity(packs, field="packs")
        if supplier is None:
            raise DomainError(_("%(item)s has no supplier yet: order it by hand.") % {"item": item})
        by_supplier[supplier].append((item, packs, unit_cost))
    today = timezone.localdate()
    orders = []
    with transaction.atomic():
        for supplier, supplier_lines in sorted(by_supplier.items(), key=lambda kv: kv[0].name):
            order = PurchaseOrder.objects.create(
                number=f"PO-{today:%Y%m%d}-{PurchaseOrder.objects.count() + 1:05d}",
                supplier=supplier,
                store=store,
                status=OrderStatus.DRAFT,
                created_by=user,
                note=_("From purchase suggestions"),
            )
            PurchaseOrderLine.objects.bulk_create(
                PurchaseOrderLine(
                    order=order,
                    item=item,
                    packs=packs,
                    pack_price=(unit_cost * item.pack_size).quantize(Decimal("0.01")),
                )
                for item, packs, unit_cost in supplier_lines
            )
            orders.append(order)
    return orders
