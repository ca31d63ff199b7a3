"""The investigation tracker: open investigations by due date, scoped like every event list."""

import datetime as dt

import pytest
from django.utils import timezone

from quality.models import EventStatus
from tests.quality.factories import AdverseEventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def investigations(hospital):
    today = timezone.localdate()
    late = AdverseEventFactory(
        department=hospital.cardiology,
        status=EventStatus.INVESTIGATING,
        investigator=hospital.head_cardiology,
        investigation_due=today - dt.timedelta(days=3),
    )
    soon = AdverseEventFactory(
        department=hospital.icu,
        status=EventStatus.TRIAGED,
        investigator=hospital.quality_manager,
        investigation_due=today + dt.timedelta(days=5),
    )
    submitted = AdverseEventFactory(department=hospital.cardiology)
    closed = AdverseEventFactory(department=hospital.cardiology, status=EventStatus.CLOSED)
    return late, soon, submitted, closed


def test_quality_office_sees_open_investigations_by_due_date(hospital, client_for, investigations):
    late, soon, submitted, closed = investigations
    html = client_for(hospital.quality_manager).get("/quality/investigations/").content.decode()
    table = html.split('id="investigation-table"')[1].split("</table>")[0]
    assert table.index(late.reference) < table.index(soon.reference)
    assert submitted.reference not in table and closed.reference not in table
    assert table.count("Overdue") == 1


def test_department_head_sees_their_department_and_their_own(hospital, client_for, investigations):
    late, soon, _submitted, _closed = investigations
    html = client_for(hospital.head_cardiology).get("/quality/investigations/").content.decode()
    assert late.reference in html and soon.reference not in html
    mine = client_for(hospital.quality_manager).get("/quality/investigations/?mine=1").content.decode()
    assert soon.reference in mine and late.reference not in mine


def test_nurses_have_no_investigation_tracker(hospital, client_for):
    assert client_for(hospital.nurse_icu).get("/quality/investigations/").status_code == 403
