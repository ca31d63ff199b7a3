"""Months: how a month is named in a request, whether it is closed, and closing it.

Every write of the app takes the month's lock first (`lock_open_month`): a closed month
is refused with a ConflictError (HTTP 409), and two writers of the same month (a
collection and a close, two allocation runs) run one after the other.
"""

import datetime as dt
import zlib

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hospital.errors import AccessDenied, ConflictError, DomainError
from hospital.models import User
from performance import access
from performance.models import AllocationRun, MonthClose

EARLIEST_MONTH = dt.date(2000, 1, 1)


def parse_month(value) -> dt.date:
    """A month from "2026-03", "2026-03-01" or a date; a DomainError for anything else."""
    if isinstance(value, dt.date):
        return value.replace(day=1)
    text = str(value or "").strip()
    try:
        parsed = dt.date.fromisoformat(f"{text}-01" if len(text) == 7 else text)
    except ValueError:
        raise DomainError(_("Give the month as YYYY-MM, e.g. 2026-03."), field="month") from None
    if parsed < EARLIEST_MONTH or parsed.year > 2999:
        raise DomainError(_("Give the month as YYYY-MM, e.g. 2026-03."), field="month")
    return parsed.replace(day=1)


def is_closed(month: dt.date) -> bool:
    return MonthClose.objects.filter(month=month.replace(day=1)).exists()


def closed_months(months) -> set[dt.date]:
    return set(MonthClose.objects.filter(month__in=list(months)).values_list("month", flat=True))


def _lock(month: dt.date) -> None:
    """Serialise the writers of one month until the transaction ends."""
    if connection.vendor == "postgresql":
        key = zlib.crc32(f"performance.month:{month.isoformat()}".encode())
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def lock_open_month(month: dt.date) -> dt.date:
    """Take the month's lock; ConflictError if it is closed. Call inside transaction.atomic."""
    month = month.replace(day=1)
    _lock(month)
    if is_closed(month):
        raise ConflictError(
            _("%(month)s is closed: its figures can no longer be changed.") % {"month": month.strftime("%Y-%m")}
        )
    return month


def require_manager(user: User) -> None:
    if not access.may_manage(user):
        raise AccessDenied(_("Only finance and administrators may change costs, budgets and allocations."))


def close_month(*, month: dt.date, user: User) -> MonthClose:
    """Close the month: from now on its entries, budgets, drivers and runs are read-only.

    The month must have ended and have an allocation run; ConflictError if already closed.
    """
    require_manager(user)
    month = month.replace(day=1)
    if month >= timezone.localdate().replace(day=1):
        raise DomainError(_("A month can be closed only after it has ended."), field="month")
    with transaction.atomic():
        lock_open_month(month)
        if not AllocationRun.objects.filter(month=month).exists():
            raise DomainError(_("Run the allocation for %(month)s before closing it.") % {"month": f"{month:%Y-%m}"})
        return MonthClose.objects.create(month=month, closed_by=user)
