"""Purchase orders and the deliveries received against them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from inventory import access
from inventory.models.catalogue import Item, Store, Supplier
from inventory.models.stock import Lot


class OrderStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    PARTLY_RECEIVED = "partly_received", _("Partly received")
    RECEIVED = "received", _("Received")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_ORDER_STATUSES = (OrderStatus.SUBMITTED, OrderStatus.APPROVED, OrderStatus.PARTLY_RECEIVED)


class OrderQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.store_scope(user, field="store"))


class PurchaseOrder(models.Model):
    number = models.CharField(_("number"), max_length=30, unique=True)
    supplier = models.ForeignKey(Supplier, verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="orders")
    store = models.ForeignKey(
        Store, verbose_name=_("delivery store"), on_delete=models.PROTECT, related_name="purchase_orders"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=OrderStatus.choices, default=OrderStatus.DRAFT, db_index=True
    )
    ordered_on = models.DateField(_("ordered on"), default=timezone.localdate)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = OrderQuerySet.as_manager()

    class Meta:
        ordering = ["-ordered_on", "-id"]
        verbose_name = _("purchase order")
        verbose_name_plural = _("purchase orders")

    def __str__(self):
        return self.number


class PurchaseOrderLine(models.Model):
    order = models.ForeignKey(PurchaseOrder, verbose_name=_("order"), on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+")
    packs = models.PositiveIntegerField(_("packs"))
    pack_price = models.DecimalField(_("price per pack"), max_digits=12, decimal_places=2)
    received_quantity = models.PositiveIntegerField(_("received (base units)"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        constraints = [
            models.CheckConstraint(condition=Q(packs__gte=1), name="inventory_order_line_packs_positive"),
            models.CheckConstraint(condition=Q(pack_price__gte=0), name="inventory_order_line_price_not_negative"),
        ]

    def __str__(self):
        return f"{self.order} · {self.item}"


class Receipt(models.Model):
    """A delivery received into a store, against an order or directly."""

    store = models.ForeignKey(Store, verbose_name=_("store"), on_delete=models.PROTECT, related_name="receipts")
    order = models.ForeignKey(
        PurchaseOrder,
        verbose_name=_("purchase order"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="receipts",
    )
    supplier = models.ForeignKey(
        Supplier, verbose_name=_("supplier"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    delivery_note = models.CharField(_("delivery note"), max_length=60, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("received by"), on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now)

    objects = OrderQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")

    def __str__(self):
        return f"{self.store} {self.received_at:%Y-%m-%d} #{self.pk}"


class ReceiptLine(models.Model):
    """A line inspected at receipt: what was accepted into stock and what was rejected, and why."""

    receipt = models.ForeignKey(Receipt, verbose_name=_("receipt"), on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(
        PurchaseOrderLine, verbose_name=_("order line"), on_delete=models.PROTECT, null=True, blank=True
    )
    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+")
    lot = models.ForeignKey(Lot, verbose_name=_("lot"), on_delete=models.PROTECT, related_name="receipt_lines")
    quantity_accepted = models.PositiveIntegerField(_("accepted"))
    quantity_rejected = models.PositiveIntegerField(_("rejected"), default=0)
    rejection_reason = models.CharField(_("rejection reason"), max_length=200, blank=True)
    unit_cost = models.DecimalField(_("unit cost"), max_digits=12, decimal_places=4)
    shelf_life_override = models.CharField(_("short shelf life accepted because"), max_length=200, blank=True)

    class Meta:
        ordering = ["receipt", "id"]
        verbose_name = _("receipt line")
        verbose_name_plural = _("receipt lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity_rejected=0) | ~Q(rejection_reason=""), name="inventory_rejection_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.item} {self.lot.number}: {self.quantity_accepted}"
