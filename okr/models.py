"""OKR tables: cycles, objectives, key results, check-ins and the history of target changes.

Each key result keeps its latest value, confidence and progress beside it
(written by the check-in service) so that cascade pages and reviews read one
row per key result, never the whole check-in history.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from okr import access
from okr.choices import (
    CheckInSource,
    Confidence,
    CycleStatus,
    KeyResultKind,
    ObjectiveKind,
    ObjectiveLevel,
    ObjectiveStatus,
    Unit,
)


class CycleQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Cycles the user may read (okr.access.may_read_cycles); changing them is okr.access too."""
        return self if access.may_read_cycles(user) else self.none()

    def containing(self, day):
        return self.filter(start__lte=day, end__gte=day)


class Cycle(models.Model):
    """A named period: a year, or a quarter inside its year (`year`)."""

    name = models.CharField(_("name"), max_length=80)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    status = models.CharField(_("status"), max_length=10, choices=CycleStatus.choices, default=CycleStatus.PLANNING)
    year = models.ForeignKey(
        "self",
        verbose_name=_("year"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="quarters",
        help_text=_("For a quarter: the year cycle it belongs to."),
    )
    retrospective = models.TextField(_("retrospective"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = CycleQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "end"]
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="okr_cycle_end_after_start"),
            models.UniqueConstraint(fields=["name"], name="okr_cycle_unique_name"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.status == CycleStatus.CLOSED

    def includes(self, day) -> bool:
        return self.start <= day <= self.end


class ObjectiveQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Objectives the user may read (okr.access.objective_scope): the hospital's, those of
        departments in their scope (own or contributing), and their own individual objectives."""
        return self.filter(access.objective_scope(user))

    def open(self):
        return self.exclude(status__in=[ObjectiveStatus.CLOSED, ObjectiveStatus.CANCELLED])


class Objective(models.Model):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    cycle = models.ForeignKey(Cycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="objectives")
    level = models.CharField(_("level"), max_length=12, choices=ObjectiveLevel.choices)
    department = models.ForeignKey(
        "hospital.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="okr_objectives",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="okr_objectives",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("aligns to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text=_("The objective one level up that this one serves."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ObjectiveKind.choices, default=ObjectiveKind.COMMITTED)
    status = models.CharField(
        _("status"), max_length=10, choices=ObjectiveStatus.choices, default=ObjectiveStatus.ACTIVE
    )
    contributing_departments = models.ManyToManyField(
        "hospital.Department",
        verbose_name=_("contributing departments"),
        blank=True,
        related_name="okr_contributions",
    )
    score = models.DecimalField(_("score"), max_digits=3, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ObjectiveQuerySet.as_manager()

    class Meta:
        ordering = ["cycle", "level", "department__path", "title"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        constraints = [
            models.CheckConstraint(
                condition=~Q(level__in=[ObjectiveLevel.DEPARTMENT, ObjectiveLevel.TEAM]) | Q(department__isnull=False),
                name="okr_objective_department_level_has_department",
            ),
            models.CheckConstraint(
                condition=~Q(level=ObjectiveLevel.HOSPITAL) | Q(department__isnull=True),
                name="okr_objective_hospital_level_has_no_department",
            ),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="okr_objective_not_own_parent"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=1), name="okr_objective_score_0_1"
            ),
        ]
        indexes = [models.Index(fields=["cycle", "level"], name="okr_objective_cycle_level")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("okr:objective_detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == ObjectiveStatus.ACTIVE

    @property
    def is_hospital_level(self) -> bool:
        return self.level == ObjectiveLevel.HOSPITAL


class KeyResultQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(objective__in=Objective.objects.visible_to(user))

    def live(self):
        """Key results still being worked on: active objective in an active cycle."""
        return self.filter(objective__status=ObjectiveStatus.ACTIVE, objective__cycle__status=CycleStatus.ACTIVE)

    def bound(self):
        return self.exclude(metric_key="")


class KeyResult(models.Model):
    objective = models.ForeignKey(
        Objective, verbose_name=_("objective"), on_delete=models.CASCADE, related_name="key_results"
    )
    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="okr_key_results",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=KeyResultKind.choices, default=KeyResultKind.INCREASE)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.PERCENT)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=4, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=4, null=True, blank=True)
    lower = models.DecimalField(_("lower bound"), max_digits=14, decimal_places=4, null=True, blank=True)
    upper = models.DecimalField(_("upper bound"), max_digits=14, decimal_places=4, null=True, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, default=1)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    metric_key = models.CharField(
        _("live metric"),
        max_length=100,
        blank=True,
        help_text=_("When set, the value comes from the hospital's live data every week."),
    )
    metric_department = models.ForeignKey(
        "hospital.Department",
        verbose_name=_("measured for"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: the whole hospital."),
    )
    # Latest check-in, kept by the check-in service (see module docstring).
    current_value = models.DecimalField(_("current value"), max_digits=14, decimal_places=4, null=True, blank=True)
    confidence = models.CharField(_("confidence"), max_length=10, choices=Confidence.choices, blank=True)
    progress = models.DecimalField(_("progress"), max_digits=5, decimal_places=2, default=0)
    last_check_in_on = models.DateField(_("last check-in"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=3, decimal_places=2, null=True, blank=True)

    objects = KeyResultQuerySet.as_manager()

    class Meta:
        ordering = ["objective_id", "id"]
        verbose_name = _("key result")
        verbose_name_plural = _("key results")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="okr_key_result_weight_positive"),
            models.CheckConstraint(
                condition=Q(lower__isnull=True) | Q(upper__isnull=True) | Q(lower__lte=models.F("upper")),
                name="okr_key_result_lower_not_above_upper",
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="okr_key_result_progress_0_100"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=1), name="okr_key_result_score_0_1"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_bound(self) -> bool:
        return bool(self.metric_key)

    @property
    def is_numeric(self) -> bool:
        return self.kind != KeyResultKind.MILESTONE

    @property
    def is_milestone(self) -> bool:
        return self.kind == KeyResultKind.MILESTONE

    @property
    def is_range(self) -> bool:
        """Keep within a range: bounds (lower, upper) instead of a baseline and a target."""
        return self.kind == KeyResultKind.RANGE


class CheckInQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(key_result__in=KeyResult.objects.visible_to(user))


class CheckIn(models.Model):
    key_result = models.ForeignKey(
        KeyResult, verbose_name=_("key result"), on_delete=models.CASCADE, related_name="check_ins"
    )
    date = models.DateField(_("date"))
    # Monday of the ISO week, so that the weekly live-data check-in is unique per week.
    week = models.DateField(_("week"), editable=False)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4, null=True, blank=True)
    confidence = models.CharField(_("confidence"), max_length=10, choices=Confidence.choices)
    confidence_score = models.PositiveSmallIntegerField(_("confidence (0–10)"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True, on_delete=models.SET_NULL
    )
    source = models.CharField(_("source"), max_length=10, choices=CheckInSource.choices, default=CheckInSource.MANUAL)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["key_result_id", "date", "id"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.UniqueConstraint(
                fields=["key_result", "week"],
                condition=Q(source=CheckInSource.AUTOMATIC),
                name="okr_check_in_one_automatic_per_week",
            ),
            models.UniqueConstraint(
                fields=["key_result", "date"],
                condition=Q(source=CheckInSource.MANUAL),
                name="okr_check_in_one_manual_per_day",
            ),
            models.CheckConstraint(
                condition=Q(confidence_score__isnull=True) | Q(confidence_score__lte=10),
                name="okr_check_in_confidence_0_10",
            ),
        ]
        indexes = [models.Index(fields=["key_result", "-date"], name="okr_check_in_latest")]

    def __str__(self):
        return f"{self.key_result} · {self.date}"


class TargetChange(models.Model):
    """An audit row for every change of a key result's target: who, when, old, new and why."""

    key_result = models.ForeignKey(
        KeyResult, verbose_name=_("key result"), on_delete=models.CASCADE, related_name="target_changes"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, on_delete=models.SET_NULL
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)
    old_target = models.DecimalField(_("old target"), max_digits=14, decimal_places=4, null=True, blank=True)
    new_target = models.DecimalField(_("new target"), max_digits=14, decimal_places=4, null=True, blank=True)
    old_lower = models.DecimalField(_("old lower bound"), max_digits=14, decimal_places=4, null=True, blank=True)
    new_lower = models.DecimalField(_("new lower bound"), max_digits=14, decimal_places=4, null=True, blank=True)
    old_upper = models.DecimalField(_("old upper bound"), max_digits=14, decimal_places=4, null=True, blank=True)
    new_upper = models.DecimalField(_("new upper bound"), max_digits=14, decimal_places=4, null=True, blank=True)
    reason = models.TextField(_("reason"))

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("target change")
        verbose_name_plural = _("target changes")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="okr_target_change_has_reason"),
        ]

    def __str__(self):
        return f"{self.key_result}: {self.old_target} → {self.new_target}"
