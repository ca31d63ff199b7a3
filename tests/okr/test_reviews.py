"""Quarter's end: grading, closing, and the registered OKR metric_registry."""

import datetime as dt
from decimal import Decimal

import pytest

from hospital import metric_registry
from hospital.errors import AccessDenied, ConflictError, DomainError
from okr import services
from okr.models import CheckIn, CycleStatus, ObjectiveStatus
from okr.scoring import key_result_progress
from tests.okr.factories import CheckInFactory

pytestmark = pytest.mark.django_db


def set_value(key_result, value, day=dt.date(2026, 3, 2), confidence="on_track"):
    CheckInFactory(key_result=key_result, value=Decimal(value), date=day, confidence=confidence)
    key_result.current_value = Decimal(value)
    key_result.progress = key_result_progress(
        kind=key_result.kind, value=key_result.current_value, baseline=key_result.baseline, target=key_result.target
    )
    key_result.save()


def test_closing_grades_every_key_result_and_objective_and_makes_the_cycle_read_only(hospital, okrs):
    set_value(okrs.mortality, "4")  # 50% → 0.5
    set_value(okrs.surgery_success, "95")  # 100% → 1.0
    services.score_key_result(key_result=okrs.satisfaction, user=hospital.admin, score="0.7")
    services.close_cycle(cycle=okrs.cycle, user=hospital.admin, retrospective="Good year.")
    okrs.cardiology.refresh_from_db()
    okrs.quality.refresh_from_db()
    okrs.cycle.refresh_from_db()
    assert okrs.cardiology.score == Decimal("0.5")
    assert okrs.quality.score == Decimal("0.7")  # graded by hand, kept
    assert okrs.cardiology.status == ObjectiveStatus.CLOSED
    assert (okrs.cycle.status, okrs.cycle.retrospective) == (CycleStatus.CLOSED, "Good year.")
    with pytest.raises(ConflictError):
        services.score_key_result(key_result=okrs.mortality, user=hospital.admin, score="1")


def test_only_administrators_close_a_cycle(hospital, okrs):
    with pytest.raises(AccessDenied):
        services.close_cycle(cycle=okrs.cycle, user=hospital.head_cardiology)
    okrs.cycle.refresh_from_db()
    assert okrs.cycle.status == CycleStatus.ACTIVE


def test_a_score_outside_0_to_1_is_refused(hospital, okrs):
    with pytest.raises(DomainError, match="0.0 to 1.0"):
        services.score_key_result(key_result=okrs.mortality, user=hospital.head_cardiology, score="1.5")
    okrs.mortality.refresh_from_db()
    assert okrs.mortality.score is None


def test_okr_metrics_are_registered_and_read_the_state_at_the_periods_end(hospital, okrs):
    set_value(okrs.satisfaction, "85", day=dt.date(2026, 2, 20))  # 50%, on track
    CheckIn.objects.create(
        key_result=okrs.satisfaction,
        date=dt.date(2026, 3, 20),
        week=dt.date(2026, 3, 16),
        value=90,
        confidence="at_risk",
    )
    february = (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert metric_registry.compute("okr.progress", None, *february) == Decimal("50.00")
    assert metric_registry.compute("okr.progress", None, dt.date(2026, 3, 1), dt.date(2026, 3, 31)) == Decimal("100.00")
    # 3 key results, 1 on track at the end of February, 1 checked in within 14 days of it
    assert metric_registry.compute("okr.on_track_share", None, *february) == Decimal("33.3")
    assert metric_registry.compute("okr.checkin_freshness", None, *february) == Decimal("33.3")
    assert metric_registry.compute("okr.checkin_freshness", hospital.surgery, *february) == Decimal("0.0")
