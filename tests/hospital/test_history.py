"""Audit history on edit pages: each changed field with its old and new value, in a fixed
number of queries whatever the number of changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hospital import services
from hospital.history import history_entries
from hospital.models import DepartmentKind

pytestmark = pytest.mark.django_db


def test_department_history_names_each_changed_field_old_and_new(hospital, client_for):
    services.update_department(user=hospital.admin, department=hospital.icu, name="Intensive Care Unit")
    services.update_department(
        user=hospital.admin, department=hospital.icu, head=hospital.head_cardiology, kind=DepartmentKind.LOGISTICS
    )
    entries = history_entries(hospital.icu)
    latest = [(c.label, c.old, c.new) for c in entries[0].changes]
    assert latest == [
        ("head", "—", str(hospital.head_cardiology)),
        ("kind", "Clinical", str(DepartmentKind.LOGISTICS.label)),
    ]
    assert [(c.label, c.old, c.new) for c in entries[1].changes] == [("name", "Intensive Care", "Intensive Care Unit")]
    assert entries[-1].changes == []  # the creation has nothing to compare with

    html = client_for(hospital.admin).get(reverse("department_edit", args=[hospital.icu.pk])).content.decode()
    history = html.split('id="history"', 1)[1].split("</table>", 1)[0]
    assert "Name</span>:" in history and "Intensive Care</span> → <span>Intensive Care Unit" in history
    assert "Changed" in history


def test_user_history_shows_changed_fields_in_chinese_too(hospital, client_for, settings):
    services.update_user(user=hospital.admin, account=hospital.nurse_icu, display_name="Nurse Wang")
    client = client_for(hospital.admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    html = client.get(reverse("user_edit", args=[hospital.nurse_icu.pk])).content.decode()
    history = html.split('id="history"', 1)[1].split("</table>", 1)[0]
    assert "Nurse Wang" in history and "→" in history
    assert "显示名称" in history


def test_history_query_count_does_not_grow_with_changes(hospital, client_for):
    client = client_for(hospital.admin)

    def change(times, offset):
        for i in range(offset, offset + times):
            services.update_department(user=hospital.admin, department=hospital.icu, staffed_beds=10 + i)
            services.update_department(
                user=hospital.admin, department=hospital.icu, head=(hospital.head_surgery, None)[i % 2]
            )

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("department_edit", args=[hospital.icu.pk])).status_code == 200
        return len(queries)

    change(2, 0)
    few = count()
    change(30, 2)
    assert count() == few


def test_a_save_that_changed_no_editable_field_says_so(hospital):
    hospital.icu.save()  # a save with the same values still writes a history row
    latest = history_entries(hospital.icu)[0]
    assert latest.changes == [] and latest.changed_nothing_shown
    assert not history_entries(hospital.icu)[-1].changed_nothing_shown  # the creation
