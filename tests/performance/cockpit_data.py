"""Rows for the department cockpit's short lists, in a department's subtree: lots expiring,
open work orders, expiring certifications, open actions and the current cycle's objectives,
through the apps' own writers (the receive service) or their test factories."""

import datetime as dt

from django.utils import timezone

from equipment.models import WorkOrderStatus
from hospital.models import Department, DepartmentKind
from okr.models import Confidence, Cycle, CycleStatus, ObjectiveLevel
from staffing.models import StaffProfile
from tests.equipment.factories import EquipmentFactory, WorkOrderFactory
from tests.hospital.factories import make_user
from tests.inventory.factories import ItemFactory, StoreFactory, receive_lot
from tests.okr.factories import KeyResultFactory, ObjectiveFactory
from tests.quality.factories import AdverseEventFactory, CorrectiveActionFactory
from tests.staffing.factories import certify


def add_ward(parent, n: int, tag: str = "") -> Department:
    return Department.objects.create(
        code=f"W{parent.pk}{tag}{n}", name=f"{parent.name} ward {tag}{n}", kind=DepartmentKind.CLINICAL, parent=parent
    )


def fill(department, *, receiver, n: int, tag: str = "") -> dict:
    """`n` of each list's rows in `department` (expiring in 10+i days, open, due in the past
    or soon); returns a name per list to look for on the pages."""
    today = timezone.localdate()
    store = StoreFactory(department=department, name=f"{department.name} store {tag}")
    item = ItemFactory(name=f"Heparin {department.code}{tag}")
    cycle, _made = Cycle.objects.get_or_create(
        name="Cockpit cycle",
        defaults={
            "start": today - dt.timedelta(days=30),
            "end": today + dt.timedelta(days=60),
            "status": CycleStatus.ACTIVE,
        },
    )
    lots, devices, people, events, objectives = [], [], [], [], []
    for i in range(n):
        lot = receive_lot(
            user=receiver, store=store, item=item, quantity=10, lot=f"EXP{department.pk}{tag}{i}", days=10 + i
        )
        lots.append(lot.number)
        device = EquipmentFactory(department=department, asset_tag=f"EQ-{department.code}{tag}-{i}")
        WorkOrderFactory(equipment=device, status=WorkOrderStatus.OPEN)
        devices.append(device.asset_tag)
        person = make_user(None, department, username=f"staff{department.pk}{tag}{i}", display_name=f"Nurse {tag}{i}")
        StaffProfile.objects.create(user=person, contract_hours_per_week=40)
        certify(person, expires=today + dt.timedelta(days=5 + i))
        people.append(person.username)
        event = AdverseEventFactory(department=department)
        CorrectiveActionFactory(event=event, due_date=today + dt.timedelta(days=i - 2))
        events.append(event.reference)
        objective = ObjectiveFactory(
            cycle=cycle, level=ObjectiveLevel.DEPARTMENT, department=department, title=f"Goal {department.code}{tag}{i}"
        )
        for confidence in (Confidence.ON_TRACK, Confidence.AT_RISK):
            KeyResultFactory(objective=objective, confidence=confidence)
        objectives.append(objective.title)
    return {"lots": lots, "devices": devices, "people": people, "events": events, "objectives": objectives}
