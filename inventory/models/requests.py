"""A ward's requisitions to its supplying store, and count sheets (stocktakes)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from inventory import access
from inventory.models.catalogue import Item, Store
from inventory.models.stock import Lot


class RequisitionStatus(models.TextChoices):
    RAISED = "raised", _("Raised")
    PARTLY_FULFILLED = "partly_fulfilled", _("Partly fulfilled")
    FULFILLED = "fulfilled", _("Fulfilled")
    RECEIVED = "received", _("Received")
    CANCELLED = "cancelled", _("Cancelled")


class RequisitionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.store_scope(user, field="ward") | access.store_scope(user, field="supplier"))


class Requisition(models.Model):
    ward = models.ForeignKey(
        Store, verbose_name=_("ward store"), on_delete=models.PROTECT, related_name="requisitions_raised"
    )
    supplier = models.ForeignKey(
        Store, verbose_name=_("supplying store"), on_delete=models.PROTECT, related_name="requisitions_received"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=RequisitionStatus.choices, default=RequisitionStatus.RAISED, db_index=True
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("raised by"), on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(_("raised"), default=timezone.now)
    fulfilled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("fulfilled by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    fulfilled_at = models.DateTimeField(_("fulfilled"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    received_at = models.DateTimeField(_("received"), null=True, blank=True)

    history = HistoricalRecords()
    objects = RequisitionQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-id"]
        verbose_name = _("requisition")
        verbose_name_plural = _("requisitions")
        constraints = [
            models.CheckConstraint(condition=~Q(ward=models.F("supplier")), name="inventory_requisition_two_stores"),
        ]

    def __str__(self):
        return f"R-{self.pk:06d}"

    def get_absolute_url(self):
        return reverse("inventory:requisition_detail", args=[self.pk])


class RequisitionLine(models.Model):
    requisition = models.ForeignKey(
        Requisition, verbose_name=_("requisition"), on_delete=models.CASCADE, related_name="lines"
    )
    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+")
    quantity_requested = models.PositiveIntegerField(_("requested"))
    quantity_issued = models.PositiveIntegerField(_("issued"), default=0)

    class Meta:
        ordering = ["requisition", "id"]
        verbose_name = _("requisition line")
        verbose_name_plural = _("requisition lines")
        constraints = [
            models.UniqueConstraint(fields=["requisition", "item"], name="inventory_requisition_item_once"),
            models.CheckConstraint(condition=Q(quantity_requested__gte=1), name="inventory_requisition_qty_positive"),
        ]

    def __str__(self):
        return f"{self.requisition} · {self.item}"


class StocktakeStatus(models.TextChoices):
    OPEN = "open", _("Open")
    POSTED = "posted", _("Posted")


class StocktakeQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.store_scope(user, field="store"))


class Stocktake(models.Model):
    """A count sheet for one store; posting turns differences into adjustments."""

    store = models.ForeignKey(Store, verbose_name=_("store"), on_delete=models.PROTECT, related_name="stocktakes")
    status = models.CharField(
        _("status"), max_length=8, choices=StocktakeStatus.choices, default=StocktakeStatus.OPEN, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    posted_at = models.DateTimeField(_("posted"), null=True, blank=True)
    reason = models.CharField(_("reason for differences"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = StocktakeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("stocktake")
        verbose_name_plural = _("stocktakes")

    def __str__(self):
        return f"ST-{self.pk:06d}"


class StocktakeLine(models.Model):
    stocktake = models.ForeignKey(
        Stocktake, verbose_name=_("stocktake"), on_delete=models.CASCADE, related_name="lines"
    )
    lot = models.ForeignKey(Lot, verbose_name=_("lot"), on_delete=models.PROTECT, related_name="+")
    expected = models.IntegerField(_("expected"), default=0)
    counted = models.PositiveIntegerField(_("counted"), null=True, blank=True)

    class Meta:
        ordering = ["stocktake", "id"]
        verbose_name = _("stocktake line")
        verbose_name_plural = _("stocktake lines")
        constraints = [models.UniqueConstraint(fields=["stocktake", "lot"], name="inventory_stocktake_lot_once")]

    def __str__(self):
        return f"{self.stocktake} · {self.lot}"
