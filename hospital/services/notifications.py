"""Notifications: create once per alert, mark read, e-mail those who asked.

Titles and bodies are stored as message ids with parameters and translated when
read (hospital.messages), so each reader — and each e-mail — gets its own language.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.functional import Promise

from hospital.messages import message_id, store_params
from hospital.models import Notification, NotificationLevel, User

EMAIL_MAX_AGE = dt.timedelta(days=2)


def notify(
    *,
    recipient: User,
    title: str | Promise,
    body: str | Promise = "",
    link: str = "",
    level: str = NotificationLevel.INFO,
    dedupe_key: str = "",
    params: dict[str, Any] | None = None,
) -> Notification:
    """Create a notification; with a dedupe key, the same alert is stored once per recipient.

    Pass `title` and `body` as lazy translations (`gettext_lazy("Triage overdue:
    %(reference)s")`) with `params` (`{"reference": "AE-2026-000012"}`): they are
    stored untranslated and shown in each reader's language. A plain string is
    stored as given (and filled with `params` when read, if any).

    Safe to call from tasks that run twice: the second call returns the first row.
    """
    fields = {
        "title": message_id(title),
        "body": message_id(body),
        "params": store_params(params),
        "link": link,
        "level": level,
    }
    if not dedupe_key:
        return Notification.objects.create(recipient=recipient, **fields)
    notification, _created = Notification.objects.get_or_create(
        recipient=recipient, dedupe_key=dedupe_key, defaults=fields
    )
    return notification


NOTIFY_MANY_CHUNK = 1000


def notify_many(notifications: Iterable[dict[str, Any]]) -> int:
    """Create many notifications in a few statements (a nightly scan's thousands of alerts);
    returns how many new rows were written.

    Each item holds the keyword arguments of `notify` (recipient, title, body, link, level,
    dedupe_key, params), stored the same way. The same dedupe semantics: with a dedupe key,
    an alert the recipient already has is not written again (nor changed), and the same key
    twice for one recipient in one call is written once (the first); without a key, every
    item is written. Per thousand items: one query for the keys already stored and one bulk
    INSERT … ON CONFLICT DO NOTHING, so a concurrent run cannot write a duplicate either
    (the count may then include the row the other run won).
    """
    rows: list[Notification] = []
    seen: set[tuple[int, str]] = set()
    for item in notifications:
        recipient = item["recipient"]
        key = item.get("dedupe_key", "")
        if key:
            if (recipient.pk, key) in seen:
                continue
            seen.add((recipient.pk, key))
        rows.append(
            Notification(
                recipient=recipient,
                title=message_id(item["title"]),
                body=message_id(item.get("body", "")),
                params=store_params(item.get("params")),
                link=item.get("link", ""),
                level=item.get("level", NotificationLevel.INFO),
                dedupe_key=key,
            )
        )
    written = 0
    for start in range(0, len(rows), NOTIFY_MANY_CHUNK):
        chunk = rows[start : start + NOTIFY_MANY_CHUNK]
        keyed = [row for row in chunk if row.dedupe_key]
        stored = (
            set(
                Notification.objects.filter(
                    recipient_id__in={row.recipient_id for row in keyed},
                    dedupe_key__in={row.dedupe_key for row in keyed},
                ).values_list("recipient_id", "dedupe_key")
            )
            if keyed
            else set()
        )
        new = [row for row in chunk if (row.recipient_id, row.dedupe_key) not in stored]
        Notification.objects.bulk_create(new, ignore_conflicts=True)
        written += len(new)
    return written


def mark_notifications_read(*, user: User, ids: list[int] | None = None) -> int:
    """Mark the user's notifications as read (all unread ones when ids is None)."""
    qs = Notification.objects.for_recipient(user).unread()
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


def open_notification(*, user: User, pk: int) -> Notification:
    """The user's own notification, marked read; Notification.DoesNotExist for anyone else's."""
    notification = Notification.objects.for_recipient(user).get(pk=pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def _claim_for_email(pk: int) -> Notification | None:
    """Take the notification's e-mail for this worker, or None if it is sent or taken.

    The claim is committed before anything is sent: a worker that dies after
    sending but before stamping `emailed_at` leaves the claim in place, so the
    task redelivered to another worker skips the message until the lease ends
    (settings.NOTIFICATION_EMAIL_LEASE_SECONDS, longer than any redelivery).
    """
    now = timezone.now()
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(pk=pk, emailed_at__isnull=True)
            .filter(Q(email_claimed_until__isnull=True) | Q(email_claimed_until__lt=now))
            .first()
        )
        if notification is None:
            return None
        notification.email_claimed_until = now + dt.timedelta(seconds=settings.NOTIFICATION_EMAIL_LEASE_SECONDS)
        notification.save(update_fields=["email_claimed_until"])
    return notification


def _send_email(notification: Notification) -> None:
    recipient = notification.recipient
    with translation.override(recipient.preferred_language or settings.LANGUAGE_CODE):
        subject = notification.display_title
        message = f"{notification.display_body}\n\n{notification.link}".strip()
    send_mail(subject=subject, message=message, from_email=None, recipient_list=[recipient.email])


def send_notification_emails(*, batch_size: int = 200) -> int:
    """E-mail unsent notifications to recipients who asked for e-mail; returns how many.

    Each message goes out in the recipient's preferred language, at most once
    while its claim holds: claimed in a short transaction, sent, then stamped.
    A failed send releases the claim so that the task's retry sends it.
    """
    now = timezone.now()
    pending_ids = list(
        Notification.objects.filter(
            emailed_at__isnull=True,
            recipient__wants_email_notifications=True,
            recipient__is_active=True,
            created_at__gte=now - EMAIL_MAX_AGE,
        )
        .filter(Q(email_claimed_until__isnull=True) | Q(email_claimed_until__lt=now))
        .exclude(recipient__email="")
        .order_by("created_at")
        .values_list("pk", flat=True)[:batch_size]
    )
    sent = 0
    for pk in pending_ids:
        notification = _claim_for_email(pk)
        if notification is None:
            continue
        try:
            _send_email(notification)
        except Exception:
            Notification.objects.filter(pk=pk, emailed_at__isnull=True).update(email_claimed_until=None)
            raise
        Notification.objects.filter(pk=pk).update(emailed_at=timezone.now())
        sent += 1
    return sent
