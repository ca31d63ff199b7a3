"""Notifications: dedupe, the bell, mark-as-read, e-mail delivery."""

import pytest
from django.core import mail
from django.urls import reverse

from hospital.models import Notification
from hospital.services import mark_notifications_read, notify, send_notification_emails
from tests.hospital.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_the_same_alert_twice_is_stored_once(hospital):
    for _run in range(2):
        notify(recipient=hospital.nurse_icu, title="Stock low: heparin", dedupe_key="inventory.low:ICU:heparin")
    assert Notification.objects.filter(recipient=hospital.nurse_icu).count() == 1


def test_the_same_key_for_two_recipients_is_two_notifications(hospital):
    for user in (hospital.nurse_icu, hospital.head_cardiology):
        notify(recipient=user, title="Drill at 10:00", dedupe_key="drill:2026-11-23")
    assert Notification.objects.filter(dedupe_key="drill:2026-11-23").count() == 2


def test_alerts_without_key_are_not_deduplicated(hospital):
    notify(recipient=hospital.nurse_icu, title="Hello")
    notify(recipient=hospital.nurse_icu, title="Hello")
    assert Notification.objects.filter(recipient=hospital.nurse_icu).count() == 2


def test_bell_shows_unread_count(hospital, client_for):
    NotificationFactory.create_batch(3, recipient=hospital.nurse_icu)
    page = client_for(hospital.nurse_icu).get(reverse("dashboard"))
    assert b'data-testid="unread-count">3<' in page.content


def test_mark_one_as_read_leaves_the_others(hospital, client_for):
    first, second = NotificationFactory.create_batch(2, recipient=hospital.nurse_icu)
    client_for(hospital.nurse_icu).post(reverse("notification_mark_read"), {"id": first.pk})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.is_read and not second.is_read


def test_a_user_cannot_mark_someone_elses_notification(hospital, client_for):
    other = NotificationFactory(recipient=hospital.head_cardiology)
    client_for(hospital.nurse_icu).post(reverse("notification_mark_read"), {"id": other.pk})
    other.refresh_from_db()
    assert not other.is_read


def test_notification_list_is_only_mine(hospital, client_for):
    NotificationFactory(recipient=hospital.head_cardiology, title="For the head")
    NotificationFactory(recipient=hospital.nurse_icu, title="For the nurse")
    page = client_for(hospital.nurse_icu).get(reverse("notification_list"))
    assert b"For the nurse" in page.content and b"For the head" not in page.content


def test_api_lists_only_my_notifications_and_marks_them_read(hospital, api_for):
    NotificationFactory.create_batch(2, recipient=hospital.nurse_icu)
    NotificationFactory(recipient=hospital.head_cardiology)
    api = api_for(hospital.nurse_icu)
    assert api.get("/api/v1/notifications/").json()["count"] == 2
    assert api.post("/api/v1/notifications/mark-read/", {}, format="json").json() == {"marked": 2}
    assert Notification.objects.unread().count() == 1


def test_emails_go_only_to_those_who_asked_and_only_once(hospital):
    hospital.nurse_icu.wants_email_notifications = True
    hospital.nurse_icu.save()
    notify(recipient=hospital.nurse_icu, title="Roster published")
    notify(recipient=hospital.head_cardiology, title="Not e-mailed")
    assert send_notification_emails() == 1
    assert send_notification_emails() == 0
    assert [m.subject for m in mail.outbox] == ["Roster published"]
    assert mail.outbox[0].to == [hospital.nurse_icu.email]


def test_mark_all_read_service(hospital):
    NotificationFactory.create_batch(3, recipient=hospital.nurse_icu)
    assert mark_notifications_read(user=hospital.nurse_icu) == 3
    assert mark_notifications_read(user=hospital.nurse_icu) == 0
