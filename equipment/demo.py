"""Demo equipment: about 500 devices across the clinical departments (15,000 at large
scale) with realistic categories, makers and risk classes; their plans; a year of
repairs and planned checks whose response and repair times fall over the year, so
that the intact rate climbs from about 87 % to about 96 % and the response time halves;
some overdue plans and a few retired devices.

Idempotent: nothing is added once the demo's devices exist (asset tags are keys).
History lies in the past, so it is written row by row here rather than through the
services, which stamp the present; the rules the services keep hold for it too.
"""

import datetime as dt
import math
import random
import time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from equipment import risk_ranking, summaries
from equipment.models import (
    AcceptanceTest,
    Category,
    Equipment,
    EquipmentStatus,
    MaintenancePlan,
    MaintenanceStrategy,
    Outcome,
    Priority,
    RiskClass,
    StatusChange,
    WorkOrder,
    WorkOrderKind,
    WorkOrderStatus,
)
from equipment.schedule import CHECKLISTS, advance, default_plans
from hospital.models import Department, User
from hospital.roles import Role

C, S, W = Category, EquipmentStatus, WorkOrderStatus
SCALE_DEVICES = {"small": 500, "large": 15000}
TAG_PREFIX = "EQ-"
# category: (risk, life support, useful life years, cost range in CNY, [(maker, model)])
CATALOGUE = {
    C.VENTILATOR: (
        RiskClass.HIGH,
        True,
        8,
        (250_000, 420_000),
        [("Dräger", "Evita V500"), ("Hamilton", "C6"), ("Mindray", "SV800")],
    ),
    C.PATIENT_MONITOR: (
        RiskClass.MEDIUM,
        False,
        8,
        (60_000, 120_000),
        [("Mindray", "BeneVision N12"), ("Philips", "IntelliVue MX450"), ("GE", "CARESCAPE B450")],
    ),
    C.INFUSION_PUMP: (
        RiskClass.HIGH,
        False,
        6,
        (15_000, 26_000),
        [("B. Braun", "Infusomat Space"), ("BD", "Alaris 8100"), ("Mindray", "BeneFusion VP5")],
    ),
    C.SYRINGE_PUMP: (
        RiskClass.MEDIUM,
        False,
        6,
        (10_000, 18_000),
        [("B. Braun", "Perfusor Space"), ("Smiths", "Medfusion 3500")],
    ),
    C.DEFIBRILLATOR: (
        RiskClass.HIGH,
        True,
        8,
        (80_000, 150_000),
        [("Zoll", "R Series"), ("Philips", "HeartStart XL+"), ("Mindray", "BeneHeart D6")],
    ),
    C.ANAESTHESIA_MACHINE: (
        RiskClass.HIGH,
        True,
        10,
        (500_000, 900_000),
        [("Dräger", "Perseus A500"), ("GE", "Aisys CS2")],
    ),
    C.XRAY: (
        RiskClass.HIGH,
        False,
        10,
        (1_200_000, 2_000_000),
        [("Siemens", "Ysio Max"), ("United Imaging", "uDR 588i")],
    ),
    C.CT: (
        RiskClass.HIGH,
        False,
        10,
        (6_000_000, 12_000_000),
        [("Siemens", "SOMATOM go.Top"), ("United Imaging", "uCT 760")],
    ),
    C.MRI: (
        RiskClass.HIGH,
        False,
        10,
        (12_000_000, 20_000_000),
        [("Siemens", "MAGNETOM Vida"), ("United Imaging", "uMR 780")],
    ),
    C.ULTRASOUND: (
        RiskClass.MEDIUM,
        False,
        8,
        (500_000, 1_500_000),
        [("Mindray", "Resona 7"), ("GE", "LOGIQ E10"), ("Philips", "EPIQ 7")],
    ),
    C.ECG: (RiskClass.LOW, False, 6, (30_000, 60_000), [("Nihon Kohden", "ECG-2350"), ("GE", "MAC 2000")]),
    C.ELECTROSURGICAL: (
        RiskClass.MEDIUM,
        False,
        8,
        (150_000, 300_000),
        [("Medtronic", "Valleylab FT10"), ("Erbe", "VIO 300 D")],
    ),
    C.DIALYSIS: (RiskClass.HIGH, False, 8, (200_000, 350_000), [("Fresenius", "5008S"), ("Nipro", "Surdial X")]),
    C.INCUBATOR: (RiskClass.HIGH, True, 8, (100_000, 200_000), [("Dräger", "Isolette 8000"), ("GE", "Giraffe")]),
    C.ANALYSER: (RiskClass.MEDIUM, False, 8, (1_000_000, 3_000_000), [("Roche", "cobas 8000"), ("Sysmex", "XN-1000")]),
}
# department code: [(category, weight)]
FLEET = {
    "ICU": [(C.VENTILATOR, 5), (C.PATIENT_MONITOR, 6), (C.INFUSION_PUMP, 8), (C.SYRINGE_PUMP, 8), (C.DEFIBRILLATOR, 1)],
    "EMER": [(C.PATIENT_MONITOR, 4), (C.DEFIBRILLATOR, 2), (C.VENTILATOR, 1), (C.INFUSION_PUMP, 4), (C.ECG, 2)],
    "RAD": [(C.XRAY, 3), (C.CT, 1), (C.MRI, 1), (C.ULTRASOUND, 3)],
    "LAB": [(C.ANALYSER, 1)],
    "ANES": [(C.ANAESTHESIA_MACHINE, 3), (C.PATIENT_MONITOR, 3), (C.ELECTROSURGICAL, 2)],
    "THEA": [(C.ANAESTHESIA_MACHINE, 2), (C.ELECTROSURGICAL, 2), (C.PATIENT_MONITOR, 2)],
    "NEPH": [(C.DIALYSIS, 4), (C.INFUSION_PUMP, 2)],
    "OBGY": [(C.ULTRASOUND, 1), (C.PATIENT_MONITOR, 3), (C.INCUBATOR, 1), (C.INFUSION_PUMP, 3)],
    "PAED": [(C.INCUBATOR, 2), (C.PATIENT_MONITOR, 3), (C.SYRINGE_PUMP, 4)],
}
WARD = [(C.PATIENT_MONITOR, 4), (C.INFUSION_PUMP, 6), (C.SYRINGE_PUMP, 3), (C.ECG, 1), (C.DEFIBRILLATOR, 1)]
FAULTS = [
    "Alarm sounds without cause",
    "Screen stays blank",
    "Battery does not hold charge",
    "Occlusion alarm on every infusion",
    "Readings drift against the reference",
    "Cable connector broken",
    "Error code on start-up",
    "Pressure sensor fault",
]
RETIREMENT_REASONS = ["Beyond economic repair", "Replaced by a newer model", "Spare parts no longer made"]
BATCH = 2000
# Days of history: a year (the improvement programme's) for trying the app; at large scale
# seventeen months, so that the benchmarks read over 150,000 work orders.
HISTORY_DAYS = {"small": 365, "large": 510}
PROGRESS_ROWS = 50_000


def seed(*, scale: str, stdout) -> None:
    if Equipment.objects.filter(asset_tag__startswith=TAG_PREFIX).exists():
        stdout.write("Equipment: demo devices already there.")
        return
    engineers = list(User.objects.filter(groups__name=Role.BIOMEDICAL_ENGINEER, is_active=True).order_by("pk"))
    departments = {d.code: d for d in Department.objects.filter(is_active=True)}
    wards = [d for d in departments.values() if d.staffed_beds and d.code not in FLEET]
    reporters = _reporters()
    rng = random.Random(20261201)
    started = time.monotonic()

    def progress(text: str) -> None:
        stdout.write(f"  equipment: {text} ({time.monotonic() - started:.0f} s)")

    with transaction.atomic():
        devices = _devices(rng, SCALE_DEVICES.get(scale, 500), departments, wards)
        progress(f"{len(devices)} devices")
        history = dt.timedelta(days=HISTORY_DAYS.get(scale, 365))
        stats = _history(rng, devices, engineers, reporters, history=history, report=progress)
        # The history was bulk-inserted, past the services that keep the summaries.
        rows = summaries.rebuild()
        progress("summaries rebuilt")
    # The failure-risk list reads the stored ranking; beat refreshes it from then on.
    ranked = risk_ranking.refresh()
    progress(f"failure-risk ranking stored ({ranked} devices)")
    stdout.write(
        f"Equipment: {len(devices)} devices, {stats['plans']} plans, {stats['orders']} work orders, "
        f"{stats['retired']} retired, {stats['overdue']} overdue plans."
    )
    stdout.write(f"Equipment: summaries rebuilt ({sum(rows.values())} rows)")


def _reporters() -> dict[int, User]:
    by_department = {}
    for user in User.objects.filter(is_active=True, department__isnull=False).order_by("pk"):
        by_department.setdefault(user.department_id, user)
    return by_department


def _devices(rng, count: int, departments: dict, wards: list) -> list[Equipment]:
    today = timezone.localdate()
    places = [(departments[code], mix) for code, mix in FLEET.items() if code in departments]
    places += [(ward, WARD) for ward in wards]
    weights = [5 if d.code in ("ICU", "EMER") else 2 if d.code in FLEET else 3 for d, _mix in places]
    devices = []
    for i in range(count):
        department, mix = rng.choices(places, weights=weights)[0]
        category = rng.choices([c for c, _w in mix], weights=[w for _c, w in mix])[0]
        risk, life, years, (low, high), makers = CATALOGUE[category]
        maker, model = rng.choice(makers)
        commissioned = today - dt.timedelta(days=rng.randint(400, int(years * 365 * 1.2)))
        purchased = commissioned - dt.timedelta(days=rng.randint(20, 60))
        cost = Decimal(rng.randrange(low, high, 1000))
        low_risk_aem = (
            risk != RiskClass.HIGH and not life and category not in (C.XRAY, C.CT, C.MRI) and rng.random() < 0.3
        )
        devices.append(
            Equipment(
                asset_tag=f"{TAG_PREFIX}{i + 1:05d}",
                name=str(category.label),
                category=category,
                manufacturer=maker,
                model_number=model,
                serial_number=f"{maker[:2].upper()}{rng.randint(10_000_000, 99_999_999)}",
                udi=f"(01)0{rng.randint(6_900_000_000_000, 6_999_999_999_999)}(21){i + 1:06d}",
                department=department,
                location=f"{department.code}-{rng.randint(1, 40):02d}",
                risk_class=risk,
                is_life_support=life,
                maintenance_strategy=MaintenanceStrategy.ALTERNATIVE
                if low_risk_aem
                else MaintenanceStrategy.MANUFACTURER,
                supplier=rng.choice(["Sinopharm Medical", "China Resources Medical", "Shanghai Pharma Devices", maker]),
                purchase_date=purchased,
                purchase_cost=cost,
                warranty_end=commissioned + dt.timedelta(days=365 * rng.choice((1, 2, 3))),
                useful_life_years=years,
                salvage_value=Decimal(0),
                commissioned_on=commissioned,
                status=S.IN_SERVICE,
            )
        )
    return Equipment.objects.bulk_create(devices, batch_size=BATCH)


def _progress(moment: dt.datetime, start: dt.datetime, now: dt.datetime) -> float:
    """0 a year ago, 1 today: how far the improvement programme has come."""
    return min(max((moment - start) / (now - start), 0.0), 1.0)


def _insert(model, rows: list, report) -> None:
    """Bulk inserts in batches, saying how far they have come every PROGRESS_ROWS rows."""
    for first in range(0, len(rows), PROGRESS_ROWS):
        model.objects.bulk_create(rows[first : first + PROGRESS_ROWS], batch_size=BATCH)
        report(f"{min(first + PROGRESS_ROWS, len(rows))} of {len(rows)} {model._meta.verbose_name_plural}")


def _history(
    rng,
    devices: list[Equipment],
    engineers: list[User],
    reporters: dict[int, User],
    *,
    history: dt.timedelta,
    report,
) -> dict:
    now = timezone.now()
    tz = timezone.get_current_timezone()
    year_ago = now - dt.timedelta(days=365)
    history_start = now - history
    today = timezone.localdate()
    changes, tests, orders, plans = [], [], [], []
    final_status: dict[int, str] = {}
    retired: dict[int, tuple[dt.date, str]] = {}
    engineer = engineers[0] if engineers else None
    for device in devices:
        commissioned = dt.datetime.combine(device.commissioned_on, dt.time(10), tzinfo=tz)
        purchased = dt.datetime.combine(device.purchase_date, dt.time(9), tzinfo=tz)
        for at, before, after in (
            (purchased, "", S.ORDERED),
            (purchased + dt.timedelta(days=10), S.ORDERED, S.RECEIVED),
            (purchased + dt.timedelta(days=12), S.RECEIVED, S.ACCEPTANCE_TESTING),
            (commissioned, S.ACCEPTANCE_TESTING, S.IN_SERVICE),
        ):
            changes.append(StatusChange(equipment=device, from_status=before, to_status=after, at=at, by=engineer))
        tests.append(
            AcceptanceTest(
                equipment=device,
                tested_by=engineer,
                tested_at=commissioned - dt.timedelta(hours=2),
                checklist_results=[{"step": "Powers on and passes its self-test", "passed": True}],
                electrical_safety_passed=True,
                passed=True,
            )
        )
        status = S.IN_SERVICE
        # Repairs: about three a year (imaging and pumps more), arriving as a Poisson process.
        rate_per_day = (5.8 if device.category in (C.INFUSION_PUMP, C.CT, C.MRI) else 3.2) / 365
        moment = history_start
        while True:
            moment += dt.timedelta(days=rng.expovariate(rate_per_day))
            if moment >= now:
                break
            if moment < commissioned:
                continue
            progress = _progress(moment, year_ago, now)
            reported = moment
            response = dt.timedelta(hours=max(0.3, rng.lognormvariate(math.log(9 - 5 * progress), 0.5)))
            responded = reported + response
            started = responded + dt.timedelta(hours=rng.uniform(0.5, 3))
            # waiting for parts early in the year; a stocked spares shelf later
            repair = dt.timedelta(days=rng.expovariate(1 / (16 - 13 * progress)))
            completed = started + repair
            order = WorkOrder(
                equipment=device,
                kind=WorkOrderKind.CORRECTIVE,
                priority=Priority.URGENT
                if device.is_life_support
                else Priority.HIGH
                if device.is_high_risk
                else Priority.NORMAL,
                reported_by=reporters.get(device.department_id),
                reported_at=reported,
                fault_description=rng.choice(FAULTS),
                engineer=engineer,
                responded_at=min(responded, now) if responded < now else None,
                labour_hours=Decimal(str(round(rng.uniform(0.5, 6), 1))),
            )
            if responded >= now:
                order.status = W.OPEN
            elif started >= now:
                order.status = W.ASSIGNED
            else:
                order.started_at = started
                changes.append(
                    StatusChange(
                        equipment=device,
                        from_status=status,
                        to_status=S.UNDER_REPAIR,
                        at=started,
                        by=engineer,
                        reason="Repair started",
                    )
                )
                status = S.UNDER_REPAIR
                if completed >= now:
                    order.status = W.WAITING_PARTS if repair > dt.timedelta(days=3) else W.IN_PROGRESS
                else:
                    order.status, order.completed_at = W.COMPLETED, completed
                    order.outcome = Outcome.REPAIRED
                    order.parts_cost = Decimal(rng.randrange(0, 5000, 10))
                    if device.category in (C.CT, C.MRI, C.XRAY) and rng.random() < 0.5:
                        order.vendor_cost = Decimal(rng.randrange(10_000, 80_000, 100))
                    changes.append(
                        StatusChange(
                            equipment=device,
                            from_status=status,
                            to_status=S.IN_SERVICE,
                            at=completed,
                            by=engineer,
                            reason="Repaired",
                        )
                    )
                    status = S.IN_SERVICE
                    moment = completed  # the next fault comes after this repair, not during it
            orders.append(order)
            if status != S.IN_SERVICE:
                break
        # A few old devices retired during the year.
        age_years = (today - device.commissioned_on).days / 365
        if status == S.IN_SERVICE and age_years > device.useful_life_years and rng.random() < 0.35:
            when = now - dt.timedelta(days=rng.randint(10, 300))
            if when > changes[-1].at:
                reason = rng.choice(RETIREMENT_REASONS)
                changes.append(
                    StatusChange(
                        equipment=device, from_status=status, to_status=S.RETIRED, at=when, by=engineer, reason=reason
                    )
                )
                status = S.RETIRED
                retired[device.pk] = (timezone.localtime(when).date(), reason)
        final_status[device.pk] = status
        if status != S.RETIRED:
            plans += _plans(rng, device, engineer, now, year_ago, history_start)
    report("history drawn")
    _insert(StatusChange, changes, report)
    _insert(AcceptanceTest, tests, report)
    _insert(MaintenancePlan, [plan for plan, _orders in plans], report)
    for plan, planned in plans:
        for order in planned:
            order.plan = plan
        orders += planned
    _insert(WorkOrder, orders, report)
    by_status: dict[str, list[int]] = {}
    for pk, status in final_status.items():
        by_status.setdefault(status, []).append(pk)
    for status, pks in by_status.items():
        if status not in (S.IN_SERVICE, S.RETIRED):
            Equipment.objects.filter(pk__in=pks).update(status=status)
    for pk, (day, reason) in retired.items():
        Equipment.objects.filter(pk=pk).update(status=S.RETIRED, retired_on=day, retirement_reason=reason)
    return {
        "plans": len(plans),
        "orders": len(orders),
        "retired": len(retired),
        "overdue": sum(1 for plan, _o in plans if plan.next_due < today),
    }


def _plans(rng, device, engineer, now, year_ago, history_start) -> list[tuple[MaintenancePlan, list[WorkOrder]]]:
    """The device's default plans and the planned orders of the past year: on time more
    often as the year goes on (high-risk devices most of all); a few left overdue."""
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    result = []
    for kind, interval in default_plans(
        risk_class=device.risk_class, is_life_support=device.is_life_support, category=device.category
    ).items():
        anchor = device.commissioned_on.day
        due = advance(device.commissioned_on, interval, anchor_day=anchor)
        while due < history_start.date():
            due = advance(due, interval, anchor_day=anchor)
        planned, last_done = [], None
        while due < today:
            progress = _progress(dt.datetime.combine(due, dt.time(12), tzinfo=tz), year_ago, now)
            on_time = (0.88 if device.is_high_risk else 0.8) + (0.12 if device.is_high_risk else 0.15) * progress
            skipped = rng.random() < 0.04 and (today - due).days < 45  # left overdue
            if skipped:
                order = _planned_order(device, kind, due, engineer, done=None, now=now)
                planned.append(order)
                break
            offset = -rng.randint(0, 3) if rng.random() < on_time else rng.randint(1, 20)
            done = min(due + dt.timedelta(days=offset), today)
            planned.append(_planned_order(device, kind, due, engineer, done=done, now=now))
            last_done = done
            due = advance(due, interval, anchor_day=anchor)
            while due <= done:
                due = advance(due, interval, anchor_day=anchor)
        plan = MaintenancePlan(
            equipment=device,
            kind=kind,
            interval_value=interval.value,
            interval_unit=interval.unit,
            anchor_day=anchor if interval.unit == "months" else None,
            checklist_steps=list(CHECKLISTS.get(kind, [])),
            engineer=engineer,
            last_done=last_done,
            next_due=due,
        )
        result.append((plan, planned))
    return result


def _planned_order(device, kind, due, engineer, *, done, now) -> WorkOrder:
    tz = timezone.get_current_timezone()
    raised = dt.datetime.combine(due - dt.timedelta(days=7), dt.time(8), tzinfo=tz)
    order = WorkOrder(
        equipment=device,
        kind=kind,
        priority=Priority.HIGH if device.is_high_risk else Priority.NORMAL,
        reported_by=engineer,
        reported_at=raised,
        due_date=due,
        engineer=engineer,
        status=W.ASSIGNED,
    )
    if done is not None:
        # done today before 15:00 is done a few minutes ago: no service writes the future
        finished = min(dt.datetime.combine(done, dt.time(15), tzinfo=tz), now - dt.timedelta(minutes=5))
        order.responded_at = max(raised, finished - dt.timedelta(hours=2))
        order.started_at = finished - dt.timedelta(hours=1)
        order.completed_at = finished
        order.status, order.outcome = W.COMPLETED, Outcome.PASSED
        order.labour_hours = Decimal("1.0")
        order.parts_cost = Decimal("120.00") if kind == "preventive" else Decimal(0)
    return order
