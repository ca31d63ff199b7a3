"""Maintenance plans and work orders: the planned checks of each device and every repair."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from equipment import access
from equipment.models.devices import Equipment


class PlanKind(models.TextChoices):
    PREVENTIVE = "preventive", _("Preventive maintenance")
    CALIBRATION = "calibration", _("Calibration")
    SAFETY_TEST = "safety_test", _("Electrical safety test")
    INSPECTION = "inspection", _("Inspection")


class IntervalUnit(models.TextChoices):
    DAYS = "days", _("days")
    MONTHS = "months", _("months")


class MaintenancePlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.equipment_scope(user, field="equipment__department"))

    def active(self):
        return self.filter(is_active=True)

    def due_by(self, day):
        return self.active().filter(next_due__lte=day)

    def overdue(self, today=None):
        return self.active().filter(next_due__lt=today or timezone.localdate())


class MaintenancePlan(models.Model):
    equipment = models.ForeignKey(Equipment, verbose_name=_("device"), on_delete=models.CASCADE, related_name="plans")
    kind = models.CharField(_("kind"), max_length=16, choices=PlanKind.choices)
    interval_value = models.PositiveSmallIntegerField(_("interval"))
    interval_unit = models.CharField(_("interval unit"), max_length=8, choices=IntervalUnit.choices)
    # The day of the month a monthly plan belongs to: 31 Jan → 28 Feb → 31 Mar.
    anchor_day = models.PositiveSmallIntegerField(_("anchor day"), null=True, blank=True)
    checklist_steps = models.JSONField(_("checklist steps"), default=list, blank=True)
    engineer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("engineer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="maintenance_plans",
    )
    last_done = models.DateField(_("last done"), null=True, blank=True)
    next_due = models.DateField(_("next due"), db_index=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = MaintenancePlanQuerySet.as_manager()

    class Meta:
        ordering = ["next_due", "id"]
        verbose_name = _("maintenance plan")
        verbose_name_plural = _("maintenance plans")
        constraints = [
            models.UniqueConstraint(
                fields=["equipment", "kind"], condition=Q(is_active=True), name="plan_one_active_per_kind"
            ),
            models.CheckConstraint(condition=Q(interval_value__gte=1), name="plan_interval_positive"),
            models.CheckConstraint(condition=Q(interval_unit__in=IntervalUnit.values), name="plan_unit_valid"),
            models.CheckConstraint(
                condition=Q(anchor_day__isnull=True) | (Q(anchor_day__gte=1) & Q(anchor_day__lte=31)),
                name="plan_anchor_day_in_month",
            ),
        ]

    def __str__(self):
        return f"{self.equipment_id} {self.get_kind_display()}"

    @property
    def interval_label(self) -> str:
        return f"{self.interval_value} {self.get_interval_unit_display()}"

    def is_overdue(self, today=None) -> bool:
        return self.is_active and self.next_due < (today or timezone.localdate())


class WorkOrderKind(models.TextChoices):
    PREVENTIVE = "preventive", _("Preventive maintenance")
    CALIBRATION = "calibration", _("Calibration")
    SAFETY_TEST = "safety_test", _("Electrical safety test")
    INSPECTION = "inspection", _("Inspection")
    CORRECTIVE = "corrective", _("Corrective repair")


PLANNED_KINDS = (
    WorkOrderKind.PREVENTIVE,
    WorkOrderKind.CALIBRATION,
    WorkOrderKind.SAFETY_TEST,
    WorkOrderKind.INSPECTION,
)
# A failed check of these kinds takes the device out of service until a repair passes.
FAILURE_STOPS_DEVICE = (WorkOrderKind.CALIBRATION, WorkOrderKind.SAFETY_TEST)


class Priority(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    HIGH = "high", _("High")
    NORMAL = "normal", _("Normal")
    LOW = "low", _("Low")


class Outcome(models.TextChoices):
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")
    REPAIRED = "repaired", _("Repaired")
    NOT_REPAIRABLE = "not_repairable", _("Not repairable")


PLANNED_OUTCOMES = (Outcome.PASSED, Outcome.FAILED)
CORRECTIVE_OUTCOMES = (Outcome.REPAIRED, Outcome.NOT_REPAIRABLE)


class WorkOrderStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING_PARTS = "waiting_parts", _("Waiting for parts")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


W = WorkOrderStatus
ACTIVE_WORK_STATUSES = (W.OPEN, W.ASSIGNED, W.IN_PROGRESS, W.WAITING_PARTS)


def priority_rank() -> models.Case:
    """Urgent 0, high 1, normal 2, low 3: the board's order. The board's index is built on this
    very expression, so the database reads a column's most urgent cards straight from it."""
    return models.Case(
        *(models.When(priority=value, then=models.Value(rank)) for rank, value in enumerate(Priority.values)),
        default=models.Value(len(Priority.values)),
        output_field=models.IntegerField(),
    )


class WorkOrderQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.equipment_scope(user, field="equipment__department"))

    def active(self):
        return self.filter(status__in=ACTIVE_WORK_STATUSES)

    def corrective(self):
        return self.filter(kind=WorkOrderKind.CORRECTIVE)

    def planned(self):
        return self.filter(kind__in=PLANNED_KINDS)


class WorkOrder(models.Model):
    equipment = models.ForeignKey(
        Equipment, verbose_name=_("device"), on_delete=models.PROTECT, related_name="work_orders"
    )
    plan = models.ForeignKey(
        MaintenancePlan,
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="work_orders",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=WorkOrderKind.choices)
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reported_work_orders",
    )
    reported_at = models.DateTimeField(_("reported"), default=timezone.now, db_index=True)
    fault_description = models.TextField(_("fault"), blank=True)
    # A planned order's due date (the plan's date when it was raised): on time = completed by it.
    due_date = models.DateField(_("due"), null=True, blank=True, db_index=True)
    engineer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("engineer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_work_orders",
    )
    responded_at = models.DateTimeField(_("responded"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True, db_index=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    checklist_results = models.JSONField(_("checklist results"), default=list, blank=True)
    labour_hours = models.DecimalField(_("labour hours"), max_digits=7, decimal_places=2, default=0)
    parts_cost = models.DecimalField(_("parts cost"), max_digits=12, decimal_places=2, default=0)
    vendor_cost = models.DecimalField(_("vendor cost"), max_digits=12, decimal_places=2, default=0)
    status = models.CharField(_("status"), max_length=16, choices=WorkOrderStatus.choices, default=W.OPEN)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()
    objects = WorkOrderQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_at", "-id"]
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=W.values), name="work_order_status_valid"),
            models.CheckConstraint(
                condition=Q(labour_hours__gte=0) & Q(parts_cost__gte=0) & Q(vendor_cost__gte=0),
                name="work_order_costs_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(kind=WorkOrderKind.CORRECTIVE) | Q(plan__isnull=True), name="work_order_repair_no_plan"
            ),
            models.CheckConstraint(
                condition=(Q(status=W.COMPLETED) & Q(completed_at__isnull=False) & ~Q(outcome=""))
                | (~Q(status=W.COMPLETED) & Q(completed_at__isnull=True) & Q(outcome="")),
                name="work_order_completed_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(responded_at__isnull=True) | Q(responded_at__gte=models.F("reported_at")),
                name="work_order_response_after_report",
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True)
                | Q(started_at__isnull=True)
                | Q(completed_at__gte=models.F("started_at")),
                name="work_order_completed_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "priority"], name="work_order_board"),
            # A board column's most urgent, oldest cards first: an index range, not a sort
            # (equipment.selectors.board_columns / board_column).
            models.Index(
                F("status"),
                priority_rank(),
                F("reported_at"),
                F("id"),
                name="work_order_board_urgency",
                condition=Q(status__in=ACTIVE_WORK_STATUSES),
            ),
            models.Index(fields=["equipment", "kind", "completed_at"], name="work_order_device_kind"),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("equipment:work_order_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"WO-{self.pk:06d}" if self.pk else "WO-new"

    @property
    def is_corrective(self) -> bool:
        return self.kind == WorkOrderKind.CORRECTIVE

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_WORK_STATUSES

    @property
    def total_cost(self):
        return self.parts_cost + self.vendor_cost
