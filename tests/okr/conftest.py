"""A year cycle with a hospital objective and Cardiology's and Surgery's aligned objectives."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from okr.models import Cycle, KeyResult, KeyResultKind, Objective, ObjectiveLevel
from tests.okr.factories import CycleFactory, KeyResultFactory, ObjectiveFactory


@dataclass
class Okrs:
    cycle: Cycle
    quality: Objective
    cardiology: Objective
    surgery: Objective
    mortality: KeyResult
    satisfaction: KeyResult
    surgery_success: KeyResult


@pytest.fixture
def okrs(hospital) -> Okrs:
    cycle = CycleFactory(name="2026")
    quality = ObjectiveFactory(cycle=cycle, title="Raise care quality", owner=hospital.admin)
    cardiology = ObjectiveFactory(
        cycle=cycle,
        title="Fewer cardiovascular deaths",
        level=ObjectiveLevel.DEPARTMENT,
        department=hospital.cardiology,
        parent=quality,
        owner=hospital.head_cardiology,
    )
    surgery = ObjectiveFactory(
        cycle=cycle,
        title="Safer surgery",
        level=ObjectiveLevel.DEPARTMENT,
        department=hospital.surgery,
        parent=quality,
        owner=hospital.head_surgery,
    )
    return Okrs(
        cycle=cycle,
        quality=quality,
        cardiology=cardiology,
        surgery=surgery,
        mortality=KeyResultFactory(
            objective=cardiology,
            title="Cardiovascular mortality 5% → 3%",
            kind=KeyResultKind.DECREASE,
            baseline=Decimal("5"),
            target=Decimal("3"),
        ),
        satisfaction=KeyResultFactory(objective=quality, title="Patient satisfaction 80% → 90%"),
        surgery_success=KeyResultFactory(
            objective=surgery, title="Surgery success 90% → 95%", baseline=Decimal("90"), target=Decimal("95")
        ),
    )
