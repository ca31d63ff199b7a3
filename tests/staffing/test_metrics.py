"""The staffing metrics in the registry, computed from a published roster built by hand."""

import datetime as dt
from decimal import Decimal

import pytest

from hospital import metric_registry
from staffing import services
from staffing.models import ShiftRequest
from tests.staffing.factories import MONDAY, certify, cover, nurse, roster, shift_types

pytestmark = pytest.mark.django_db


def test_the_staffing_metrics_read_published_rosters(hospital):
    shifts = shift_types()
    ward = hospital.cardiology
    cover(ward, shifts["A"], minimum=2)
    ann, bo = nurse(ward, "ann", hours=8), nurse(ward, "bo")
    certify(ann, expires=MONDAY + dt.timedelta(days=30))
    draft = roster(ward, length_days=7)
    head = hospital.head_cardiology
    services.save_work_rules(user=head, department=ward, max_hours_percent=250)  # 16 h on an 8 h contract
    services.set_assignment(user=head, roster=draft, person=ann, date=MONDAY, shift_type=shifts["A"])
    services.set_assignment(
        user=head, roster=draft, person=ann, date=MONDAY + dt.timedelta(days=2), shift_type=shifts["N"]
    )
    services.set_assignment(user=head, roster=draft, person=bo, date=MONDAY, shift_type=shifts["A"])
    ShiftRequest.objects.create(person=bo, date=MONDAY + dt.timedelta(days=1), wants_to_work=False)  # honoured
    ShiftRequest.objects.create(person=ann, date=MONDAY, wants_to_work=False)  # not honoured
    services.publish_roster(user=head, roster=draft)

    week = (MONDAY, MONDAY + dt.timedelta(days=6))

    def value(key, department=ward):
        return metric_registry.compute(key, department, *week)

    assert value("staffing.coverage_fulfilment") == Decimal("14.3")  # 2 of 14 required
    assert value("staffing.hours_over_contract") == Decimal("8.0")  # ann: 16 h against 8
    assert value("staffing.night_spread") == Decimal("0.5")  # nights 1 and 0
    assert value("staffing.certifications_expiring") == 1
    assert value("staffing.requests_honoured") == Decimal("50.0")
    assert value("staffing.coverage_fulfilment", hospital.icu) is None
