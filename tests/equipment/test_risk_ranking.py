"""The failure-risk ranking is stored by a beat task; the page reads it and says when it was computed."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from equipment import risk_ranking, tasks
from equipment.models import FailureRiskRank, WorkOrder
from tests.equipment.factories import EquipmentFactory, PlanFactory

pytestmark = pytest.mark.django_db


def _worn_and_clean(hospital):
    worn = EquipmentFactory(department=hospital.icu, asset_tag="WORN")
    EquipmentFactory(department=hospital.icu, asset_tag="CLEAN")
    PlanFactory(equipment=worn, next_due=timezone.localdate() - dt.timedelta(days=40))
    return worn


def test_beat_runs_the_task_that_stores_the_ranking(hospital):
    assert settings.CELERY_BEAT_SCHEDULE["equipment.refresh_failure_risk"]["task"] == tasks.refresh_failure_risk.name
    _worn_and_clean(hospital)
    EquipmentFactory(department=hospital.icu, asset_tag="OLD", status="retired", retired_on=timezone.localdate())
    assert tasks.refresh_failure_risk.apply().get() == 2
    ranks = list(FailureRiskRank.objects.order_by("position").values_list("equipment__asset_tag", "position"))
    assert ranks == [("WORN", 1), ("CLEAN", 2)]
    assert risk_ranking.refresh() == 2  # again: replaced, not added to
    assert FailureRiskRank.objects.count() == 2


def test_the_page_reads_the_stored_ranking_and_says_when_it_was_computed(hospital, client_for):
    worn = _worn_and_clean(hospital)
    computed = timezone.now() - dt.timedelta(minutes=3)
    with time_machine.travel(computed, tick=False):
        risk_ranking.refresh()
    # A later fault changes the device's score now, not the stored order or its time.
    WorkOrder.objects.create(equipment=worn, kind="corrective", fault_description="x")
    html = client_for(hospital.engineer).get("/equipment/risk/").content.decode()
    assert html.index('data-tag="WORN"') < html.index('data-tag="CLEAN"')
    local = timezone.localtime(computed)
    assert f"Ranked at {local:%Y-%m-%d %H:%M}" in html
    assert "No ranking had been stored yet" not in html
    assert set(FailureRiskRank.objects.values_list("computed_at", flat=True)) == {computed}


def test_with_nothing_stored_the_page_computes_it_once_and_says_so(hospital, client_for):
    _worn_and_clean(hospital)
    client = client_for(hospital.engineer)
    first = client.get("/equipment/risk/").content.decode()
    assert "No ranking had been stored yet, so this page computed it now." in first
    assert FailureRiskRank.objects.count() == 2
    second = client.get("/equipment/risk/").content.decode()
    assert "No ranking had been stored yet" not in second
    assert second.index('data-tag="WORN"') < second.index('data-tag="CLEAN"')


def test_a_device_retired_since_the_ranking_leaves_the_list(hospital, client_for):
    worn = _worn_and_clean(hospital)
    risk_ranking.refresh()
    worn.status, worn.retired_on = "retired", timezone.localdate()
    worn.save(update_fields=["status", "retired_on"])
    html = client_for(hospital.engineer).get("/equipment/risk/").content.decode()
    assert 'data-tag="WORN"' not in html and 'data-tag="CLEAN"' in html
