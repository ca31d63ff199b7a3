"""One rule for "rate above threshold": the infection dashboard flags exactly the wards
and infections the scheduled alert tells the quality office about."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from hospital.models import Notification
from quality import services
from quality.models import DeviceDays, InfectionKind, InfectionThreshold
from tests.quality.factories import make_infection_case

pytestmark = pytest.mark.django_db

OCTOBER = dt.date(2026, 10, 1)


@pytest.fixture(autouse=True)
def _november():
    with time_machine.travel(dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def wards(hospital):
    """Internal Medicine (its own beds) with Cardiology and Respiratory under it.

    CLABSI in October: Cardiology 1 ÷ 100 line-days = 10.0; Respiratory 0 ÷ 200 = 0;
    Internal Medicine with its sub-departments 1 ÷ 400 = 2.5 (on its own rows: 0 ÷ 100).
    """
    line_days = {hospital.medicine: 100, hospital.cardiology: 100, hospital.respiratory: 200}
    for ward, days in line_days.items():
        DeviceDays.objects.create(department=ward, month=OCTOBER, central_line_days=days)
        InfectionThreshold.objects.create(department=ward, kind=InfectionKind.CLABSI, rate=Decimal("2.00"))
    InfectionThreshold.objects.create(department=hospital.medicine, kind=InfectionKind.CAUTI, rate=Decimal("1.00"))
    make_infection_case(department=hospital.cardiology, kind=InfectionKind.CLABSI, onset_date=OCTOBER)
    return hospital


def _dashboard_flags(client):
    rows = client.get("/quality/infections/").context["ward_rows"]
    return {(row["department"].code, kind) for row in rows for kind in row["alerts"]}


def _alerted(hospital):
    keys = Notification.objects.filter(recipient=hospital.quality_manager).values_list("dedupe_key", flat=True)
    codes = {str(ward.pk): ward.code for ward in (hospital.medicine, hospital.cardiology, hospital.respiratory)}
    return {(codes[key.split(":")[1]], key.split(":")[2]) for key in keys if key.startswith("quality.hai_threshold:")}


def test_dashboard_flags_and_alerts_agree_on_a_parent_and_its_sub_departments(wards, client_for):
    services.send_infection_alerts()
    flagged = _dashboard_flags(client_for(wards.quality_manager))
    assert flagged == _alerted(wards)
    assert flagged == {("IM", InfectionKind.CLABSI), ("CARD", InfectionKind.CLABSI)}


def test_a_parent_department_counts_its_sub_departments(wards, client_for):
    rows = client_for(wards.quality_manager).get("/quality/infections/").context["ward_rows"]
    rates = {row["department"].code: row["clabsi_rate"] for row in rows}
    assert rates == {"IM": Decimal("2.5"), "CARD": Decimal(10), "RESP": Decimal(0)}
