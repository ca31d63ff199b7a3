"""Summaries the KPI page, the metric cards and the failure-risk list read instead of
the raw status changes and work orders (docs/architecture.md, section 6).

Written only by equipment.summaries: incrementally, in the transaction of the service
that writes the raw row, and in full by `manage.py rebuild_equipment_summaries`.
Not registered in the admin. Counts are IntegerField (not Positive…): a decrement
arrives as INSERT … ON CONFLICT DO UPDATE, whose proposed row is checked first.

Device-time is kept as flows, so that no row depends on the clock: for each
department, month and status, `net` = changes into the status − changes out of it
during the month, and `weighted_us` = Σ ±(the month's end − the change's time) in
microseconds. The number of devices in a status at a month's start is the running
sum of `net` before it; the time spent in it during the month is that number × the
month's length + `weighted_us` (see equipment.summaries.device_time).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from equipment.models.devices import Equipment, EquipmentStatus
from equipment.models.work import WorkOrderKind
from hospital.models import Department


class StatusMonth(models.Model):
    """Status flows by the device's department, month of the change and status."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"))
    status = models.CharField(max_length=20, choices=EquipmentStatus.choices)
    net = models.IntegerField(default=0)
    weighted_us = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("device status flows per month")
        verbose_name_plural = _("device status flows per month")
        constraints = [
            models.UniqueConstraint(fields=["department", "month", "status"], name="status_month_unique"),
        ]
        indexes = [models.Index(fields=["month", "department"], name="status_month_month")]

    def __str__(self):
        return f"{self.department_id} {self.month:%Y-%m} {self.status}"


class WorkMonth(models.Model):
    """Work orders (cancelled ones aside) by the device's department, month, kind and
    whether the device is high-risk or life-support.

    Each count belongs to the month of its own date: opened, responses and response time
    to the month reported; completed, cost, repairs and repair time to the month completed;
    planned checks due and done on time to the month of the due date.
    """

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"))
    kind = models.CharField(max_length=16, choices=WorkOrderKind.choices)
    high_risk = models.BooleanField(default=False)
    opened = models.IntegerField(default=0)
    completed = models.IntegerField(default=0)
    pm_due = models.IntegerField(default=0)
    pm_on_time = models.IntegerField(default=0)
    responses = models.IntegerField(default=0)
    response_us = models.BigIntegerField(default=0)
    repairs = models.IntegerField(default=0)
    repair_us = models.BigIntegerField(default=0)
    cost = models.DecimalField(max_digits=16, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("work orders per month")
        verbose_name_plural = _("work orders per month")
        constraints = [
            models.UniqueConstraint(fields=["department", "month", "kind", "high_risk"], name="work_month_unique"),
        ]
        indexes = [models.Index(fields=["month", "department"], name="work_month_month")]

    def __str__(self):
        return f"{self.department_id} {self.month:%Y-%m} {self.kind}"


class DeviceReliability(models.Model):
    """One row per device: what its failure-risk score needs, without reading its history.

    Time in service = `in_service_us` (closed spells) + now − `status_since` when
    `last_status` is in service.
    """

    equipment = models.OneToOneField(Equipment, primary_key=True, on_delete=models.CASCADE, related_name="reliability")
    failures = models.IntegerField(default=0)  # corrective orders, cancelled ones aside
    last_repair_at = models.DateTimeField(null=True)  # the latest repair completed as repaired
    in_service_us = models.BigIntegerField(default=0)
    status_since = models.DateTimeField(null=True)  # the time of the latest status change
    last_status = models.CharField(max_length=20, choices=EquipmentStatus.choices, blank=True)

    class Meta:
        verbose_name = _("device reliability")
        verbose_name_plural = _("device reliability")

    def __str__(self):
        return f"{self.equipment_id}"


class DepreciationMonth(models.Model):
    """Straight-line depreciation as flows by the device's department and month: each device
    adds its monthly charge in its first charged month and takes it away in the month after
    its last, so a month's charge is the running sum of `change` up to it."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"))
    change = models.DecimalField(max_digits=16, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("depreciation changes per month")
        verbose_name_plural = _("depreciation changes per month")
        constraints = [models.UniqueConstraint(fields=["department", "month"], name="depreciation_month_unique")]
        indexes = [models.Index(fields=["month", "department"], name="depreciation_month_month")]

    def __str__(self):
        return f"{self.department_id} {self.month:%Y-%m}"


class FailureRiskRank(models.Model):
    """The failure-risk ranking as last computed (equipment.risk_ranking.refresh, run by Celery
    beat): one row per device in use, its place and score. The list page reads a page of it
    by `position` instead of scoring every device in the request."""

    equipment = models.OneToOneField(Equipment, primary_key=True, on_delete=models.CASCADE, related_name="risk_rank")
    position = models.PositiveIntegerField(_("position"), unique=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1)
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("failure-risk rank")
        verbose_name_plural = _("failure-risk ranking")

    def __str__(self):
        return f"{self.position}: {self.equipment_id}"
