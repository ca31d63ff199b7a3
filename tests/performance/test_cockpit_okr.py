"""The cockpit's OKR list, given by okr through the core's registry (performance never imports
okr): the department's objectives of the current cycle, least confident first, with their
progress and confidence, the count of all of them, nothing of other departments, and a link
to the department's OKRs that opens for the head."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from okr.models import Confidence, ObjectiveLevel, ObjectiveStatus
from tests.okr.factories import CycleFactory, KeyResultFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db


def _list(html: str) -> str:
    return html.split('data-list="okr"', 1)[1].split("</ul>", 1)[0]


def objective(cycle, department, title, *confidences, progress=Decimal("0"), **extra):
    made = ObjectiveFactory(cycle=cycle, level=ObjectiveLevel.DEPARTMENT, department=department, title=title, **extra)
    for confidence in confidences or [""]:
        KeyResultFactory(objective=made, confidence=confidence, progress=progress)
    return made


@pytest.fixture
def current(hospital):
    today = timezone.localdate()
    return CycleFactory(name="Now", start=today - dt.timedelta(days=30), end=today + dt.timedelta(days=60))


def test_the_heads_objectives_least_confident_first_with_progress_and_confidence(hospital, client_for, current):
    cardiology = hospital.cardiology
    objective(current, cardiology, "On track goal", Confidence.ON_TRACK, progress=Decimal("80"))
    objective(current, cardiology, "Unchecked goal")
    objective(current, cardiology, "At risk goal", Confidence.ON_TRACK, Confidence.AT_RISK, progress=Decimal("40"))
    objective(current, cardiology, "Off track goal", Confidence.AT_RISK, Confidence.OFF_TRACK, progress=Decimal("10"))
    objective(current, cardiology, "Second off track goal", Confidence.OFF_TRACK)
    objective(current, cardiology, "Sixth goal", Confidence.ON_TRACK)
    objective(current, cardiology, "Cancelled goal", Confidence.OFF_TRACK, status=ObjectiveStatus.CANCELLED)
    objective(current, hospital.surgery, "Surgery goal", Confidence.OFF_TRACK)
    old = CycleFactory(name="Old", start=dt.date(2020, 1, 1), end=dt.date(2020, 12, 31))
    objective(old, cardiology, "Last cycle's goal", Confidence.OFF_TRACK)

    html = client_for(hospital.head_cardiology).get(f"/performance/cockpit/{cardiology.pk}/").content.decode()
    assert 'data-list="okr" data-count="6"' in html
    block = _list(html)
    titles = re.findall(r'<a href="/okr/objectives/\d+/">([^<]+)</a>', block)
    assert titles == ["Off track goal", "Second off track goal", "At risk goal", "Unchecked goal", "On track goal"]
    assert "Off track · 10.00% progress · Cardiology" in block
    assert "At risk · 40.00% progress" in block
    assert "No check-in yet" in block and "On track · 80.00% progress" in block
    assert block.count("list-group-item-warning") == 3
    for absent in ("Sixth goal", "Cancelled goal", "Surgery goal", "Last cycle's goal"):
        assert absent not in html


def test_another_departments_head_sees_none_of_them(hospital, client_for, current):
    objective(current, hospital.cardiology, "Cardiology goal", Confidence.OFF_TRACK)
    objective(current, hospital.surgery, "Surgery goal", Confidence.OFF_TRACK)
    html = client_for(hospital.head_surgery).get(f"/performance/cockpit/{hospital.surgery.pk}/").content.decode()
    assert 'data-list="okr" data-count="1"' in html
    assert "Surgery goal" in _list(html) and "Cardiology goal" not in html


def test_a_parents_cockpit_lists_its_subtrees_objectives(hospital, client_for, current):
    objective(current, hospital.cardiology, "Cardiology goal", Confidence.AT_RISK)
    objective(current, hospital.medicine, "Medicine goal", Confidence.ON_TRACK)
    html = client_for(hospital.head_medicine).get(f"/performance/cockpit/{hospital.medicine.pk}/").content.decode()
    assert 'data-list="okr" data-count="2"' in html
    block = _list(html)
    assert block.index("Cardiology goal") < block.index("Medicine goal")


def test_the_link_opens_the_departments_okrs_for_the_head(hospital, client_for, current):
    objective(current, hospital.cardiology, "Cardiology goal", Confidence.AT_RISK)
    objective(current, hospital.surgery, "Surgery goal", Confidence.OFF_TRACK)
    client = client_for(hospital.head_cardiology)
    html = client.get(f"/performance/cockpit/{hospital.cardiology.pk}/").content.decode()
    block = html.split('data-list="okr"', 1)[1]
    link = re.search(r'class="small cockpit-all" href="([^"]+)"', block).group(1).replace("&amp;", "&")
    assert link == f"/okr/?department={hospital.cardiology.pk}"
    response = client.get(link)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Cardiology goal" in page and "Surgery goal" not in page
    item = re.search(r'<a href="(/okr/objectives/\d+/)">Cardiology goal', block).group(1)
    assert client.get(item).status_code == 200


def test_without_a_cycle_the_list_is_empty(hospital, client_for):
    html = client_for(hospital.head_cardiology).get(f"/performance/cockpit/{hospital.cardiology.pk}/").content.decode()
    assert 'data-list="okr" data-count="0"' in html


def test_in_chinese(hospital, client_for, current):
    objective(current, hospital.cardiology, "Cardiology goal", Confidence.OFF_TRACK)
    client = client_for(hospital.head_cardiology)
    html = client.get(
        f"/performance/cockpit/{hospital.cardiology.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    block = _list(html)
    assert "Objectives this cycle, least confident first" not in html
    assert "progress" not in block and "Off track" not in block
    assert "本周期目标（信心最低者在前）" in html and "进度 0.00% · " in block
