"""The infection dashboard's ward table: every ward under surveillance, with its alerts."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from quality.models import InfectionThreshold
from tests.hospital.factories import DailyCensusFactory
from tests.quality.factories import make_infection_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _november():
    with time_machine.travel(dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


def test_a_surgical_ward_with_ssis_but_no_device_days_is_listed(hospital, client_for):
    for day in range(20):  # 20 days × 5 operations = 100 operations in October
        DailyCensusFactory(department=hospital.general_surgery, date=dt.date(2026, 10, 1 + day), surgeries=5)
    for day in (3, 17):
        make_infection_case(department=hospital.general_surgery, kind="ssi", onset_date=dt.date(2026, 10, day))
    InfectionThreshold.objects.create(department=hospital.general_surgery, kind="ssi", rate=Decimal("1.5"))
    context = client_for(hospital.quality_manager).get("/quality/infections/").context
    rows = {row["department"].code: row for row in context["ward_rows"]}
    assert rows["GSUR"]["ssi_rate"] == Decimal(2)  # 2 ÷ 100 × 100
    assert rows["GSUR"]["alerts"] == ["ssi"]
