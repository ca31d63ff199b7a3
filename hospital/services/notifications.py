"""Notifications: create once per alert, mark read, e-mail those who asked."""

import datetime as dt

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from hospital.models import Notification, NotificationLevel, User

EMAIL_MAX_AGE = dt.timedelta(days=2)


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
