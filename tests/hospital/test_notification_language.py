"""Notifications are stored untranslated and read in the reader's language;
opening one marks it read; e-mails go out in the recipient's language."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy

from hospital.messages import render_message, store_params
from hospital.models import Notification, NotificationLevel
from hospital.services import notify, send_notification_emails
from tests.hospital.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

# Message ids of the quality app's alerts, with their Chinese from quality's catalogue.
TITLE = gettext_lazy("Serious harm reported: %(reference)s")
BODY = gettext_lazy("Due %(date)s.")


def english_notification(recipient, **extra):
    with translation.override("en"):
        return notify(
            recipient=recipient,
            title=TITLE,
            body=BODY,
            params={"reference": "AE-2026-000042", "date": dt.date(2026, 11, 23)},
            link="/quality/",
            **extra,
        )


def log_in(client, user):
    client.post(reverse("login"), {"username": user.username, "password": TEST_PASSWORD})
    return client


def test_the_message_id_and_parameters_are_stored_not_the_text(hospital):
    with translation.override("zh-hans"):  # whatever the writer's language
        notification = english_notification(hospital.nurse_icu)
    notification.refresh_from_db()
    assert notification.title == "Serious harm reported: %(reference)s"
    assert notification.params == {"reference": "AE-2026-000042", "date": {"date": "2026-11-23"}}


def test_created_in_english_shown_in_chinese_on_the_page_and_in_the_api(hospital, client):
    english_notification(hospital.nurse_icu)
    hospital.nurse_icu.preferred_language = "zh-hans"
    hospital.nurse_icu.save()
    log_in(client, hospital.nurse_icu)  # the log-in applies the reader's chosen language

    page = client.get(reverse("notification_list")).content.decode()
    assert "上报了严重伤害事件：AE-2026-000042" in page
    assert "截止 2026年11月23日。" in page
    assert "Serious harm reported" not in page

    item = client.get("/api/v1/notifications/").json()["results"][0]
    assert item["title"] == "上报了严重伤害事件：AE-2026-000042"
    assert item["body"] == "截止 2026年11月23日。"


def test_the_same_row_reads_in_english_for_an_english_reader(hospital, client_for):
    with translation.override("zh-hans"):
        english_notification(hospital.nurse_icu)
    page = client_for(hospital.nurse_icu).get(reverse("notification_list")).content.decode()
    assert "Serious harm reported: AE-2026-000042" in page and "Due 23 Nov 2026." in page


def test_a_choice_label_parameter_is_translated_when_read(hospital):
    notification = notify(
        recipient=hospital.nurse_icu,
        title=gettext_lazy("Information"),
        body="%(level)s",
        params={"level": NotificationLevel.DANGER.label},
    )
    with translation.override("zh-hans"):
        assert (notification.display_title, notification.display_body) == ("信息", "紧急")
    with translation.override("en"):
        assert (notification.display_title, notification.display_body) == ("Information", "Urgent")


def test_plain_strings_still_work_for_existing_callers(hospital):
    notification = notify(recipient=hospital.nurse_icu, title="Roster published", body="50% done")
    with translation.override("zh-hans"):
        assert notification.display_title == "Roster published"
        assert notification.display_body == "50% done"


def test_a_stored_row_whose_parameters_do_not_fit_never_breaks_the_page():
    assert render_message("Due %(date)s.", {"other": 1}) == "Due %(date)s."
    assert render_message("", {"x": 1}) == ""
    moment = timezone.make_aware(dt.datetime(2026, 11, 23, 14, 5))
    with translation.override("en"):
        assert render_message("At %(when)s", store_params({"when": moment})) == "At 23 Nov 2026 14:05"


def test_each_email_goes_out_in_its_recipients_language(hospital):
    for user, language in ((hospital.nurse_icu, "zh-hans"), (hospital.nurse_cardiology, "en")):
        user.preferred_language = language
        user.wants_email_notifications = True
        user.save()
        english_notification(user)
    with translation.override("en"):
        assert send_notification_emails() == 2
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects[hospital.nurse_icu.email] == "上报了严重伤害事件：AE-2026-000042"
    assert subjects[hospital.nurse_cardiology.email] == "Serious harm reported: AE-2026-000042"
    chinese = next(m for m in mail.outbox if m.to == [hospital.nurse_icu.email])
    assert chinese.body.startswith("截止 2026年11月23日。")


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(hospital, client_for):
    notification = english_notification(hospital.nurse_icu)
    client = client_for(hospital.nurse_icu)
    list_page = client.get(reverse("notification_list")).content.decode()
    open_url = reverse("notification_open", args=[notification.pk])
    assert f'href="{open_url}"' in list_page

    response = client.get(open_url)
    assert response.status_code == 302 and response["Location"] == "/quality/"
    notification.refresh_from_db()
    assert notification.is_read


def test_only_the_recipient_can_open_it(hospital, client_for):
    notification = english_notification(hospital.head_cardiology)
    response = client_for(hospital.nurse_icu).get(reverse("notification_open", args=[notification.pk]))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert not notification.is_read


def test_a_link_off_the_site_is_never_followed(hospital, client_for):
    notification = notify(recipient=hospital.nurse_icu, title="Hello", link="https://evil.example/")
    response = client_for(hospital.nurse_icu).get(reverse("notification_open", args=[notification.pk]))
    assert response["Location"] == reverse("notification_list")


def test_a_claimed_email_is_not_sent_again_until_the_claim_ends(hospital):
    hospital.nurse_icu.wants_email_notifications = True
    hospital.nurse_icu.save()
    with time_machine.travel(dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC), tick=False):
        notification = notify(recipient=hospital.nurse_icu, title="Roster published")
        # a worker claimed it, sent it and died before stamping emailed_at
        lease = dt.timedelta(seconds=settings.NOTIFICATION_EMAIL_LEASE_SECONDS)
        Notification.objects.filter(pk=notification.pk).update(email_claimed_until=timezone.now() + lease)
        assert send_notification_emails() == 0
    with time_machine.travel(dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC) + lease + dt.timedelta(seconds=1)):
        assert send_notification_emails() == 1  # the lease is over: at least once, not never
    assert len(mail.outbox) == 1


def test_a_failed_send_releases_the_claim_for_the_retry(hospital, settings):
    hospital.nurse_icu.wants_email_notifications = True
    hospital.nurse_icu.save()
    notification = notify(recipient=hospital.nurse_icu, title="Roster published")
    settings.EMAIL_BACKEND = "tests.hospital.worker_support.FailingEmailBackend"
    with pytest.raises(ConnectionError):
        send_notification_emails()
    notification.refresh_from_db()
    assert notification.email_claimed_until is None and notification.emailed_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_notification_emails() == 1


@pytest.mark.parametrize(
    ("language", "date", "moment"),
    [("en", "23 Nov 2026", "23 Nov 2026 14:05"), ("zh-hans", "2026年11月23日", "2026年11月23日 14:05")],
)
def test_one_date_format_per_language(language, date, moment):
    day, at = dt.date(2026, 11, 23), dt.datetime(2026, 11, 23, 14, 5)
    with translation.override(language):
        assert {formats.date_format(day), formats.date_format(day, "SHORT_DATE_FORMAT")} == {date}
        assert {formats.date_format(at, name) for name in ("DATETIME_FORMAT", "SHORT_DATETIME_FORMAT")} == {moment}
