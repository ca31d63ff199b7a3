"""The staffing app's tables: staff, their skills and certifications, shift types, coverage
and work rules, leave, shift requests and swaps, and rosters with their assignments.

Every write goes through `staffing.services`; every read is scoped by a QuerySet's
`visible_to(user)` (staffing.access), so pages, the API and exports agree.
"""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hospital.models import Department
from staffing import access


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class Job(models.TextChoices):
    NURSE = "nurse", _("Nurse")
    PHYSICIAN = "physician", _("Physician")
    MIDWIFE = "midwife", _("Midwife")
    TECHNICIAN = "technician", _("Technician")
    NURSING_ASSISTANT = "assistant", _("Nursing assistant")
    OTHER = "other", _("Other")


class CertificationKind(models.TextChoices):
    BLS = "bls", _("Basic life support (BLS)")
    ACLS = "acls", _("Advanced cardiac life support (ACLS)")
    PALS = "pals", _("Paediatric advanced life support (PALS)")
    NRP = "nrp", _("Neonatal resuscitation (NRP)")
    RADIATION_SAFETY = "radiation", _("Radiation safety")
    ANAESTHESIA = "anaesthesia", _("Anaesthesia licence")
    CHARGE_NURSE = "charge", _("Charge nurse training")


class ShiftColour(models.TextChoices):
    """A fixed palette: pages colour a shift with the CSS class `shift-<value>` (no inline style)."""

    BLUE = "blue", _("Blue")
    GREEN = "green", _("Green")
    AMBER = "amber", _("Amber")
    RED = "red", _("Red")
    PURPLE = "purple", _("Purple")
    TEAL = "teal", _("Teal")
    INDIGO = "indigo", _("Indigo")
    GREY = "grey", _("Grey")


class Skill(models.Model):
    """A skill a coverage rule may ask for (ICU, paediatrics, charge nurse, …).

    When `certification_kind` is set, the skill counts on a day only while the person holds
    a certification of that kind valid on that day: that is how certifications gate rostering.
    """

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=80)
    certification_kind = models.CharField(
        _("required certification"),
        max_length=16,
        choices=CertificationKind.choices,
        blank=True,
        help_text=_("The skill counts only while a certification of this kind is valid."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self):
        return self.name


class StaffProfileQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.person_scope(user, field="user"))

    def rostered_in(self, department):
        return self.filter(user__department=department, is_rostered=True, user__is_active=True)


class StaffProfile(models.Model):
    """What rostering knows of a user; the department is the user's own (`user.department`)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="staff_profile"
    )
    job = models.CharField(_("job"), max_length=16, choices=Job.choices, default=Job.NURSE)
    grade = models.CharField(_("grade"), max_length=40, blank=True)
    contract_hours_per_week = models.DecimalField(
        _("contract hours per week"), max_digits=4, decimal_places=1, default=40
    )
    fte = models.DecimalField(_("FTE"), max_digits=3, decimal_places=2, default=1)
    skills = models.ManyToManyField(Skill, verbose_name=_("skills"), blank=True, related_name="profiles")
    is_rostered = models.BooleanField(_("on the roster"), default=True)
    may_work_nights = models.BooleanField(_("may work nights"), default=True)
    # The private iCalendar feed's key; rotating it (services) breaks every old link.
    calendar_token = models.CharField(max_length=64, unique=True, default=new_calendar_token, editable=False)

    history = HistoricalRecords(excluded_fields=["calendar_token"])
    objects = StaffProfileQuerySet.as_manager()

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(contract_hours_per_week__gte=0) & Q(contract_hours_per_week__lte=80),
                name="staff_contract_hours_range",
            ),
            models.CheckConstraint(condition=Q(fte__gte=0) & Q(fte__lte=1.5), name="staff_fte_range"),
            models.CheckConstraint(condition=Q(job__in=Job.values), name="staff_job_valid"),
        ]

    def __str__(self):
        return str(self.user)


class CertificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.person_scope(user, field="person"))

    def valid_on(self, day: datetime.date):
        return self.filter(issued__lte=day).filter(Q(expires__isnull=True) | Q(expires__gte=day))

    def expiring_within(self, days: int, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.filter(expires__gte=today, expires__lte=today + datetime.timedelta(days=days))


class Certification(models.Model):
    """A certification held by a person: valid from `issued` through `expires` (inclusive)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="certifications"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CertificationKind.choices)
    issued = models.DateField(_("issued"))
    expires = models.DateField(_("expires"), null=True, blank=True, help_text=_("Empty: never expires."))
    reference = models.CharField(_("certificate number"), max_length=60, blank=True)

    history = HistoricalRecords()
    objects = CertificationQuerySet.as_manager()

    class Meta:
        ordering = ["expires", "id"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires__isnull=True) | Q(expires__gte=models.F("issued")),
                name="certification_expires_after_issue",
            ),
            models.CheckConstraint(condition=Q(kind__in=CertificationKind.values), name="certification_kind_valid"),
        ]
        indexes = [models.Index(fields=["expires"], name="certification_expires")]

    def __str__(self):
        return f"{self.person} {self.get_kind_display()}"

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.issued <= day and (self.expires is None or day <= self.expires)


class ShiftType(models.Model):
    """A kind of shift. `end` before or equal to `start` means the shift ends the next day."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=60)
    start = models.TimeField(_("start"))
    end = models.TimeField(_("end"))
    paid_hours = models.DecimalField(_("paid hours"), max_digits=4, decimal_places=2)
    is_night = models.BooleanField(_("night shift"), default=False)
    colour = models.CharField(_("colour"), max_length=8, choices=ShiftColour.choices, default=ShiftColour.BLUE)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("shift type")
        verbose_name_plural = _("shift types")
        constraints = [
            models.CheckConstraint(
                condition=Q(paid_hours__gt=0) & Q(paid_hours__lte=24), name="shift_type_paid_hours_range"
            ),
            models.CheckConstraint(condition=Q(colour__in=ShiftColour.values), name="shift_type_colour_valid"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def crosses_midnight(self) -> bool:
        return self.end <= self.start

    @property
    def start_minute(self) -> int:
        return self.start.hour * 60 + self.start.minute

    @property
    def length_minutes(self) -> int:
        """Minutes from start to end (a shift ending the next day counts past midnight)."""
        end = self.end.hour * 60 + self.end.minute
        return (end - self.start_minute) % (24 * 60) or 24 * 60

    @property
    def css_class(self) -> str:
        return f"shift-{self.colour}"


class DepartmentScopedQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.staffing_scope(user, field="department"))


class CoverageScope(models.TextChoices):
    WEEKDAY = "weekday", _("Every such weekday")
    HOLIDAY = "holiday", _("Public holidays")
    DATE = "date", _("One date")


class CoverageRule(models.Model):
    """Staff needed on a shift in a department, counting only holders of `skill` when set.

    Which rules apply to a day: the department's `date` rules for that date if any; else its
    `holiday` rules on a public holiday if any; else its `weekday` rules for the weekday.
    With `patients_per_staff` the minimum is ⌈expected patients ÷ patients per staff⌉, the
    expected patients read from the daily census of that weekday (staffing.services.coverage).
    """

    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.CASCADE, related_name="coverage_rules"
    )
    scope = models.CharField(_("applies to"), max_length=8, choices=CoverageScope.choices, default="weekday")
    weekday = models.PositiveSmallIntegerField(_("weekday"), null=True, blank=True, help_text=_("0 Monday … 6 Sunday"))
    date = models.DateField(_("date"), null=True, blank=True)
    shift_type = models.ForeignKey(ShiftType, verbose_name=_("shift type"), on_delete=models.PROTECT)
    skill = models.ForeignKey(Skill, verbose_name=_("skill"), null=True, blank=True, on_delete=models.PROTECT)
    minimum = models.PositiveSmallIntegerField(_("minimum"), default=0)
    preferred = models.PositiveSmallIntegerField(_("preferred"), null=True, blank=True)
    patients_per_staff = models.DecimalField(
        _("patients per staff member"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Set to require staff in ratio to the census instead of a fixed minimum."),
    )

    history = HistoricalRecords()
    objects = DepartmentScopedQuerySet.as_manager()

    class Meta:
        ordering = ["department__code", "scope", "weekday", "date", "shift_type__sort_order", "id"]
        verbose_name = _("coverage rule")
        verbose_name_plural = _("coverage rules")
        constraints = [
            models.CheckConstraint(
                condition=(Q(scope="weekday") & Q(weekday__gte=0) & Q(weekday__lte=6) & Q(date__isnull=True))
                | (Q(scope="holiday") & Q(weekday__isnull=True) & Q(date__isnull=True))
                | (Q(scope="date") & Q(weekday__isnull=True) & Q(date__isnull=False)),
                name="coverage_scope_fields",
            ),
            models.CheckConstraint(
                condition=Q(preferred__isnull=True) | Q(preferred__gte=models.F("minimum")),
                name="coverage_preferred_at_least_minimum",
            ),
            models.CheckConstraint(
                condition=Q(patients_per_staff__isnull=True) | Q(patients_per_staff__gt=0),
                name="coverage_ratio_positive",
            ),
        ]
        indexes = [models.Index(fields=["department", "scope"], name="coverage_department_scope")]

    def __str__(self):
        return f"{self.department} {self.shift_type.code}"


class HolidayOverride(models.Model):
    """Corrects the `holidays` library's calendar: adds a public holiday, or removes one
    (`is_holiday=False`) on which the hospital staffs as on a normal day."""

    date = models.DateField(_("date"), unique=True)
    is_holiday = models.BooleanField(_("public holiday"), default=True)
    name = models.CharField(_("name"), max_length=80, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday override")
        verbose_name_plural = _("holiday overrides")

    def __str__(self):
        return f"{self.date} {self.name}"


class WorkRulesQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.any_of(Q(department__isnull=True), access.staffing_scope(user, field="department")))


# What a scheduler sets on a department's work rules (the pages' form and the API).
WORK_RULE_FIELDS = (
    "max_consecutive_days",
    "max_consecutive_nights",
    "min_rest_hours",
    "forbidden_successions",
    "max_hours_percent",
    "min_hours_percent",
    "max_shifts_per_week",
    "min_free_weekends",
    "preferred_cover_weight",
    "night_fairness_weight",
    "weekend_fairness_weight",
    "split_weekend_weight",
)


class WorkRules(models.Model):
    """Hard limits on each person's roster. The row without a department is the hospital's
    default; a department's own row replaces it for that department.

    Hours per period are relative to the contract: at most `max_hours_percent` % of the
    contract hours over the roster's weeks (leave days count as worked at contract pace);
    `min_free_weekends` is per four weeks, scaled to the roster's length.
    """

    department = models.OneToOneField(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="work_rules",
    )
    max_consecutive_days = models.PositiveSmallIntegerField(_("most working days in a row"), default=6)
    max_consecutive_nights = models.PositiveSmallIntegerField(_("most nights in a row"), default=3)
    min_rest_hours = models.PositiveSmallIntegerField(_("least rest between shifts (hours)"), default=11)
    # Pairs of shift-type codes [first, next day's] that may not follow each other.
    forbidden_successions = models.JSONField(_("forbidden successions"), default=list, blank=True)
    max_hours_percent = models.PositiveSmallIntegerField(_("most hours, % of contract"), default=110)
    min_hours_percent = models.PositiveSmallIntegerField(_("least hours, % of contract"), default=0)
    max_shifts_per_week = models.PositiveSmallIntegerField(_("most shifts per week"), null=True, blank=True)
    min_free_weekends = models.PositiveSmallIntegerField(_("least free weekends per four weeks"), default=1)
    # Soft rules' weights (penalty points per unit).
    preferred_cover_weight = models.PositiveSmallIntegerField(_("weight: preferred coverage"), default=10)
    night_fairness_weight = models.PositiveSmallIntegerField(_("weight: fair spread of nights"), default=5)
    weekend_fairness_weight = models.PositiveSmallIntegerField(_("weight: fair spread of weekends"), default=5)
    split_weekend_weight = models.PositiveSmallIntegerField(_("weight: half-worked weekend"), default=3)

    history = HistoricalRecords()
    objects = WorkRulesQuerySet.as_manager()

    class Meta:
        ordering = ["department__code"]
        verbose_name = _("work rules")
        verbose_name_plural = _("work rules")
        constraints = [
            # One row per department, and one hospital default (department null counts as 0).
            models.UniqueConstraint(Coalesce("department", Value(0)), name="work_rules_one_default"),
            models.CheckConstraint(condition=Q(max_consecutive_days__gte=1), name="work_rules_days_positive"),
            models.CheckConstraint(condition=Q(min_rest_hours__lte=24), name="work_rules_rest_at_most_a_day"),
            models.CheckConstraint(
                condition=Q(min_hours_percent__lte=models.F("max_hours_percent")), name="work_rules_hours_order"
            ),
        ]

    def __str__(self):
        return str(self.department) if self.department_id else str(_("Hospital default"))


class RequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


class LeaveKind(models.TextChoices):
    ANNUAL = "annual", _("Annual leave")
    SICK = "sick", _("Sick leave")
    STUDY = "study", _("Study leave")
    PARENTAL = "parental", _("Parental leave")
    OTHER = "other", _("Other leave")


class LeaveRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.person_scope(user, field="person"))

    def approved(self):
        return self.filter(status=RequestStatus.APPROVED)

    def overlapping(self, first: datetime.date, last: datetime.date):
        return self.filter(start__lte=last, end__gte=first)


class LeaveRequest(models.Model):
    """Leave from `start` through `end` (inclusive); approved leave makes the person unavailable."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="leave_requests"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=LeaveKind.choices, default=LeaveKind.ANNUAL)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.REQUESTED, db_index=True
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("reason"), blank=True)

    history = HistoricalRecords()
    objects = LeaveRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = _("leave request")
        verbose_name_plural = _("leave requests")
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="leave_end_after_start"),
            models.CheckConstraint(condition=Q(status__in=RequestStatus.values), name="leave_status_valid"),
        ]
        indexes = [models.Index(fields=["person", "start", "end"], name="leave_person_dates")]

    def __str__(self):
        return f"{self.person} {self.start}–{self.end}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


class ShiftRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.person_scope(user, field="person"))


class ShiftRequest(models.Model):
    """A person asks to work (`wants_to_work`) or not to work a shift on a day; without a
    shift type, any shift (the whole day). Honoured by the solver as far as it can, weighted."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="shift_requests"
    )
    date = models.DateField(_("date"))
    shift_type = models.ForeignKey(
        ShiftType,
        verbose_name=_("shift type"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Empty: any shift that day."),
    )
    wants_to_work = models.BooleanField(_("wants to work"), default=False)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = ShiftRequestQuerySet.as_manager()

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("shift request")
        verbose_name_plural = _("shift requests")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=1) & Q(weight__lte=10), name="shift_request_weight_range"),
        ]
        indexes = [models.Index(fields=["person", "date"], name="shift_request_person_date")]

    def __str__(self):
        return f"{self.person} {self.date}"


class RosterStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class GenerationState(models.TextChoices):
    IDLE = "idle", _("Not generated")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class RosterQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Rosters of the departments the user schedules (any status), and published rosters
        of the user's own department (staffing.access.roster_scope)."""
        return self.filter(access.roster_scope(user))


class Roster(models.Model):
    """One department's roster from `first_day` for `length_days` days."""

    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="rosters"
    )
    first_day = models.DateField(_("first day"))
    length_days = models.PositiveSmallIntegerField(_("days"), default=28)
    status = models.CharField(
        _("status"), max_length=10, choices=RosterStatus.choices, default=RosterStatus.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Generation by the solver (staffing.tasks.generate_roster), polled by the page.
    task_id = models.CharField(max_length=64, blank=True)
    generation_state = models.CharField(
        _("generation"), max_length=8, choices=GenerationState.choices, default=GenerationState.IDLE
    )
    generation_started_at = models.DateTimeField(null=True, blank=True)
    elapsed_seconds = models.FloatField(_("seconds spent"), null=True, blank=True)
    best_penalty = models.IntegerField(_("penalty"), null=True, blank=True)
    penalty_by_rule = models.JSONField(_("penalty by rule"), default=dict, blank=True)
    penalty_by_person = models.JSONField(_("penalty by person"), default=dict, blank=True)
    shortfalls = models.JSONField(_("shortfalls"), default=list, blank=True)
    generation_error = models.TextField(blank=True)
    # Written when published: {"YYYY-MM-DD": [staff required, of them assigned]} (coverage fulfilment metric).
    coverage_by_day = models.JSONField(default=dict, blank=True)

    objects = RosterQuerySet.as_manager()

    class Meta:
        ordering = ["-first_day", "department__code"]
        verbose_name = _("roster")
        verbose_name_plural = _("rosters")
        constraints = [
            models.CheckConstraint(
                condition=Q(length_days__gte=1) & Q(length_days__lte=366), name="roster_length_range"
            ),
            models.CheckConstraint(condition=Q(status__in=RosterStatus.values), name="roster_status_valid"),
            models.UniqueConstraint(
                fields=["department", "first_day"],
                condition=~Q(status="archived"),
                name="roster_one_live_per_department_start",
            ),
        ]
        indexes = [models.Index(fields=["department", "first_day"], name="roster_department_first_day")]

    def __str__(self):
        return f"{self.department} {self.first_day}"

    @property
    def last_day(self) -> datetime.date:
        return self.first_day + datetime.timedelta(days=self.length_days - 1)

    @property
    def days(self) -> list[datetime.date]:
        return [self.first_day + datetime.timedelta(days=i) for i in range(self.length_days)]

    @property
    def is_draft(self) -> bool:
        return self.status == RosterStatus.DRAFT

    @property
    def is_generating(self) -> bool:
        return self.generation_state in (GenerationState.QUEUED, GenerationState.RUNNING)


class AssignmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Assignments of visible rosters, and the user's own in published rosters."""
        return self.filter(access.assignment_scope(user))

    def published(self):
        return self.filter(roster__status=RosterStatus.PUBLISHED)


class Assignment(models.Model):
    """A person works `shift_type` on `date` in a roster (at most one shift a day)."""

    roster = models.ForeignKey(Roster, verbose_name=_("roster"), on_delete=models.CASCADE, related_name="assignments")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="assignments"
    )
    date = models.DateField(_("date"))
    shift_type = models.ForeignKey(ShiftType, verbose_name=_("shift type"), on_delete=models.PROTECT)
    is_manual = models.BooleanField(_("edited by hand"), default=False)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["date", "person_id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["roster", "person", "date"], name="assignment_one_per_person_day"),
        ]
        indexes = [models.Index(fields=["person", "date"], name="assignment_person_date")]

    def __str__(self):
        return f"{self.person} {self.date} {self.shift_type.code}"


class ShiftSwapQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.swap_scope(user))


class ShiftSwap(models.Model):
    """Two people exchange shifts in one roster: `requester` works `partner_assignment`'s
    shift and `partner` works `requester_assignment`'s. Without a partner assignment the
    partner simply takes the requester's shift. Approved by the department's head."""

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.CASCADE, related_name="+"
    )
    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("swap with"), on_delete=models.CASCADE, related_name="+"
    )
    requester_assignment = models.ForeignKey(
        Assignment, verbose_name=_("shift given"), on_delete=models.CASCADE, related_name="+"
    )
    partner_assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("shift taken"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.REQUESTED, db_index=True
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("reason"), blank=True)

    history = HistoricalRecords()
    objects = ShiftSwapQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("shift swap")
        verbose_name_plural = _("shift swaps")
        constraints = [
            models.CheckConstraint(condition=~Q(requester=models.F("partner")), name="swap_two_people"),
            models.CheckConstraint(condition=Q(status__in=RequestStatus.values), name="swap_status_valid"),
        ]

    def __str__(self):
        return f"{self.requester} ⇄ {self.partner}"
