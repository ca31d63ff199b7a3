"""`notify_many` writes a scan's notifications in bulk with the dedupe rules of `notify`:
one row per recipient and key however often it runs, none changed, keyless ones always."""

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from hospital.models import Notification
from hospital.services import notify, notify_many

pytestmark = pytest.mark.django_db

TITLE = gettext_lazy("Serious harm reported: %(reference)s")  # quality's message id, translated there


def _alert(user, key, reference="AE-1"):
    return {"recipient": user, "title": TITLE, "params": {"reference": reference}, "dedupe_key": key}


def test_a_second_run_writes_nothing_new(hospital, django_assert_max_num_queries):
    users = [hospital.admin, hospital.head_cardiology, hospital.nurse_icu]
    alerts = [_alert(user, f"k{n}") for user in users for n in range(700)]  # three chunks of 1,000
    with django_assert_max_num_queries(6):  # per chunk: the stored keys, one INSERT
        assert notify_many(alerts) == 2100
    assert notify_many(alerts) == 0
    assert Notification.objects.count() == 2100
    assert Notification.objects.filter(recipient=hospital.admin, dedupe_key="k5").count() == 1


def test_same_semantics_as_notify(hospital):
    notify(recipient=hospital.admin, title=TITLE, params={"reference": "AE-1"}, dedupe_key="serious:1")
    written = notify_many(
        [
            _alert(hospital.admin, "serious:1", reference="AE-changed"),  # already there: kept as it was
            _alert(hospital.head_cardiology, "serious:1"),  # another recipient: a row of its own
            _alert(hospital.head_cardiology, "serious:1", reference="AE-2"),  # same key twice: the first wins
            {"recipient": hospital.admin, "title": "Plain text, no key"},
            {"recipient": hospital.admin, "title": "Plain text, no key"},
        ]
    )
    assert written == 3
    kept = Notification.objects.get(recipient=hospital.admin, dedupe_key="serious:1")
    assert kept.params == {"reference": "AE-1"}
    assert Notification.objects.get(recipient=hospital.head_cardiology).params == {"reference": "AE-1"}
    assert Notification.objects.filter(dedupe_key="").count() == 2


def test_stored_untranslated_and_read_in_the_readers_language(hospital):
    with translation.override("zh-hans"):
        notify_many([_alert(hospital.admin, "serious:9", reference="AE-9")])
    notification = Notification.objects.get()
    assert notification.title == "Serious harm reported: %(reference)s"
    with translation.override("en"):
        assert notification.display_title == "Serious harm reported: AE-9"
    with translation.override("zh-hans"):
        assert notification.display_title != "Serious harm reported: AE-9"
        assert "AE-9" in notification.display_title


def test_nothing_to_write_is_no_query(hospital, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert notify_many([]) == 0
