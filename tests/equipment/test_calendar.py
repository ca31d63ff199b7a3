"""The maintenance calendar: each week's count and first checks by date range, the rest on the week's page."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from equipment.views.maintenance import CALENDAR_CARDS
from tests.equipment.factories import EquipmentFactory, PlanFactory

pytestmark = pytest.mark.django_db


def test_a_busy_week_shows_its_count_its_first_checks_and_a_link_to_all(hospital, client_for):
    today = timezone.localdate()
    for i in range(CALENDAR_CARDS + 3):  # all in the first week
        PlanFactory(equipment=EquipmentFactory(department=hospital.icu), next_due=today + dt.timedelta(days=i % 7))
    PlanFactory(equipment=EquipmentFactory(department=hospital.icu), next_due=today + dt.timedelta(days=8))
    retired = EquipmentFactory(department=hospital.icu, status="retired", retired_on=today)
    PlanFactory(equipment=retired, next_due=today + dt.timedelta(days=9))  # not in use: not on the calendar
    PlanFactory(equipment=EquipmentFactory(department=hospital.icu), next_due=today + dt.timedelta(days=40))
    client = client_for(hospital.engineer)
    html = client.get("/equipment/maintenance/").content.decode()
    counts = re.findall(r'data-week-count="(\d)">(\d+)<', html)
    assert counts == [("0", str(CALENDAR_CARDS + 3)), ("1", "1"), ("2", "0"), ("3", "0")]
    calendar = html.split('id="calendar"')[1].split('id="overdue-heading"')[0]
    first_week = calendar.split('data-week-count="1"')[0]
    assert first_week.count("list-group-item") == CALENDAR_CARDS
    assert 'href="/equipment/maintenance/week/0/"' in first_week
    assert "/equipment/maintenance/week/1/" not in calendar  # a week that fits shows no link

    dates = []
    for number in (1, 2):
        week = client.get(f"/equipment/maintenance/week/0/?page={number}").content.decode()
        dates += re.findall(r"<td>(\d{4}-\d{2}-\d{2})</td>", week)
    assert len(dates) == CALENDAR_CARDS + 3 and dates == sorted(dates)
    assert client.get("/equipment/maintenance/week/4/").status_code == 404
    assert client_for(hospital.nurse_icu).get("/equipment/maintenance/week/0/").status_code == 403
