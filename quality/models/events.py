"""Safety events (docs/standards.md, section 2): the report, its review and its corrective actions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hospital.messages import render_message
from hospital.models import Department
from quality import access


class EventType(models.TextChoices):
    """AHRQ Common Formats event types."""

    INCIDENT = "incident", _("Incident (reached the patient)")
    NEAR_MISS = "near_miss", _("Near miss (did not reach the patient)")
    UNSAFE_CONDITION = "unsafe_condition", _("Unsafe condition")


class Category(models.TextChoices):
    """Common Formats Hospital v1.2, with surgery and anaesthesia apart (serves v2.0 too)."""

    MEDICATION = "medication", _("Medication or other substance")
    FALL = "fall", _("Fall")
    DEVICE = "device", _("Device or medical/surgical supply, incl. health IT")
    SURGERY = "surgery", _("Surgery")
    ANAESTHESIA = "anaesthesia", _("Anaesthesia")
    INFECTION = "infection", _("Healthcare-associated infection")
    PRESSURE_INJURY = "pressure_injury", _("Pressure injury")
    BLOOD = "blood", _("Blood or blood product")
    PERINATAL = "perinatal", _("Perinatal")
    VTE = "vte", _("Venous thromboembolism")
    OTHER = "other", _("Other")


SURGICAL_CATEGORIES = (Category.SURGERY, Category.ANAESTHESIA)


class Harm(models.TextChoices):
    """AHRQ Common Formats Harm Scale, worst first."""

    DEATH = "death", _("Death")
    SEVERE = "severe", _("Severe harm")
    MODERATE = "moderate", _("Moderate harm")
    MILD = "mild", _("Mild harm")
    NONE = "none", _("No harm")
    UNKNOWN = "unknown", _("Unknown")


SERIOUS_HARM = (Harm.DEATH, Harm.SEVERE)


class MedicationErrorCategory(models.TextChoices):
    """NCC MERP Index for categorising medication errors."""

    A = "A", _("A – capacity to cause error")
    B = "B", _("B – error, did not reach the patient")
    C = "C", _("C – reached the patient, no harm")
    D = "D", _("D – needed monitoring to preclude harm")
    E = "E", _("E – temporary harm, needed intervention")
    F = "F", _("F – temporary harm, (prolonged) hospitalisation")
    G = "G", _("G – permanent harm")
    H = "H", _("H – intervention to sustain life")
    I = "I", _("I – contributed to death")  # noqa: E741 - the index's own letter


# NCC MERP: A is an unsafe condition, B a near miss, C–I reached the patient (an incident).
MERP_EVENT_TYPE = {"A": EventType.UNSAFE_CONDITION, "B": EventType.NEAR_MISS}


def merp_event_type(letter: str) -> str:
    """The event type an NCC MERP letter means; the report and triage forms offer a
    letter only beside its event type, and the services refuse any other pairing."""
    return MERP_EVENT_TYPE.get(letter, EventType.INCIDENT)


class ChineseLevel(models.TextChoices):
    """医疗安全不良事件分级, shown beside the harm scale."""

    I = "I", _("Level Ⅰ – sentinel event")  # noqa: E741
    II = "II", _("Level Ⅱ – adverse outcome")
    III = "III", _("Level Ⅲ – no consequence")
    IV = "IV", _("Level Ⅳ – near miss")


def chinese_level(event_type: str, harm: str) -> str | None:
    """The four-level class from type and harm (docs/standards.md); None if harm is unknown."""
    if event_type != EventType.INCIDENT:
        return ChineseLevel.IV
    return {
        Harm.DEATH: ChineseLevel.I,
        Harm.SEVERE: ChineseLevel.I,
        Harm.MODERATE: ChineseLevel.II,
        Harm.MILD: ChineseLevel.II,
        Harm.NONE: ChineseLevel.III,
    }.get(harm)


class EventStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    TRIAGED = "triaged", _("Triaged")
    INVESTIGATING = "investigating", _("Under investigation")
    ACTIONS = "actions", _("Actions")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (EventStatus.SUBMITTED, EventStatus.TRIAGED, EventStatus.INVESTIGATING, EventStatus.ACTIONS)


class AdverseEventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Events the user may see (quality.access.event_scope): for pages, API and exports."""
        return self.filter(access.event_scope(user))

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def in_department(self, department):
        if department is None:
            return self
        return self.filter(department__path__startswith=department.path)

    def occurred_between(self, start, end):
        return self.filter(occurred_on__gte=start, occurred_on__lte=end)


class AdverseEvent(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    occurred_at = models.DateTimeField(_("when it happened"))
    # The local date of occurred_at, kept for rates grouped by day without time-zone maths.
    occurred_on = models.DateField(_("date it happened"), editable=False, db_index=True)
    discovered_at = models.DateTimeField(_("when it was found"))
    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.PROTECT)
    location = models.CharField(_("location"), max_length=120, blank=True, help_text=_("Room, bed or area."))
    event_type = models.CharField(_("event type"), max_length=20, choices=EventType.choices)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    harm = models.CharField(_("harm"), max_length=10, choices=Harm.choices, default=Harm.UNKNOWN)
    medication_category = models.CharField(
        _("NCC MERP category"), max_length=1, choices=MedicationErrorCategory.choices, blank=True
    )
    patient_identifier = models.CharField(
        _("patient identifier"),
        max_length=40,
        blank=True,
        help_text=_("Optional. Seen only by the quality office."),
    )
    description = models.TextField(_("what happened"))
    immediate_actions = models.TextField(_("what was done at once"), blank=True)
    contributing_factors = models.TextField(_("contributing factors"), blank=True)
    device_asset_tag = models.CharField(_("device asset tag"), max_length=40, blank=True)
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    # Null for anonymous reports: then nothing on this row identifies the reporter.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reported_events",
    )
    reported_at = models.DateTimeField(_("reported"), default=timezone.now, db_index=True)
    # A random key per report form (or API client's attempt): the same form posted twice
    # (a double tap on a slow connection, a reload of the answer page) files one report.
    # Random, and never logged with the user, so it links no one to an anonymous report.
    submission_key = models.UUIDField(_("submission key"), null=True, blank=True, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=EventStatus.choices, default=EventStatus.SUBMITTED, db_index=True
    )
    investigator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("investigator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="investigated_events",
    )
    requires_rca = models.BooleanField(_("root-cause analysis required"), default=False)
    triaged_at = models.DateTimeField(_("triaged"), null=True, blank=True)
    investigation_due = models.DateField(_("investigation due"), null=True, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    summary = models.TextField(_("closing summary"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    history = HistoricalRecords()
    objects = AdverseEventQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_at", "-id"]
        verbose_name = _("safety event")
        verbose_name_plural = _("safety events")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_anonymous=False) | Q(reporter__isnull=True), name="anonymous_event_has_no_reporter"
            ),
            models.CheckConstraint(
                condition=Q(category="medication") | Q(medication_category=""),
                name="merp_only_for_medication",
            ),
            models.CheckConstraint(condition=Q(discovered_at__gte=models.F("occurred_at")), name="found_after_event"),
        ]
        indexes = [
            models.Index(fields=["status", "reported_at"], name="event_status_reported"),
            models.Index(fields=["department", "occurred_on"], name="event_department_day"),
            # The list's order: deep pages walk this index instead of sorting the table.
            models.Index(fields=["-reported_at", "-id"], name="event_reported_desc"),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("quality:event_detail", args=[self.pk])

    @property
    def is_serious(self) -> bool:
        return self.harm in SERIOUS_HARM

    @property
    def is_closed(self) -> bool:
        return self.status == EventStatus.CLOSED

    @property
    def chinese_level(self) -> str | None:
        return chinese_level(self.event_type, self.harm)

    def get_chinese_level_display(self) -> str:
        level = self.chinese_level
        return ChineseLevel(level).label if level else "—"

    @property
    def is_overdue(self) -> bool:
        return (
            self.status != EventStatus.CLOSED
            and self.investigation_due is not None
            and self.investigation_due < timezone.localdate()
        )


class ReferenceCounter(models.Model):
    """The last reference number given in a year; locked row by row (AE-2026-000123)."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"


class StepKind(models.TextChoices):
    REPORTED = "reported", _("Reported")
    TRIAGED = "triaged", _("Triaged")
    INVESTIGATION_STARTED = "investigation_started", _("Investigation started")
    FINDINGS = "findings", _("Findings recorded")
    ROOT_CAUSE = "root_cause", _("Root cause added")
    ACTIONS_PLANNED = "actions_planned", _("Actions planned")
    ACTION_ADDED = "action_added", _("Action added")
    ACTION_UPDATED = "action_updated", _("Action updated")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


class EventStep(models.Model):
    """The event's timeline: each step with who (None for an anonymous report) and when."""

    event = models.ForeignKey(AdverseEvent, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=24, choices=StepKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    status = models.CharField(_("status after"), max_length=16, choices=EventStatus.choices)
    # A note the service writes (a root cause's kind, an action's new status) is a message id
    # with parameters, shown in the reader's language (hospital.messages); a note a person
    # typed has no parameters and is shown as typed. Show it with display_note.
    note = models.TextField(_("note"), blank=True)
    note_params = models.JSONField(_("note parameters"), default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("event step")
        verbose_name_plural = _("event steps")

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"

    @property
    def display_note(self) -> str:
        return render_message(self.note, self.note_params) if self.note_params else self.note


class RootCauseKind(models.TextChoices):
    PEOPLE = "people", _("People")
    TASK = "task", _("Task or process")
    EQUIPMENT = "equipment", _("Equipment")
    ENVIRONMENT = "environment", _("Environment")
    COMMUNICATION = "communication", _("Communication")
    POLICY = "policy", _("Policy")


class RootCause(models.Model):
    event = models.ForeignKey(AdverseEvent, on_delete=models.CASCADE, related_name="root_causes")
    kind = models.CharField(_("kind"), max_length=16, choices=RootCauseKind.choices)
    description = models.TextField(_("description"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("root cause")
        verbose_name_plural = _("root causes")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.description[:60]}"


class ActionKind(models.TextChoices):
    CORRECTIVE = "corrective", _("Corrective")
    PREVENTIVE = "preventive", _("Preventive")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class Effectiveness(models.TextChoices):
    PENDING = "pending", _("Not yet checked")
    EFFECTIVE = "effective", _("Effective")
    NOT_EFFECTIVE = "not_effective", _("Not effective")


class CorrectiveActionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Actions of events the user may see, and the user's own (quality.access.action_scope:
        every action for the quality office, with no subquery over the events)."""
        return self.filter(access.action_scope(user))

    def open(self):
        return self.filter(status__in=OPEN_ACTION_STATUSES)


class CorrectiveAction(models.Model):
    event = models.ForeignKey(AdverseEvent, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("kind"), max_length=12, choices=ActionKind.choices, default=ActionKind.CORRECTIVE)
    description = models.TextField(_("what"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="quality_actions"
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    effectiveness = models.CharField(
        _("effectiveness"), max_length=16, choices=Effectiveness.choices, default=Effectiveness.PENDING
    )
    effectiveness_note = models.TextField(_("effectiveness check"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # The event's department path, copied when the action is added (an event never
    # changes department; a department move rewrites it, hospital.models.PATH_COPIES):
    # a department head's tracker is one indexed prefix filter, without the events.
    department_path = models.CharField(max_length=255, editable=False, default="", db_index=True)

    history = HistoricalRecords()
    objects = CorrectiveActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", completed_on__isnull=False) | ~Q(status="done"),
                name="done_action_has_completion_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"], name="action_status_due"),
            # The API's list of every action, in its order (due date, id).
            models.Index(fields=["due_date", "id"], name="action_due"),
            # The action tracker: open actions in due-date order, walked without a sort.
            models.Index(
                fields=["due_date", "id"], condition=Q(status__in=OPEN_ACTION_STATUSES), name="action_open_due"
            ),
        ]

    def __str__(self):
        return self.description[:60]

    @property
    def is_overdue(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES and self.due_date < timezone.localdate()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES
