"""The daily staffing alerts, idempotent through each notification's dedupe key.

- Certifications expiring within CERTIFICATION_NOTICE_DAYS: to the person and the head of
  their department, once per certification and expiry date.
- Leave requests waiting more than LEAVE_WAIT_DAYS: to the approver, once per request.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy

from hospital.models import NotificationLevel
from hospital.services import notify
from staffing.models import Certification, LeaveRequest, RequestStatus
from staffing.services.requests import approvers_for
from staffing.services.rosters import page_link

CERTIFICATION_NOTICE_DAYS = 60
LEAVE_WAIT_DAYS = 3


def send_certification_alerts(*, today: dt.date | None = None) -> int:
    """Returns how many notifications were new."""
    today = today or timezone.localdate()
    sent = 0
    expiring = (
        Certification.objects.expiring_within(CERTIFICATION_NOTICE_DAYS, today)
        .filter(person__is_active=True)
        .select_related("person__department__head")
    )
    for cert in expiring:
        recipients = [cert.person]
        head = cert.person.department.head if cert.person.department_id else None
        if head is not None and head.is_active and head.pk != cert.person_id:
            recipients.append(head)
        for recipient in recipients:
            before = recipient.notifications.count()
            notify(
                recipient=recipient,
                title=gettext_lazy("Certification expiring %(date)s: %(person)s, %(kind)s"),
                params={"date": cert.expires.isoformat(), "person": str(cert.person), "kind": cert.get_kind_display()},
                level=NotificationLevel.WARNING,
                link=page_link("staffing:certification_list"),
                dedupe_key=f"staffing.certification_expiring:{cert.pk}:{cert.expires.isoformat()}",
            )
            sent += recipient.notifications.count() - before
    return sent


def send_leave_reminders(*, today: dt.date | None = None) -> int:
    """Returns how many notifications were new."""
    now = timezone.now() if today is None else timezone.make_aware(dt.datetime.combine(today, dt.time(12)))
    waiting = LeaveRequest.objects.filter(
        status=RequestStatus.REQUESTED, requested_at__lt=now - dt.timedelta(days=LEAVE_WAIT_DAYS)
    ).select_related("person__department__head")
    sent = 0
    for leave in waiting:
        for approver in approvers_for(leave.person):
            before = approver.notifications.count()
            notify(
                recipient=approver,
                title=gettext_lazy("Leave waiting for your decision: %(person)s, %(start)s to %(end)s"),
                params={"person": str(leave.person), "start": leave.start.isoformat(), "end": leave.end.isoformat()},
                level=NotificationLevel.WARNING,
                link=page_link("staffing:leave_list"),
                dedupe_key=f"staffing.leave_waiting:{leave.pk}",
            )
            sent += approver.notifications.count() - before
    return sent
