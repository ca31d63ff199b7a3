"""Coverage per day: a ratio rule is computed from the core's daily census of that weekday;
date rules and public holidays replace the weekday's rules."""

import datetime as dt
from decimal import Decimal

import pytest

from hospital.models import DailyCensus
from staffing import services
from staffing.models import CoverageRule, CoverageScope, HolidayOverride
from tests.staffing.factories import MONDAY, cover, shift_types

pytestmark = pytest.mark.django_db


def test_a_ratio_rule_is_computed_from_the_census_of_that_weekday(hospital):
    shifts = shift_types()
    icu = hospital.icu
    for week in range(1, 9):
        monday = MONDAY - dt.timedelta(weeks=week)
        # Mondays: 14 and 17 in turn (mean 15.5); Tuesdays: 10
        DailyCensus.objects.create(department=icu, date=monday, inpatients=14 if week % 2 else 17)
        DailyCensus.objects.create(department=icu, date=monday + dt.timedelta(days=1), inpatients=10)
    # older than eight weeks: not read
    DailyCensus.objects.create(department=icu, date=MONDAY - dt.timedelta(weeks=10), inpatients=400)
    cover(icu, shifts["N"], minimum=0, patients_per_staff=Decimal(2), weekdays=[0, 1, 2])

    def night(day):
        (requirement,) = services.coverage_requirements(department=icu, day=day)
        return requirement

    assert night(MONDAY).expected_patients == Decimal("15.5")
    assert night(MONDAY).minimum == 8  # ⌈15.5 ÷ 2⌉
    assert night(MONDAY + dt.timedelta(days=1)).minimum == 5  # ⌈10 ÷ 2⌉
    assert night(MONDAY + dt.timedelta(days=2)).minimum == 0  # no census on Wednesdays
    assert services.required_by_ratio(Decimal(17), Decimal(8)) == 3


def test_date_rules_and_public_holidays_replace_the_weekday_rules(hospital):
    shifts = shift_types()
    ward = hospital.cardiology
    cover(ward, shifts["A"], minimum=4)
    CoverageRule.objects.create(department=ward, scope=CoverageScope.HOLIDAY, shift_type=shifts["A"], minimum=2)
    CoverageRule.objects.create(
        department=ward, scope=CoverageScope.DATE, date=MONDAY, shift_type=shifts["A"], minimum=1
    )
    national_day = dt.date(2027, 10, 1)  # a public holiday in China
    assert services.is_public_holiday(national_day)
    assert [r.minimum for r in services.coverage_requirements(department=ward, day=national_day)] == [2]
    assert [r.minimum for r in services.coverage_requirements(department=ward, day=MONDAY)] == [1]
    tuesday = MONDAY + dt.timedelta(days=1)
    assert [r.minimum for r in services.coverage_requirements(department=ward, day=tuesday)] == [4]
    HolidayOverride.objects.create(date=tuesday, is_holiday=True, name="Hospital day")
    HolidayOverride.objects.create(date=national_day, is_holiday=False)
    assert [r.minimum for r in services.coverage_requirements(department=ward, day=tuesday)] == [2]
    assert [r.minimum for r in services.coverage_requirements(department=ward, day=national_day)] == [4]
