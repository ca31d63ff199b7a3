"""The device register (docs/standards.md, section 5): each device, its lifecycle and
the status changes that downtime is measured from, and its acceptance test."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from equipment import access
from hospital.models import Department


class Category(models.TextChoices):
    VENTILATOR = "ventilator", _("Ventilator")
    INFUSION_PUMP = "infusion_pump", _("Infusion pump")
    SYRINGE_PUMP = "syringe_pump", _("Syringe pump")
    PATIENT_MONITOR = "patient_monitor", _("Patient monitor")
    DEFIBRILLATOR = "defibrillator", _("Defibrillator")
    ANAESTHESIA_MACHINE = "anaesthesia_machine", _("Anaesthesia machine")
    XRAY = "xray", _("X-ray")
    CT = "ct", _("CT scanner")
    MRI = "mri", _("MRI scanner")
    ULTRASOUND = "ultrasound", _("Ultrasound")
    ECG = "ecg", _("ECG machine")
    ELECTROSURGICAL = "electrosurgical", _("Electrosurgical unit")
    DIALYSIS = "dialysis", _("Dialysis machine")
    INCUBATOR = "incubator", _("Infant incubator")
    ANALYSER = "analyser", _("Laboratory analyser")
    OTHER = "other", _("Other")


# Imaging equipment may not follow an alternative maintenance programme (EC.02.04.01).
IMAGING_CATEGORIES = (Category.XRAY, Category.CT, Category.MRI)


class RiskClass(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class MaintenanceStrategy(models.TextChoices):
    """EC.02.04.01: the manufacturer's schedule, or a documented alternative (AEM) programme."""

    MANUFACTURER = "manufacturer", _("Manufacturer's schedule")
    ALTERNATIVE = "alternative", _("Alternative (risk-based) programme")


class EquipmentStatus(models.TextChoices):
    ORDERED = "ordered", _("Ordered")
    RECEIVED = "received", _("Received")
    ACCEPTANCE_TESTING = "acceptance_testing", _("Acceptance testing")
    IN_SERVICE = "in_service", _("In service")
    UNDER_REPAIR = "under_repair", _("Under repair")
    OUT_OF_SERVICE = "out_of_service", _("Out of service")
    RETIRED = "retired", _("Retired")


S = EquipmentStatus
# Commissioned and not retired: the denominator of the intact rate.
IN_USE_STATUSES = (S.IN_SERVICE, S.UNDER_REPAIR, S.OUT_OF_SERVICE)
# Time in these statuses is downtime (availability counts nothing else as down).
DOWN_STATUSES = (S.UNDER_REPAIR, S.OUT_OF_SERVICE)


class EquipmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Devices the user may see (equipment.access.equipment_scope): pages, API and exports."""
        return self.filter(access.equipment_scope(user))

    def in_department(self, department):
        if department is None:
            return self
        return self.filter(department__path__startswith=department.path)

    def in_use(self):
        return self.filter(status__in=IN_USE_STATUSES)

    def search(self, text: str):
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(asset_tag__icontains=text)
            | Q(name__icontains=text)
            | Q(serial_number__icontains=text)
            | Q(manufacturer__icontains=text)
            | Q(model_number__icontains=text)
        )


class Equipment(models.Model):
    asset_tag = models.CharField(_("asset tag"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    manufacturer = models.CharField(_("manufacturer"), max_length=80, blank=True)
    model_number = models.CharField(_("model"), max_length=80, blank=True)
    serial_number = models.CharField(_("serial number"), max_length=80, blank=True)
    udi = models.CharField(_("UDI"), max_length=120, blank=True, help_text=_("Unique device identifier."))
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="equipment"
    )
    location = models.CharField(_("location"), max_length=120, blank=True)
    risk_class = models.CharField(_("risk class"), max_length=8, choices=RiskClass.choices)
    is_life_support = models.BooleanField(_("life support"), default=False)
    maintenance_strategy = models.CharField(
        _("maintenance strategy"),
        max_length=16,
        choices=MaintenanceStrategy.choices,
        default=MaintenanceStrategy.MANUFACTURER,
    )
    supplier = models.CharField(_("supplier"), max_length=120, blank=True)
    purchase_date = models.DateField(_("purchase date"), null=True, blank=True)
    purchase_cost = models.DecimalField(_("purchase cost"), max_digits=14, decimal_places=2, default=0)
    warranty_end = models.DateField(_("warranty end"), null=True, blank=True)
    useful_life_years = models.PositiveSmallIntegerField(_("useful life (years)"), default=8)
    salvage_value = models.DecimalField(_("salvage value"), max_digits=14, decimal_places=2, default=0)
    commissioned_on = models.DateField(_("commissioned"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=EquipmentStatus.choices, default=S.ORDERED, db_index=True
    )
    retired_on = models.DateField(_("retired"), null=True, blank=True)
    retirement_reason = models.TextField(_("retirement reason"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()
    objects = EquipmentQuerySet.as_manager()

    class Meta:
        ordering = ["asset_tag"]
        verbose_name = _("device")
        verbose_name_plural = _("devices")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=S.values), name="equipment_status_valid"),
            models.CheckConstraint(condition=Q(risk_class__in=RiskClass.values), name="equipment_risk_valid"),
            models.CheckConstraint(condition=Q(purchase_cost__gte=0), name="equipment_cost_not_negative"),
            models.CheckConstraint(
                condition=Q(salvage_value__gte=0) & Q(salvage_value__lte=models.F("purchase_cost")),
                name="equipment_salvage_within_cost",
            ),
            models.CheckConstraint(condition=Q(useful_life_years__gte=1), name="equipment_life_positive"),
            models.CheckConstraint(
                condition=(Q(status=S.RETIRED) & Q(retired_on__isnull=False))
                | (~Q(status=S.RETIRED) & Q(retired_on__isnull=True)),
                name="equipment_retired_has_date",
            ),
            # High-risk and life-support devices follow the manufacturer's schedule (EC.02.04.01).
            models.CheckConstraint(
                condition=Q(maintenance_strategy=MaintenanceStrategy.MANUFACTURER)
                | (Q(risk_class__in=(RiskClass.MEDIUM, RiskClass.LOW)) & Q(is_life_support=False)),
                name="equipment_high_risk_manufacturer_schedule",
            ),
        ]
        indexes = [
            models.Index(fields=["department", "status"], name="equipment_department_status"),
            models.Index(fields=["category", "status"], name="equipment_category_status"),
        ]

    def __str__(self):
        return f"{self.asset_tag} {self.name}"

    def get_absolute_url(self):
        return reverse("equipment:device_detail", args=[self.asset_tag])

    def get_report_url(self):
        return reverse("equipment:report_fault", args=[self.asset_tag])

    @property
    def is_high_risk(self) -> bool:
        """High risk or life support: 100 % on-time maintenance expected (EC.02.04.03)."""
        return self.risk_class == RiskClass.HIGH or self.is_life_support

    @property
    def is_in_use(self) -> bool:
        return self.status in IN_USE_STATUSES

    @property
    def is_down(self) -> bool:
        return self.status in DOWN_STATUSES


class StatusChange(models.Model):
    """One step of a device's lifecycle: downtime and the intact rate are read from these."""

    equipment = models.ForeignKey(
        Equipment, verbose_name=_("device"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=EquipmentStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=EquipmentStatus.choices)
    at = models.DateTimeField(_("at"), db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["equipment_id", "at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        constraints = [
            models.CheckConstraint(condition=~Q(from_status=models.F("to_status")), name="status_change_changes"),
        ]
        indexes = [models.Index(fields=["equipment", "at"], name="status_change_device_at")]

    def __str__(self):
        return f"{self.equipment_id}: {self.from_status} → {self.to_status}"


class AcceptanceTest(models.Model):
    """Safety and function checks before first use (EC.02.04.03); a device enters
    service only after a passed one."""

    equipment = models.ForeignKey(
        Equipment, verbose_name=_("device"), on_delete=models.CASCADE, related_name="acceptance_tests"
    )
    tested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("tested by"), null=True, on_delete=models.SET_NULL
    )
    tested_at = models.DateTimeField(_("tested"))
    # [{"step": "Alarms sound", "passed": true}, ...]
    checklist_results = models.JSONField(_("checklist results"), default=list, blank=True)
    electrical_safety_passed = models.BooleanField(_("electrical safety passed"))
    passed = models.BooleanField(_("passed"))
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-tested_at", "-id"]
        verbose_name = _("acceptance test")
        verbose_name_plural = _("acceptance tests")
        constraints = [
            models.CheckConstraint(
                condition=Q(passed=False) | Q(electrical_safety_passed=True), name="acceptance_passed_needs_safety"
            ),
        ]

    def __str__(self):
        return f"{self.equipment_id} {self.tested_at:%Y-%m-%d}"
