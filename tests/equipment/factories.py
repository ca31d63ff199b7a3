"""Factories for equipment tests; steps that matter to a rule go through the services."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from equipment.models import (
    Category,
    Equipment,
    EquipmentStatus,
    IntervalUnit,
    MaintenancePlan,
    PlanKind,
    RiskClass,
    StatusChange,
    WorkOrder,
    WorkOrderKind,
)
from tests.hospital.factories import DepartmentFactory


class EquipmentFactory(factory.django.DjangoModelFactory):
    """A device in service since a year ago, with the status change that says so."""

    class Meta:
        model = Equipment
        skip_postgeneration_save = True

    asset_tag = factory.Sequence(lambda n: f"EQ-{n:05d}")
    name = "Patient monitor"
    category = Category.PATIENT_MONITOR
    manufacturer = "Mindray"
    model_number = "BeneVision N12"
    serial_number = factory.Sequence(lambda n: f"SN{n:08d}")
    department = factory.SubFactory(DepartmentFactory)
    risk_class = RiskClass.MEDIUM
    purchase_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=400))
    purchase_cost = Decimal("120000.00")
    useful_life_years = 8
    commissioned_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=365))
    status = EquipmentStatus.IN_SERVICE

    @factory.post_generation
    def history(self, create, extracted, **kwargs):
        if create and self.status != EquipmentStatus.ORDERED:
            at = extracted or timezone.now() - dt.timedelta(days=365)
            StatusChange.objects.create(equipment=self, from_status="", to_status=self.status, at=at)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MaintenancePlan

    equipment = factory.SubFactory(EquipmentFactory)
    kind = PlanKind.CALIBRATION
    interval_value = 12
    interval_unit = IntervalUnit.MONTHS
    next_due = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    anchor_day = factory.LazyAttribute(lambda p: p.next_due.day if p.interval_unit == IntervalUnit.MONTHS else None)
    checklist_steps = ["Measure against the reference"]


class WorkOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkOrder

    equipment = factory.SubFactory(EquipmentFactory)
    kind = WorkOrderKind.CORRECTIVE
    fault_description = "Screen flickers"
    reported_at = factory.LazyFunction(timezone.now)
