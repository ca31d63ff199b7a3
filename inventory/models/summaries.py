"""Summaries the heavy inventory pages read instead of the 2,000,000-row ledger.

Written only by inventory.summaries: incrementally by the ledger writer
(`inventory.services.ledger`), in the transaction that writes the movements, and
in full by `manage.py rebuild_inventory_summaries`. Never edited by hand (not in
the admin). Counts are plain integers: an increment arrives as INSERT … ON
CONFLICT DO UPDATE, and a decrement's proposed row is checked before the conflict.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hospital.models import Department
from inventory.models.catalogue import Item, Store

MONEY = {"max_digits": 18, "decimal_places": 4}


class StockOnHand(models.Model):
    """Units and value on hand per store and item: the sum of the store's balances of the
    item's lots, valued at each lot's unit cost (what the balance report shows)."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+")
    quantity = models.IntegerField(default=0)
    value = models.DecimalField(default=0, **MONEY)

    class Meta:
        verbose_name = _("stock on hand per store and item")
        verbose_name_plural = _("stock on hand per store and item")
        constraints = [models.UniqueConstraint(fields=["store", "item"], name="inv_on_hand_unique")]

    def __str__(self):
        return f"{self.store_id}/{self.item_id}: {self.quantity}"


class ConsumptionMonth(models.Model):
    """Units and cost issued to departments per store, item and month of the hospital's
    calendar: issues net of their reversals (the consumption rate of planning)."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"))
    issued = models.IntegerField(default=0)
    cost = models.DecimalField(default=0, **MONEY)

    class Meta:
        verbose_name = _("consumption per store, item and month")
        verbose_name_plural = _("consumption per store, item and month")
        constraints = [models.UniqueConstraint(fields=["store", "month", "item"], name="inv_consumption_month_unique")]

    def __str__(self):
        return f"{self.store_id}/{self.item_id} {self.month:%Y-%m}: {self.issued}"


class DepartmentConsumptionMonth(models.Model):
    """Units and cost charged to a department per store and month: issues and returns, net
    (the consumption report and the `inventory.consumption_cost` metric)."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+")
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"))
    quantity = models.IntegerField(default=0)
    cost = models.DecimalField(default=0, **MONEY)

    class Meta:
        verbose_name = _("consumption per department and month")
        verbose_name_plural = _("consumption per department and month")
        constraints = [
            models.UniqueConstraint(fields=["department", "store", "month"], name="inv_department_month_unique")
        ]
        indexes = [models.Index(fields=["month"], name="inv_department_month_month")]

    def __str__(self):
        return f"{self.department_id}/{self.store_id} {self.month:%Y-%m}: {self.cost}"


class ExpiryRisk(models.Model):
    """Today's expiry risks (inventory.planning.expiry_risk over every store's lots expiring
    within a year): what the expiry-risk page reads, so that it does not recompute tens of
    thousands of lots per request. Written only by `inventory.summaries.refresh_expiry_risks`,
    all rows at once: by the nightly task after it quarantines expired lots, and by the first
    request of a day that finds the rows of another day (`computed_on`)."""

    computed_on = models.DateField(_("risks of"))
    computed_at = models.DateTimeField(_("computed at"))
    balance = models.ForeignKey("inventory.StockBalance", on_delete=models.CASCADE, related_name="+")
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+")
    lot = models.ForeignKey("inventory.Lot", on_delete=models.CASCADE, related_name="+")
    expiry = models.DateField(_("expiry"))
    quantity_at_risk = models.IntegerField(_("at risk"))
    value_at_risk = models.DecimalField(_("value at risk"), max_digits=18, decimal_places=2)
    days_needed = models.DecimalField(_("days needed"), max_digits=12, decimal_places=1, null=True)
    transfer_to = models.ForeignKey(Store, on_delete=models.SET_NULL, null=True, related_name="+")
    transfer_quantity = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("expiry risk")
        verbose_name_plural = _("expiry risks")
        indexes = [models.Index(fields=["-value_at_risk", "expiry"], name="inv_risk_order")]

    def __str__(self):
        return f"{self.store_id}/{self.lot_id}: {self.quantity_at_risk}"


class ExpiryRiskRun(models.Model):
    """When the stored expiry risks were last computed, and for which day (one row)."""

    computed_on = models.DateField(_("risks of"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("expiry risk computation")
        verbose_name_plural = _("expiry risk computations")

    def __str__(self):
        return f"{self.computed_on} ({self.computed_at:%H:%M})"
