"""Writes of the core that carry rules: notifications, departments, users, census."""

import csv
import datetime as dt
import io
import logging
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hospital.access import may_manage_department
from hospital.errors import AccessDenied, DomainError
from hospital.models import DailyCensus, Department, Notification, NotificationLevel, User
from hospital.roles import is_administrator
from hospital.selectors import CENSUS_FIELDS

logger = logging.getLogger(__name__)

# --- Notifications ---------------------------------------------------------------


def notify(
    *,
    recipient: User,
    title: str,
    body: str = "",
    link: str = "",
    level: str = NotificationLevel.INFO,
    dedupe_key: str = "",
) -> Notification:
    """Create a notification; with a dedupe key, the same alert is stored once per recipient.

    Safe to call from tasks that run twice: the second call returns the first row.
    """
    if not dedupe_key:
        return Notification.objects.create(recipient=recipient, title=title, body=body, link=link, level=level)
    notification, _created = Notification.objects.get_or_create(
        recipient=recipient,
        dedupe_key=dedupe_key,
        defaults={"title": title, "body": body, "link": link, "level": level},
    )
    return notification


def mark_notifications_read(*, user: User, ids: list[int] | None = None) -> int:
    """Mark the user's notifications as read (all unread ones when ids is None)."""
    qs = Notification.objects.for_recipient(user).unread()
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


EMAIL_MAX_AGE = dt.timedelta(days=2)


def send_notification_emails(*, batch_size: int = 200) -> int:
    """E-mail unsent notifications to recipients who asked for e-mail; returns how many.

    Each notification is e-mailed at most once: it is locked while being sent
    (a second worker skips it) and stamped in the same short transaction, so a
    failure half-way leaves the ones already sent stamped.
    """
    pending_ids = list(
        Notification.objects.filter(
            emailed_at__isnull=True,
            recipient__wants_email_notifications=True,
            recipient__is_active=True,
            created_at__gte=timezone.now() - EMAIL_MAX_AGE,
        )
        .exclude(recipient__email="")
        .order_by("created_at")
        .values_list("pk", flat=True)[:batch_size]
    )
    sent = 0
    for pk in pending_ids:
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("recipient")
                .filter(pk=pk, emailed_at__isnull=True)
                .first()
            )
            if notification is None:
                continue
            send_mail(
                subject=notification.title,
                message=f"{notification.body}\n\n{notification.link}".strip(),
                from_email=None,
                recipient_list=[notification.recipient.email],
            )
            notification.emailed_at = timezone.now()
            notification.save(update_fields=["emailed_at"])
            sent += 1
    return sent


# --- Departments -------------------------------------------------------------------


def validate_department_parent(*, department: Department, parent: Department | None) -> None:
    """A department cannot sit under itself or under one of its own sub-departments."""
    if parent is None or department.pk is None:
        return
    if parent.pk == department.pk or parent.is_descendant_of(department):
        raise DomainError(
            _("A department cannot be placed under itself or one of its sub-departments."), field="parent"
        )


@transaction.atomic
def save_department(*, department: Department, user: User) -> Department:
    """Create or change a department (administrators only); keeps the tree valid."""
    if not is_administrator(user):
        raise AccessDenied(_("Only administrators may change departments."))
    if department.pk:
        stored = Department.objects.select_for_update().get(pk=department.pk)
        department.path = stored.path
    validate_department_parent(department=department, parent=department.parent)
    department.save()
    return department


@transaction.atomic
def deactivate_department(*, department: Department, user: User) -> Department:
    """Deactivate a department that has no active sub-department."""
    if not is_administrator(user):
        raise AccessDenied(_("Only administrators may deactivate departments."))
    if department.children.filter(is_active=True).exists():
        raise DomainError(_("Deactivate or move its active sub-departments first."))
    department.is_active = False
    department.save()
    return department


# --- Users ---------------------------------------------------------------------------


@transaction.atomic
def save_user(*, account: User, roles: list[Group] | None, user: User, password: str = "") -> User:
    """Create or change a user account and its roles (administrators only)."""
    if not is_administrator(user):
        raise AccessDenied(_("Only administrators may manage users."))
    if account.pk == user.pk and not account.is_active:
        raise DomainError(_("You cannot deactivate your own account."))
    if password:
        account.set_password(password)
    elif not account.pk:
        account.set_unusable_password()
    account.save()
    if roles is not None:
        account.groups.set(roles)
    return account


@transaction.atomic
def deactivate_user(*, account: User, user: User) -> User:
    if not is_administrator(user):
        raise AccessDenied(_("Only administrators may manage users."))
    if account.pk == user.pk:
        raise DomainError(_("You cannot deactivate your own account."))
    account.is_active = False
    account.save(update_fields=["is_active"])
    return account


# --- Daily census ----------------------------------------------------------------------

CENSUS_COLUMNS = ("department", "date", *CENSUS_FIELDS)


@dataclass
class CensusImportResult:
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, message)


class CensusImportError(DomainError):
    def __init__(self, errors: list[tuple[int, str]]):
        super().__init__(_("The file has errors; nothing was imported."))
        self.errors = errors


def _parse_census_row(raw: dict, *, departments: dict[str, Department], user: User, today: dt.date) -> dict:
    """One CSV row as model values; raises DomainError with every problem of the row."""
    problems = []
    code = (raw.get("department") or "").strip()
    department = departments.get(code.upper())
    if not code:
        problems.append(_("department code is missing"))
    elif department is None:
        problems.append(_("unknown department code “%(code)s”") % {"code": code})
    elif not may_manage_department(user, department):
        problems.append(_("you may not enter census for %(department)s") % {"department": department.name})
    try:
        day = dt.date.fromisoformat((raw.get("date") or "").strip())
        if day > today:
            problems.append(_("date %(date)s is in the future") % {"date": day})
    except ValueError:
        day = None
        problems.append(_("date must be YYYY-MM-DD"))
    values = {}
    for name in CENSUS_FIELDS:
        text = (raw.get(name) or "").strip()
        if text == "" and name == "staffed_beds" and department is not None:
            values[name] = department.staffed_beds
            continue
        if text == "":
            values[name] = 0
            continue
        try:
            number = int(text)
        except ValueError:
            problems.append(_("%(column)s must be a whole number") % {"column": name})
            continue
        if number < 0 or number > 1_000_000:
            problems.append(_("%(column)s must be between 0 and 1,000,000") % {"column": name})
            continue
        values[name] = number
    if problems:
        raise DomainError("; ".join(problems))
    return {"department": department, "date": day, **values}


def import_census_csv(*, file: io.TextIOBase, user: User) -> CensusImportResult:
    """Import daily census rows; all rows or none.

    Columns: department (code), date, then the census fields (missing numbers are
    0; missing staffed_beds takes the department's). A row for a department and
    day that already exists replaces it. Raises CensusImportError listing every
    bad row by line number; then the database is unchanged.
    """
    reader = csv.DictReader(file)
    if reader.fieldnames is None or not {"department", "date"} <= {h.strip() for h in reader.fieldnames}:
        raise DomainError(_("The first line must name the columns, at least “department” and “date”."))
    reader.fieldnames = [h.strip() for h in reader.fieldnames]
    departments = {d.code.upper(): d for d in Department.objects.all()}
    today = timezone.localdate()
    rows, errors, seen = [], [], set()
    for raw in reader:
        line = reader.line_num
        try:
            row = _parse_census_row(raw, departments=departments, user=user, today=today)
        except DomainError as error:
            errors.append((line, error.message))
            continue
        key = (row["department"].pk, row["date"])
        if key in seen:
            errors.append((line, _("the same department and date appear twice in the file")))
            continue
        seen.add(key)
        rows.append(row)
    if errors:
        raise CensusImportError(errors)
    if not rows:
        raise DomainError(_("The file has no data rows."))
    result = CensusImportResult()
    with transaction.atomic():
        for row in rows:
            _census, created = DailyCensus.objects.update_or_create(
                department=row.pop("department"), date=row.pop("date"), defaults=row
            )
            result.created += created
            result.updated += not created
    return result


@transaction.atomic
def record_census_day(*, user: User, department: Department, date: dt.date, **counts: int) -> DailyCensus:
    """Record (or replace) one department's census for one day."""
    if not may_manage_department(user, department):
        raise AccessDenied(_("You may not enter census for %(department)s.") % {"department": department.name})
    if date > timezone.localdate():
        raise DomainError(_("The census date cannot be in the future."), field="date")
    unknown = set(counts) - set(CENSUS_FIELDS)
    if unknown:
        raise DomainError(_("Unknown census fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    for name, value in counts.items():
        if value is None or value < 0:
            raise DomainError(_("%(column)s cannot be negative.") % {"column": name}, field=name)
    counts.setdefault("staffed_beds", department.staffed_beds)
    census, _created = DailyCensus.objects.update_or_create(department=department, date=date, defaults=counts)
    return census
