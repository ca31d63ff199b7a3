"""NHSN rates, device utilisation ratios and the event rates, on hand-computed examples.

Denominators: patient-days and surgeries from the core's daily census; device-days
from the quality app's monthly counts.
"""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from hospital import metric_registry
from quality import selectors
from quality.models import CorrectiveAction, DeviceDays
from tests.hospital.factories import DailyCensusFactory
from tests.quality.factories import (
    AdverseEventFactory,
    CorrectiveActionFactory,
    make_infection_case,
    make_survey,
    make_survey_response,
)

pytestmark = pytest.mark.django_db
OCT = (dt.date(2026, 10, 1), dt.date(2026, 10, 31))


@pytest.fixture(autouse=True)
def _november():
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


def _census(department, days, **counts):
    for day in range(days):
        DailyCensusFactory(department=department, date=OCT[0] + dt.timedelta(days=day), **counts)


@pytest.fixture
def icu_october(hospital):
    # 31 days × 10 in-patients = 310 patient-days
    _census(hospital.icu, 31, inpatients=10, surgeries=0)
    DeviceDays.objects.create(
        department=hospital.icu, month=OCT[0], central_line_days=155, urinary_catheter_days=124, ventilator_days=62
    )
    for kind, day in [("clabsi", 3), ("clabsi", 20), ("cauti", 9), ("vae", 31)]:
        make_infection_case(department=hospital.icu, kind=kind, onset_date=dt.date(2026, 10, day))
    make_infection_case(department=hospital.icu, kind="clabsi", onset_date=dt.date(2026, 9, 30))  # not October
    return hospital.icu


def _value(key, department, period=OCT):
    value = metric_registry.compute(key, department, *period)
    return None if value is None else value.quantize(Decimal("0.001"))


def test_device_associated_rates_per_1000_device_days(icu_october):
    assert _value("quality.clabsi_rate", icu_october) == Decimal("12.903")  # 2 ÷ 155 × 1000
    assert _value("quality.cauti_rate", icu_october) == Decimal("8.065")  # 1 ÷ 124 × 1000
    assert _value("quality.vae_rate", icu_october) == Decimal("16.129")  # 1 ÷ 62 × 1000


def test_device_utilisation_ratios(icu_october):
    row = selectors.hai_rates_by_period(icu_october, [OCT])[0]
    assert row["patient_days"] == 310
    assert row["central_line_days_dur"] == Decimal("0.5")  # 155 ÷ 310
    assert row["urinary_catheter_days_dur"] == Decimal("0.4")  # 124 ÷ 310
    assert row["ventilator_days_dur"] == Decimal("0.2")  # 62 ÷ 310


def test_no_device_days_means_no_rate(hospital):
    assert _value("quality.clabsi_rate", hospital.cardiology) is None


def test_ssi_rate_per_100_operations_from_the_census(hospital):
    _census(hospital.general_surgery, 20, inpatients=30, surgeries=5)  # 100 operations
    for day in (2, 8, 15):
        make_infection_case(department=hospital.general_surgery, kind="ssi", onset_date=dt.date(2026, 10, day))
    assert _value("quality.ssi_rate", hospital.general_surgery) == Decimal("3.000")
    # the parent department includes its sub-departments
    assert _value("quality.ssi_rate", hospital.surgery) == Decimal("3.000")


def test_event_rates_per_1000_patient_days_and_per_100_surgeries(hospital):
    _census(hospital.cardiology, 25, inpatients=40, surgeries=0)  # 1,000 patient-days
    _census(hospital.general_surgery, 20, inpatients=0, surgeries=5)  # 100 operations, no patient-days
    day = dt.datetime(2026, 10, 10, 2, 0, tzinfo=dt.UTC)
    for event_type, category, medication in [
        ("incident", "medication", "D"),
        ("near_miss", "medication", "B"),
        ("unsafe_condition", "medication", "A"),  # not an error
        ("incident", "fall", ""),
    ]:
        AdverseEventFactory(
            department=hospital.cardiology,
            occurred_at=day,
            event_type=event_type,
            category=category,
            medication_category=medication,
        )
    for category in ("surgery", "surgery", "anaesthesia"):
        AdverseEventFactory(department=hospital.general_surgery, occurred_at=day, category=category)
    AdverseEventFactory(department=hospital.cardiology, occurred_at=day - dt.timedelta(days=30))  # September

    assert _value("quality.events_per_1000_patient_days", hospital.cardiology) == Decimal("4.000")
    assert _value("quality.near_miss_share", hospital.cardiology) == Decimal("25.000")
    assert _value("quality.medication_errors_per_1000_patient_days", hospital.cardiology) == Decimal("2.000")
    assert _value("quality.surgical_events_per_100_surgeries", hospital.surgery) == Decimal("3.000")
    # hospital-wide: 7 events ÷ 1,000 patient-days
    assert _value("quality.events_per_1000_patient_days", None) == Decimal("7.000")


def test_patient_satisfaction_is_the_share_of_fours_and_fives(hospital):
    survey = make_survey(questions=5)
    for scores in ([5, 4, 4, 3, 2], [5, 5, 4, 4, 1]):  # 7 of 10 answers are 4 or 5
        make_survey_response(survey=survey, department=hospital.cardiology, responded_on=OCT[0], scores=scores)
    assert _value("quality.patient_satisfaction", hospital.cardiology) == Decimal("70.000")
    assert _value("quality.patient_satisfaction", hospital.icu) is None


def test_overdue_actions_count_open_ones_past_due(hospital):
    CorrectiveActionFactory(due_date=dt.date(2026, 10, 5), event__department=hospital.cardiology)  # overdue
    CorrectiveActionFactory(
        due_date=dt.date(2026, 10, 5),
        status="done",
        completed_on=dt.date(2026, 10, 4),
        event__department=hospital.cardiology,
    )
    CorrectiveActionFactory(due_date=dt.date(2026, 12, 5), event__department=hospital.cardiology)  # not yet due
    CorrectiveActionFactory(due_date=dt.date(2026, 10, 5), status="cancelled", event__department=hospital.icu)
    assert CorrectiveAction.objects.count() == 4
    assert _value("quality.overdue_actions", hospital.cardiology) == Decimal("1.000")
    assert _value("quality.overdue_actions", None) == Decimal("1.000")


def test_an_action_due_later_this_month_is_not_overdue_yet(hospital):
    # Today is 23 November: due on the 28th is not late, due on the 20th is.
    CorrectiveActionFactory(due_date=dt.date(2026, 11, 28), event__department=hospital.cardiology)
    CorrectiveActionFactory(due_date=dt.date(2026, 11, 20), event__department=hospital.cardiology)
    november = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert _value("quality.overdue_actions", hospital.cardiology, november) == Decimal("1.000")


def test_every_quality_metric_is_registered():
    keys = {m.key for m in metric_registry.all_metrics() if m.app_label == "quality"}
    assert keys == {
        "quality.events_per_1000_patient_days",
        "quality.near_miss_share",
        "quality.medication_errors_per_1000_patient_days",
        "quality.surgical_events_per_100_surgeries",
        "quality.overdue_actions",
        "quality.clabsi_rate",
        "quality.cauti_rate",
        "quality.vae_rate",
        "quality.ssi_rate",
        "quality.patient_satisfaction",
    }
