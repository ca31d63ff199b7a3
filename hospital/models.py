"""The core tables every app shares: users, the department tree,
notifications, the daily census and background exports."""

import uuid

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Concat, Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hospital.access import department_scope, managed_scope
from hospital.messages import render_message
from hospital.roles import is_administrator

PATH_STEP = 7  # "0000042/": seven digits and a slash per level of the tree


class DepartmentKind(models.TextChoices):
    """The five kinds of department a hospital's OKRs cascade to."""

    CLINICAL = "clinical", _("Clinical")
    MEDICAL_TECHNICAL = "medical_technical", _("Medical-technical")
    NURSING = "nursing", _("Nursing")
    LOGISTICS = "logistics", _("Logistics")
    ADMINISTRATIVE = "administrative", _("Administrative")


# Tables that keep a copy of a department's path (denormalised so that a department
# head's scope is one indexed prefix filter, e.g. quality's corrective actions): an app
# registers ("app_label.Model", "field") from its AppConfig.ready, and a move of a
# department rewrites those copies in the same UPDATE-by-prefix as the tree's own paths.
PATH_COPIES: set[tuple[str, str]] = set()


def register_path_copy(model_label: str, field: str) -> None:
    PATH_COPIES.add((model_label, field))


def _move_paths(queryset, field: str, old_path: str, new_path: str) -> None:
    queryset.filter(**{f"{field}__startswith": old_path}).update(
        **{field: Concat(models.Value(new_path), Substr(field, len(old_path) + 1))}
    )


class DepartmentQuerySet(models.QuerySet):
    def visible_to(self, user, **scope):
        """Departments the user may see (see hospital.access.department_scope)."""
        return self.filter(department_scope(user, field="", **scope))

    def subtree_of(self, department):
        """The department and all its descendants, in one query."""
        return self.filter(path__startswith=department.path)

    def active(self):
        return self.filter(is_active=True)


class Department(models.Model):
    code = models.CharField(
        _("code"), max_length=20, unique=True, help_text=_("Short code used in imports, e.g. CARD.")
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=24, choices=DepartmentKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("head"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_departments",
    )
    staffed_beds = models.PositiveIntegerField(
        _("staffed beds"), default=0, help_text=_("Beds open and staffed, for wards; 0 for other departments.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Materialised path of primary keys ("0000001/0000004/"), kept by save(), so a
    # subtree is one `startswith` filter whatever the depth of the tree.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")

    history = HistoricalRecords()
    objects = DepartmentQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="department_not_own_parent"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # The path is structural data, not a business rule: every save keeps it
        # true, and a move rewrites the descendants' paths in one UPDATE.
        old_path = self.path
        super().save(*args, **kwargs)
        parent_path = self.parent.path if self.parent_id else ""
        new_path = f"{parent_path}{self.pk:0{PATH_STEP - 1}d}/"
        if new_path != old_path:
            Department.objects.filter(pk=self.pk).update(path=new_path)
            if old_path:
                _move_paths(Department.objects.exclude(pk=self.pk), "path", old_path, new_path)
                for model_label, field in sorted(PATH_COPIES):
                    _move_paths(apps.get_model(model_label).objects.all(), field, old_path, new_path)
            self.path = new_path

    def get_absolute_url(self):
        return reverse("department_edit", args=[self.pk])

    @property
    def depth(self) -> int:
        return max(len(self.path) // PATH_STEP - 1, 0)

    def is_descendant_of(self, other: "Department") -> bool:
        return self.path.startswith(other.path)

    def descendants(self, include_self=True):
        """All departments below this one, in one query whatever the depth."""
        qs = Department.objects.subtree_of(self)
        return qs if include_self else qs.exclude(pk=self.pk)


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    CHINESE = "zh-hans", "简体中文"


# The account fields an administrator sets: on the user form, in the API and in the services.
ACCOUNT_FIELDS = (
    "username",
    "display_name",
    "employee_number",
    "email",
    "phone",
    "department",
    "preferred_language",
    "wants_email_notifications",
    "is_active",
)


class UserQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Accounts the user may look up: every account for administrators, the staff
        of the departments a head manages, and otherwise only their own.

        One rule for the user pages, the API and any export; pickers that offer
        people for a task (an action owner, an engineer) use their own scope.
        """
        if not user or not user.is_authenticated:
            return self.none()
        if is_administrator(user):
            return self
        return self.filter(Q(pk=user.pk) | managed_scope(user, field="department"))


class HospitalUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    employee_number = models.CharField(_("employee number"), max_length=32, blank=True)
    display_name = models.CharField(_("display name"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=Language.choices, default=Language.ENGLISH
    )
    wants_email_notifications = models.BooleanField(
        _("e-mail my notifications"), default=False, help_text=_("Also send each notification by e-mail.")
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])
    objects = HospitalUserManager()

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                fields=["employee_number"], condition=~Q(employee_number=""), name="user_employee_number_unique"
            ),
        ]

    def __str__(self):
        return self.display_name or self.get_full_name() or self.username

    def get_absolute_url(self):
        return reverse("user_edit", args=[self.pk])


class NotificationLevel(models.TextChoices):
    INFO = "info", _("Information")
    WARNING = "warning", _("Warning")
    DANGER = "danger", _("Urgent")


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_recipient(self, user):
        return self.filter(recipient=user)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    level = models.CharField(
        _("level"), max_length=10, choices=NotificationLevel.choices, default=NotificationLevel.INFO
    )
    # Title and body are stored as message ids (the English source text) with their
    # parameters, and translated when read (hospital.messages): each reader sees them in
    # their own language, whoever wrote them. Use display_title / display_body to show them.
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    # The same alert for the same recipient is stored once: services pass a key
    # such as "inventory.low_stock:store=3:item=9:2026-11-23".
    dedupe_key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # Set when a worker takes the e-mail; until then no other worker sends it (a task
    # redelivered after its worker died between sending and stamping emailed_at).
    email_claimed_until = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], condition=~Q(dedupe_key=""), name="notification_dedupe"
            ),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self):
        return self.display_title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def display_title(self) -> str:
        """The title in the active language."""
        return render_message(self.title, self.params)

    @property
    def display_body(self) -> str:
        """The body in the active language."""
        return render_message(self.body, self.params)


class DailyCensusQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(department_scope(user, field="department"))


class DailyCensus(models.Model):
    """One ward's activity on one day, counted at midnight.

    `quality` (rates per 1,000 patient-days) and `performance` (occupancy,
    ALOS, cost per patient-day) read these numbers; neither keeps its own.
    """

    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.PROTECT)
    date = models.DateField(_("date"))
    inpatients = models.PositiveIntegerField(
        _("in-patients at midnight"), default=0, help_text=_("Each in-patient at midnight is one patient-day.")
    )
    admissions = models.PositiveIntegerField(_("admissions"), default=0)
    discharges = models.PositiveIntegerField(_("discharges"), default=0, help_text=_("Discharged alive."))
    deaths = models.PositiveIntegerField(_("deaths"), default=0, help_text=_("In-patient deaths."))
    transfers_in = models.PositiveIntegerField(_("transfers in"), default=0)
    transfers_out = models.PositiveIntegerField(_("transfers out"), default=0)
    outpatient_visits = models.PositiveIntegerField(_("out-patient visits"), default=0)
    surgeries = models.PositiveIntegerField(_("surgeries"), default=0)
    staffed_beds = models.PositiveIntegerField(_("staffed beds"), default=0)

    history = HistoricalRecords()
    objects = DailyCensusQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "department__code"]
        verbose_name = _("daily census")
        verbose_name_plural = _("daily census")
        constraints = [
            models.UniqueConstraint(fields=["department", "date"], name="census_one_per_department_day"),
        ]
        indexes = [models.Index(fields=["date", "department"], name="census_date_department")]

    def __str__(self):
        return f"{self.department} {self.date}"

    @property
    def separations(self) -> int:
        """Patients who left the ward's care: discharged alive or died."""
        return self.discharges + self.deaths


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class ExportJobQuerySet(models.QuerySet):
    def downloadable_by(self, user, *, now=None):
        """The user's own exports that are ready and not yet expired: nobody else's, ever."""
        return self.filter(owner=user, status=ExportStatus.READY, expires_at__gt=now or timezone.now())

    def expired(self, *, now=None):
        return self.filter(expires_at__lte=now or timezone.now())


class ExportJob(models.Model):
    """An export written by a Celery task (hospital.background_exports): who asked,
    which export with which filters, and the file while it is kept."""

    # The download address names this, not the sequential id.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="export_jobs"
    )
    kind = models.CharField(_("export"), max_length=60)
    # The page's query string as {name: [values]}: the task applies the page's own filters
    # and order, with the owner's visibility at the time it runs.
    params = models.JSONField(_("filters"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING)
    file_name = models.CharField(_("file"), max_length=200, blank=True)  # in the "exports" storage
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The file and the row are deleted after this (hospital.tasks.delete_expired_exports).
    expires_at = models.DateTimeField(_("expires"), db_index=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("background export")
        verbose_name_plural = _("background exports")
        indexes = [models.Index(fields=["owner", "kind", "status"], name="export_job_owner_kind")]

    def __str__(self):
        return f"{self.kind} {self.created_at:%Y-%m-%d %H:%M}"
