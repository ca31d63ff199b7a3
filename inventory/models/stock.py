"""Stock by lot: the lots, the append-only ledger and the balance it keeps.

A `StockMovement` is never updated or deleted (a database trigger refuses it on
PostgreSQL, migration 0002); a mistake is reversed by another movement. A
`StockBalance` row per store and lot is changed only by `inventory.services.ledger`,
in the transaction that writes the movement, and never goes below zero (CHECK).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hospital.models import Department
from inventory import access
from inventory.models.catalogue import Item, Store


def usable_lots_q(today, prefix: str = "") -> Q:
    """Lots that may be issued: not quarantined and not expired (expiry before today,
    the hospital's local date; a lot without expiry never expires). One rule for every
    page, list, report and service."""
    return Q(**{f"{prefix}quarantined": False}) & (
        Q(**{f"{prefix}expiry__isnull": True}) | Q(**{f"{prefix}expiry__gte": today})
    )


class LotQuerySet(models.QuerySet):
    def usable(self, today=None):
        return self.filter(usable_lots_q(today or timezone.localdate()))

    def expired(self, today=None):
        return self.filter(expiry__lt=today or timezone.localdate())


class Lot(models.Model):
    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="lots")
    number = models.CharField(_("lot number"), max_length=20)
    expiry = models.DateField(_("expiry"), null=True, blank=True, db_index=True)
    serial = models.CharField(_("serial number"), max_length=20, blank=True)
    # Cost of one base unit as received; the ledger values stock at it.
    unit_cost = models.DecimalField(_("unit cost"), max_digits=12, decimal_places=4, default=0)
    quarantined = models.BooleanField(_("quarantined"), default=False)
    quarantine_reason = models.CharField(_("quarantine reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    history = HistoricalRecords()
    objects = LotQuerySet.as_manager()

    class Meta:
        ordering = ["expiry", "number"]
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="inventory_lot_unique_per_item"),
            models.CheckConstraint(condition=Q(unit_cost__gte=0), name="inventory_lot_cost_not_negative"),
        ]
        # "not usable" = quarantined or expired: with the expiry index, both sides are indexed
        indexes = [models.Index(fields=["item"], condition=Q(quarantined=True), name="inv_lot_quarantined")]

    def __str__(self):
        expiry = self.expiry.isoformat() if self.expiry else "—"
        return f"{self.number} ({expiry})"

    def is_expired(self, today=None) -> bool:
        return self.expiry is not None and self.expiry < (today or timezone.localdate())


class MovementKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt")
    ISSUE = "issue", _("Issue")
    TRANSFER_OUT = "transfer_out", _("Transfer out")
    TRANSFER_IN = "transfer_in", _("Transfer in")
    ADJUSTMENT = "adjustment", _("Adjustment")
    RETURN = "return", _("Return")
    WRITE_OFF = "write_off", _("Write-off")


class WriteOffReason(models.TextChoices):
    EXPIRED = "expired", _("Expired")
    DAMAGED = "damaged", _("Damaged")
    RECALLED = "recalled", _("Recalled")
    LOST = "lost", _("Lost")


class MovementQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.store_scope(user, field="store"))


class StockMovement(models.Model):
    """One line of the ledger. `quantity` is signed, in base units: + into the store, − out."""

    kind = models.CharField(_("kind"), max_length=12, choices=MovementKind.choices)
    store = models.ForeignKey(Store, verbose_name=_("store"), on_delete=models.PROTECT, related_name="movements")
    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="movements")
    lot = models.ForeignKey(Lot, verbose_name=_("lot"), on_delete=models.PROTECT, related_name="movements")
    quantity = models.IntegerField(_("quantity"))
    unit_cost = models.DecimalField(_("unit cost"), max_digits=12, decimal_places=4)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department charged"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stock_movements",
    )
    # The movements one service call wrote share a batch (an issue from three lots, both
    # legs of a transfer); a reversal reverses the whole batch.
    batch = models.UUIDField(_("batch"), db_index=True)
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    write_off_reason = models.CharField(
        _("write-off reason"), max_length=10, choices=WriteOffReason.choices, blank=True
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="stock_movements"
    )
    second_signatory = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("second signatory"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cosigned_movements",
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
    )

    objects = MovementQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        constraints = [
            models.CheckConstraint(condition=~Q(quantity=0), name="inventory_movement_not_zero"),
            models.CheckConstraint(
                condition=~Q(kind="issue") | Q(department__isnull=False), name="inventory_issue_has_department"
            ),
        ]
        indexes = [
            models.Index(fields=["store", "lot"], name="inv_movement_store_lot"),
            models.Index(fields=["item", "created_at"], name="inv_movement_item_time"),
            models.Index(fields=["kind", "created_at"], name="inv_movement_kind_time"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.quantity:+d} {self.lot}"

    @property
    def value(self):
        return self.quantity * self.unit_cost


class BalanceQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.store_scope(user, field="store"))

    def on_hand(self):
        return self.filter(quantity__gt=0)


class StockBalance(models.Model):
    store = models.ForeignKey(Store, verbose_name=_("store"), on_delete=models.PROTECT, related_name="balances")
    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="balances")
    lot = models.ForeignKey(Lot, verbose_name=_("lot"), on_delete=models.PROTECT, related_name="balances")
    quantity = models.IntegerField(_("quantity"), default=0)

    objects = BalanceQuerySet.as_manager()

    class Meta:
        ordering = ["store", "item", "lot"]
        verbose_name = _("stock balance")
        verbose_name_plural = _("stock balances")
        constraints = [
            models.UniqueConstraint(fields=["store", "lot"], name="inventory_balance_one_per_store_lot"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="inventory_balance_not_negative"),
        ]
        indexes = [models.Index(fields=["store", "item"], name="inv_balance_store_item")]

    def __str__(self):
        return f"{self.store} · {self.lot}: {self.quantity}"


class SerialStatus(models.TextChoices):
    IN_STOCK = "in_stock", _("In stock")
    ISSUED = "issued", _("Issued")
    WRITTEN_OFF = "written_off", _("Written off")
    RETURNED = "returned", _("Returned")


class SerialNumber(models.Model):
    """One unit of a high-value item (`Item.is_high_value`), by the serial its maker gave it
    (GS1 AI 21): where it is now and every movement that moved it. Written only by
    `inventory.services.serials`, in the transaction of the stock service that moves it."""

    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="serials")
    lot = models.ForeignKey(Lot, verbose_name=_("lot"), on_delete=models.PROTECT, related_name="serials")
    serial = models.CharField(_("serial number"), max_length=20)
    status = models.CharField(_("status"), max_length=12, choices=SerialStatus.choices, default=SerialStatus.IN_STOCK)
    store = models.ForeignKey(
        Store, verbose_name=_("store"), on_delete=models.PROTECT, null=True, blank=True, related_name="serials"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("issued to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stock_serials",
    )
    movements = models.ManyToManyField(StockMovement, verbose_name=_("movements"), related_name="serials")
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        ordering = ["item", "serial"]
        verbose_name = _("serial number")
        verbose_name_plural = _("serial numbers")
        constraints = [models.UniqueConstraint(fields=["item", "serial"], name="inventory_serial_unique_per_item")]
        indexes = [models.Index(fields=["lot", "store"], name="inv_serial_lot_store")]

    def __str__(self):
        return f"{self.item_id} {self.serial}"
