"""Department costs, revenue, budgets and their allocation (DOMAIN.md, section 5).

Cost centres are the core's departments: a `CostCentre` row gives a department its
cost-centre code and its class in the allocation (the 2021 public-hospital cost
accounting standard's four groups). Every amount is a Decimal in the hospital's
currency; every month is stored as its first day. Writes go through
`performance.services`, which refuse changes to a closed month.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hospital.models import Department
from performance import access
from staffing.models import Job

MONEY = {"max_digits": 14, "decimal_places": 2}


def first_of_month(field: str = "month") -> Q:
    """A CHECK that a month column holds the first day of its month."""
    return Q(**{f"{field}__day": 1})


class AllocationClass(models.TextChoices):
    """The four groups of the 2021 standard, in the order the step-down closes them."""

    ADMINISTRATIVE = "administrative", _("Administrative and logistics")
    MEDICAL_SUPPORT = "medical_support", _("Medical support")
    MEDICAL_TECHNICAL = "medical_technical", _("Medical-technical")
    CLINICAL = "clinical", _("Clinical")


# Classes whose costs are allocated on (support departments), in step-down order.
SUPPORT_CLASSES = (AllocationClass.ADMINISTRATIVE, AllocationClass.MEDICAL_SUPPORT, AllocationClass.MEDICAL_TECHNICAL)


class CostCentreQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.cost_scope(user, field="department"))


class CostCentre(models.Model):
    """A department's cost-centre data, kept beside the core's Department (which it does not change)."""

    department = models.OneToOneField(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="cost_centre"
    )
    code = models.CharField(_("cost-centre code"), max_length=20, unique=True)
    allocation_class = models.CharField(
        _("allocation class"), max_length=20, choices=AllocationClass.choices, default=AllocationClass.CLINICAL
    )
    floor_area = models.DecimalField(
        _("floor area (m²)"), max_digits=10, decimal_places=2, default=0, help_text=_("A driver for allocation.")
    )

    history = HistoricalRecords()
    objects = CostCentreQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("cost centre")
        verbose_name_plural = _("cost centres")

    def __str__(self):
        return f"{self.code} {self.department}"

    @property
    def is_support(self) -> bool:
        return self.allocation_class in SUPPORT_CLASSES


class CostCategory(models.Model):
    """A kind of cost (personnel, drugs, …): configurable; the seeded codes are what collection writes."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=80)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("cost category")
        verbose_name_plural = _("cost categories")

    def __str__(self):
        return self.name


class CostSource(models.TextChoices):
    MANUAL = "manual", _("Manual")
    IMPORT = "import", _("Import")
    INVENTORY = "inventory", _("Inventory")
    EQUIPMENT = "equipment", _("Equipment")
    STAFFING = "staffing", _("Staffing")


# Sources that monthly collection owns: it replaces them; people own the others.
AUTOMATIC_SOURCES = (CostSource.INVENTORY, CostSource.EQUIPMENT, CostSource.STAFFING)


class MonthlyQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.cost_scope(user, field="department"))

    def in_month(self, month):
        return self.filter(month=month)


class MonthlyEntry(models.Model):
    """What a cost entry and a revenue entry share: a department's amount in one month,
    where it came from, and who entered it."""

    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    amount = models.DecimalField(_("amount"), **MONEY)
    source = models.CharField(_("source"), max_length=12, choices=CostSource.choices, default=CostSource.MANUAL)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("entered"), default=timezone.now)

    objects = MonthlyQuerySet.as_manager()

    class Meta:
        abstract = True


class CostEntry(MonthlyEntry):
    category = models.ForeignKey(CostCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-month", "department__code", "category__order", "id"]
        verbose_name = _("cost entry")
        verbose_name_plural = _("cost entries")
        constraints = [models.CheckConstraint(condition=first_of_month(), name="performance_cost_month_first_day")]
        indexes = [
            models.Index(fields=["month", "department", "category"], name="perf_cost_month_dept_cat"),
            models.Index(fields=["month", "source"], name="perf_cost_month_source"),
        ]

    def __str__(self):
        return f"{self.department} {self.month:%Y-%m} {self.category}: {self.amount}"


class RevenueKind(models.TextChoices):
    OUTPATIENT = "outpatient", _("Out-patient services")
    INPATIENT = "inpatient", _("In-patient services")
    DRUGS = "drugs", _("Drugs")
    EXAMINATIONS = "examinations", _("Examinations and tests")
    OTHER = "other", _("Other")


class RevenueEntry(MonthlyEntry):
    kind = models.CharField(_("kind"), max_length=14, choices=RevenueKind.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-month", "department__code", "kind", "id"]
        verbose_name = _("revenue entry")
        verbose_name_plural = _("revenue entries")
        constraints = [models.CheckConstraint(condition=first_of_month(), name="performance_revenue_month_first_day")]
        indexes = [models.Index(fields=["month", "department"], name="perf_revenue_month_dept")]

    def __str__(self):
        return f"{self.department} {self.month:%Y-%m} {self.get_kind_display()}: {self.amount}"


class Budget(models.Model):
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="budgets"
    )
    category = models.ForeignKey(CostCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    amount = models.DecimalField(_("amount"), **MONEY)

    history = HistoricalRecords()
    objects = MonthlyQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "department__code", "category__order"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [
            models.UniqueConstraint(fields=["department", "category", "month"], name="performance_budget_once"),
            models.CheckConstraint(condition=first_of_month(), name="performance_budget_month_first_day"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="performance_budget_not_negative"),
        ]

    def __str__(self):
        return f"{self.department} {self.month:%Y-%m} {self.category}: {self.amount}"


class DriverKind(models.TextChoices):
    FTE = "fte", _("Headcount (FTE)")
    FLOOR_AREA = "floor_area", _("Floor area")
    PATIENT_DAYS = "patient_days", _("Patient-days")
    WORK_ORDERS = "work_orders", _("Work orders")
    REQUISITION_VALUE = "requisition_value", _("Requisition value")
    REVENUE = "revenue", _("Revenue")
    FIXED_SHARES = "fixed_shares", _("Fixed shares")


class DriverSource(models.TextChoices):
    MANUAL = "manual", _("Manual")
    IMPORT = "import", _("Import")
    CENSUS = "census", _("Census")
    INVENTORY = "inventory", _("Inventory")
    EQUIPMENT = "equipment", _("Equipment")
    STAFFING = "staffing", _("Staffing")
    COST_CENTRE = "cost_centre", _("Cost centre")
    REVENUE = "revenue", _("Revenue entries")


# Driver values an allocation run fills from the other apps (replaced at each run);
# typed and imported values are kept and win over them.
FILLED_DRIVER_SOURCES = (
    DriverSource.CENSUS,
    DriverSource.INVENTORY,
    DriverSource.EQUIPMENT,
    DriverSource.STAFFING,
    DriverSource.COST_CENTRE,
    DriverSource.REVENUE,
)


class AllocationRule(models.Model):
    """One support department's step in the allocation: its place in the order and its driver."""

    order = models.PositiveSmallIntegerField(_("order"), unique=True)
    department = models.OneToOneField(
        Department, verbose_name=_("support department"), on_delete=models.PROTECT, related_name="allocation_rule"
    )
    driver = models.CharField(_("driver"), max_length=20, choices=DriverKind.choices)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        verbose_name = _("allocation rule")
        verbose_name_plural = _("allocation rules")

    def __str__(self):
        return f"{self.order}. {self.department} ({self.get_driver_display()})"


class AllocationShare(models.Model):
    """A fixed share of one rule's costs that a department receives (driver "fixed shares")."""

    rule = models.ForeignKey(AllocationRule, verbose_name=_("rule"), on_delete=models.CASCADE, related_name="shares")
    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+")
    share = models.DecimalField(_("share"), max_digits=12, decimal_places=4)

    class Meta:
        ordering = ["rule", "department__code"]
        verbose_name = _("allocation share")
        verbose_name_plural = _("allocation shares")
        constraints = [
            models.UniqueConstraint(fields=["rule", "department"], name="performance_share_once"),
            models.CheckConstraint(condition=Q(share__gte=0), name="performance_share_not_negative"),
        ]

    def __str__(self):
        return f"{self.rule.department} → {self.department}: {self.share}"


class DriverValue(models.Model):
    """A department's amount of one driver in one month (its FTE, its patient-days, …)."""

    month = models.DateField(_("month"))
    kind = models.CharField(_("driver"), max_length=20, choices=DriverKind.choices)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="driver_values"
    )
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    source = models.CharField(_("source"), max_length=12, choices=DriverSource.choices, default=DriverSource.MANUAL)

    class Meta:
        ordering = ["month", "kind", "department__code"]
        verbose_name = _("driver value")
        verbose_name_plural = _("driver values")
        constraints = [
            models.UniqueConstraint(fields=["month", "kind", "department"], name="performance_driver_once"),
            models.CheckConstraint(condition=first_of_month(), name="performance_driver_month_first_day"),
            models.CheckConstraint(condition=Q(value__gte=0), name="performance_driver_not_negative"),
        ]

    def __str__(self):
        return f"{self.department} {self.month:%Y-%m} {self.get_kind_display()}: {self.value}"


class AllocationMethod(models.TextChoices):
    DIRECT = "direct", _("Direct")
    STEP_DOWN = "step_down", _("Step-down")


class AllocationRun(models.Model):
    """One allocation of a month's costs, with its matrix stored so the report is reproducible.

    `matrix` holds {"departments": [...], "direct": {...}, "steps": [...], "final": {...}}
    with amounts as strings (see performance.services.allocation).
    """

    month = models.DateField(_("month"))
    method = models.CharField(_("method"), max_length=10, choices=AllocationMethod.choices)
    matrix = models.JSONField(_("matrix"), default=dict)
    total_before = models.DecimalField(_("total before"), **MONEY)
    total_after = models.DecimalField(_("total after"), **MONEY)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("run by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    run_at = models.DateTimeField(_("run"), default=timezone.now)

    class Meta:
        ordering = ["-month", "-run_at", "-id"]
        verbose_name = _("allocation run")
        verbose_name_plural = _("allocation runs")
        constraints = [
            models.CheckConstraint(condition=first_of_month(), name="performance_run_month_first_day"),
            models.CheckConstraint(condition=Q(total_before=models.F("total_after")), name="performance_run_conserves"),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.get_method_display()}"

    @property
    def is_conserved(self) -> bool:
        return self.total_before == self.total_after


class MonthClose(models.Model):
    """A closed month: its cost and revenue entries, budgets and allocation runs are read-only."""

    month = models.DateField(_("month"), unique=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("closed by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), default=timezone.now)

    class Meta:
        ordering = ["-month"]
        verbose_name = _("closed month")
        verbose_name_plural = _("closed months")
        constraints = [models.CheckConstraint(condition=first_of_month(), name="performance_close_month_first_day")]

    def __str__(self):
        return f"{self.month:%Y-%m}"


class ScorecardDimension(models.Model):
    """One dimension of the departments' balanced scorecard: a metric of the registry and its weight."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=80)
    metric_key = models.CharField(_("metric"), max_length=80, help_text=_("A key of the metric registry."))
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=25)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("scorecard dimension")
        verbose_name_plural = _("scorecard dimensions")
        constraints = [models.CheckConstraint(condition=Q(weight__gte=0), name="performance_weight_not_negative")]

    def __str__(self):
        return f"{self.name} ({self.weight})"


class CostRateQuerySet(models.QuerySet):
    def rate_for(self, *, department_id: int, job: str, grade: str):
        """The most specific rate that fits (see CostRate), or None."""
        best, best_rank = None, -1
        for rate in self:
            rank = rate.specificity(department_id=department_id, job=job, grade=grade)
            if rank > best_rank:
                best, best_rank = rate, rank
        return best


class CostRate(models.Model):
    """What one staffed hour costs, for monthly collection's personnel entries (source
    "staffing"): hours × rate. Each of department, job and grade may be left empty for
    "any"; a person's hours take the most specific rate that fits them — the department
    counts most, then the job, then the grade (so a department's own rate beats a
    hospital-wide rate for a job). Hours no rate fits are not collected."""

    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: any department."),
    )
    job = models.CharField(_("job"), max_length=16, choices=Job.choices, blank=True, help_text=_("Empty: any job."))
    grade = models.CharField(_("grade"), max_length=40, blank=True, help_text=_("Empty: any grade."))
    hourly_rate = models.DecimalField(_("cost per hour"), max_digits=10, decimal_places=2)

    history = HistoricalRecords()
    objects = CostRateQuerySet.as_manager()

    class Meta:
        ordering = ["department__code", "job", "grade"]
        verbose_name = _("cost rate")
        verbose_name_plural = _("cost rates")
        constraints = [
            models.UniqueConstraint(
                fields=["department", "job", "grade"], name="performance_cost_rate_once", nulls_distinct=False
            ),
            models.CheckConstraint(condition=Q(hourly_rate__gt=0), name="performance_cost_rate_positive"),
        ]

    def __str__(self):
        return f"{self.department or '*'} {self.job or '*'} {self.grade or '*'}: {self.hourly_rate}"

    def specificity(self, *, department_id: int, job: str, grade: str) -> int:
        """-1 when the rate does not fit; otherwise higher is more specific."""
        if (
            (self.department_id is not None and self.department_id != department_id)
            or (self.job and self.job != job)
            or (self.grade and self.grade != grade)
        ):
            return -1
        return 4 * (self.department_id is not None) + 2 * bool(self.job) + bool(self.grade)
