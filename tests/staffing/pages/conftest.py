"""A small staffed hospital for the staffing pages' tests: the A/P/N shift types, nurses
with staff profiles in Cardiology and ICU, and Cardiology's rosters (a published week
that has started and a draft of the next)."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from hospital.models import User
from staffing.models import Roster, ShiftType, WorkRules
from tests.staffing.pages.builders import add_nurses, add_profiles, fill, make_shift_types


@dataclass
class Ward:
    shift_types: dict[str, ShiftType]
    published: Roster
    draft: Roster
    icu_published: Roster
    nurses: list[User]


@pytest.fixture
def ward(hospital) -> Ward:
    WorkRules.objects.get_or_create(department=None)
    shift_types = make_shift_types()
    add_profiles(hospital.nurse_cardiology, hospital.nurse_icu)
    others = add_nurses(hospital.cardiology, 3, "card")
    nurses = [hospital.nurse_cardiology, *others]
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    published = Roster.objects.create(
        department=hospital.cardiology, first_day=monday, length_days=7, status="published"
    )
    draft = Roster.objects.create(
        department=hospital.cardiology, first_day=monday + dt.timedelta(days=7), length_days=7
    )
    icu = Roster.objects.create(department=hospital.icu, first_day=monday, length_days=7, status="published")
    fill(published, nurses, shift_types)
    fill(icu, [hospital.nurse_icu], shift_types)
    return Ward(shift_types=shift_types, published=published, draft=draft, icu_published=icu, nurses=nurses)
