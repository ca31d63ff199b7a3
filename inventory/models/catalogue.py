"""What the hospital stocks and where: items, stores, suppliers."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hospital.models import Department
from inventory import access, gs1


def validate_gtin(value: str) -> None:
    """A GTIN-8/12/13/14 with a correct GS1 check digit."""
    try:
        gs1.normalise_gtin(value)
    except gs1.BarcodeError as error:
        raise ValidationError(gettext(error.message) % error.params) from error


class Category(models.TextChoices):
    DRUG = "drug", _("Drug")
    CONSUMABLE = "consumable", _("Consumable")
    REAGENT = "reagent", _("Reagent")


class Storage(models.TextChoices):
    ROOM = "room", _("Room temperature")
    REFRIGERATED = "refrigerated", _("Refrigerated (2–8 °C)")
    FROZEN = "frozen", _("Frozen")


class VedClass(models.TextChoices):
    """Set clinically: vital, essential, desirable."""

    VITAL = "V", _("Vital")
    ESSENTIAL = "E", _("Essential")
    DESIRABLE = "D", _("Desirable")


class AbcClass(models.TextChoices):
    """Computed from a year's consumption value (docs/standards.md, DOMAIN.md section 4)."""

    A = "A", _("A")
    B = "B", _("B")
    C = "C", _("C")


class ItemQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(name__icontains=text) | Q(generic_name__icontains=text) | Q(code__iexact=text) | Q(gtin=text.zfill(14))
        )


class Item(models.Model):
    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    generic_name = models.CharField(_("generic name"), max_length=200, blank=True)
    # Stored as 14 digits (GTIN-13 with a leading zero), so a scan's AI 01 finds it.
    gtin = models.CharField(_("GTIN"), max_length=14, blank=True, validators=[validate_gtin])
    category = models.CharField(_("category"), max_length=12, choices=Category.choices, db_index=True)
    specification = models.CharField(
        _("form and strength"), max_length=120, blank=True, help_text=_("E.g. 500 mg capsule, 5 mL syringe.")
    )
    base_unit = models.CharField(_("base unit"), max_length=30, help_text=_("The unit quantities count in."))
    pack_size = models.PositiveIntegerField(_("units per purchase pack"), default=1)
    purchase_unit = models.CharField(_("purchase pack"), max_length=30, blank=True, help_text=_("E.g. box."))
    storage = models.CharField(_("storage"), max_length=12, choices=Storage.choices, default=Storage.ROOM)
    is_controlled = models.BooleanField(_("controlled substance"), default=False)
    is_high_value = models.BooleanField(_("high value (tracked by serial)"), default=False)
    reorder_point = models.PositiveIntegerField(_("reorder point"), default=0)
    safety_stock = models.PositiveIntegerField(_("safety stock"), default=0)
    lead_time_days = models.PositiveIntegerField(_("lead time (days)"), default=7)
    ved_class = models.CharField(_("VED class"), max_length=1, choices=VedClass.choices, default=VedClass.ESSENTIAL)
    abc_class = models.CharField(_("ABC class"), max_length=1, choices=AbcClass.choices, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("item")
        verbose_name_plural = _("items")
        constraints = [
            models.UniqueConstraint(fields=["gtin"], condition=~Q(gtin=""), name="inventory_item_gtin_unique"),
            models.CheckConstraint(condition=Q(pack_size__gte=1), name="inventory_item_pack_size_positive"),
        ]
        # The item list and the balance report walk items in this order (no sort of the table).
        indexes = [models.Index(fields=["name", "id"], name="inv_item_name")]

    def __str__(self):
        return f"{self.name} {self.specification}".strip()

    def save(self, *args, **kwargs):
        if self.gtin and self.gtin.isdigit() and len(self.gtin) < 14:
            self.gtin = self.gtin.zfill(14)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("inventory:item_detail", args=[self.pk])

    @property
    def needs_lot_and_expiry(self) -> bool:
        """Drugs are received by lot and expiry (and so are any item already tracked by lot)."""
        return self.category == Category.DRUG


class StoreKind(models.TextChoices):
    CENTRAL = "central", _("Central warehouse")
    PHARMACY = "pharmacy", _("Pharmacy")
    WARD = "ward", _("Ward store")


class StoreQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Stores the user may see (inventory.access.store_scope): pages, API and exports."""
        return self.filter(access.store_scope(user))

    def kept_by(self, user):
        """Stores the user may move stock in."""
        return self.filter(access.keeper_scope(user))


class Store(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=StoreKind.choices)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, null=True, blank=True
    )
    keepers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("keepers"), blank=True, related_name="kept_stores"
    )
    supplied_by = models.ForeignKey(
        "self",
        verbose_name=_("supplied by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supplies",
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords(m2m_fields=[keepers])
    objects = StoreQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("store")
        verbose_name_plural = _("stores")
        constraints = [
            models.CheckConstraint(condition=~Q(supplied_by=models.F("pk")), name="inventory_store_not_own_supplier"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("inventory:balance_report") + f"?store={self.pk}"


class Supplier(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    contact = models.CharField(_("contact person"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")

    def __str__(self):
        return self.name
