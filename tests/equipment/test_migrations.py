"""Migration 0007 rebuilds the summaries of a database that already has equipment, through
the historical models; on an empty database it does nothing."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from equipment import summaries
from equipment.models import DeviceReliability, StatusMonth, WorkMonth, WorkOrder
from tests.equipment.factories import EquipmentFactory, WorkOrderFactory

pytestmark = pytest.mark.django_db
MIGRATION = "0007_rebuild_summaries"


def _run_migration():
    apps = MigrationLoader(connection).project_state(("equipment", MIGRATION)).apps
    importlib.import_module(f"equipment.migrations.{MIGRATION}").rebuild_summaries(apps, None)


def test_an_existing_database_gets_its_summaries_rebuilt(hospital):
    device = EquipmentFactory(department=hospital.icu)
    WorkOrderFactory(equipment=device)
    WorkOrder.objects.filter(equipment=device).update(status="cancelled")  # written past the services
    EquipmentFactory(department=hospital.cardiology, status="under_repair")
    for model in summaries.SUMMARY_MODELS:  # as before 0004: the tables there, the rows not
        model.objects.all().delete()
    _run_migration()
    assert StatusMonth.objects.exists() and DeviceReliability.objects.count() == 2
    assert summaries.summary_rows() == summaries.rebuilt_rows()


def test_on_an_empty_database_it_does_nothing():
    _run_migration()
    assert not StatusMonth.objects.exists() and not WorkMonth.objects.exists()
