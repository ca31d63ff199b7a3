"""Demo OKRs: the current year's cycle with a real hospital's OKR rollout (issue 3).

Idempotent: cycles by name, objectives by cycle and title, key results by
objective and title, check-ins one per key result and day. Key results bind to
live metrics that are registered when the seed runs; run it again after an
operations app arrives and the matching key results bind themselves.
"""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from hospital import metric_registry
from hospital.models import Department, User
from okr import services
from okr.models import (
    CheckIn,
    CheckInSource,
    Confidence,
    Cycle,
    CycleStatus,
    KeyResult,
    KeyResultKind,
    Objective,
    ObjectiveKind,
    ObjectiveLevel,
    Unit,
)
from okr.services.check_ins import update_latest

D = Decimal
INC, DEC = KeyResultKind.INCREASE, KeyResultKind.DECREASE
# key, title, kind, unit, baseline, target, metric key (bound when registered)
HOSPITAL_OKRS = [
    (
        "quality",
        "Raise care quality",
        ObjectiveKind.COMMITTED,
        [
            (
                "Surgical error rate 0.3% → 0.1%",
                DEC,
                Unit.PERCENT,
                D("0.3"),
                D("0.1"),
                "quality.surgical_events_per_100_surgeries",
            ),
            ("Patient satisfaction 80% → 90%", INC, Unit.PERCENT, D(80), D(90), "quality.patient_satisfaction"),
        ],
    ),
    (
        "services",
        "Widen the services we offer",
        ObjectiveKind.ASPIRATIONAL,
        [
            ("New oncology treatments introduced: 3", INC, Unit.COUNT, D(0), D(3), ""),
            ("Clinical trials started: 2", INC, Unit.COUNT, D(0), D(2), ""),
        ],
    ),
    (
        "workforce",
        "Build the workforce",
        ObjectiveKind.ASPIRATIONAL,
        [
            ("Discipline leaders recruited: 5", INC, Unit.COUNT, D(0), D(5), ""),
            ("Staff taking part in training 60% → 90%", INC, Unit.PERCENT, D(60), D(90), ""),
        ],
    ),
    (
        "operations",
        "Run the hospital better",
        ObjectiveKind.COMMITTED,
        [
            ("Average length of stay 9 → 7.5 days", DEC, Unit.DAYS, D(9), D("7.5"), "hospital.alos"),
            (
                "Bed turnover 2.6 → 3.2 times per four weeks",
                INC,
                Unit.TIMES,
                D("2.6"),
                D("3.2"),
                "hospital.bed_turnover",
            ),
            (
                "Cost per patient-day 1,200 → 1,100 CNY",
                DEC,
                Unit.CNY,
                D(1200),
                D(1100),
                "performance.cost_per_patient_day",
            ),
        ],
    ),
]
# department code, aligns to, objective, [key results]
DEPARTMENT_OKRS = [
    (
        "CARD",
        "quality",
        "Fewer cardiovascular deaths",
        [("Cardiovascular mortality 5% → 3%", DEC, Unit.PERCENT, D(5), D(3), "")],
    ),
    (
        "SURG",
        "quality",
        "More successful surgery",
        [("Surgery success rate 90% → 95%", INC, Unit.PERCENT, D(90), D(95), "")],
    ),
    (
        "LAB",
        "operations",
        "Faster laboratory reports",
        [("Report turnaround 2 days → 1 day", DEC, Unit.DAYS, D(2), D(1), "")],
    ),
    (
        "RAD",
        "quality",
        "More accurate imaging",
        [("Diagnostic accuracy 90% → 95%", INC, Unit.PERCENT, D(90), D(95), "")],
    ),
    (
        "PHAR",
        "operations",
        "Leaner drug stock",
        [("Days of stock on hand 60 → 39", DEC, Unit.DAYS, D(60), D(39), "inventory.days_on_hand")],
    ),
    (
        "BME",
        "operations",
        "Reliable medical equipment",
        [("Equipment intact rate 87% → 96%", INC, Unit.PERCENT, D(87), D(96), "equipment.intact_rate")],
    ),
]
WEEKS_OF_CHECK_INS = 6
# Large scale (the load harness): every in-patient ward has an objective with two key
# results, checked in every week of the cycle so far.
WARD_KEY_RESULTS = [
    ("Hand-hygiene compliance 80% → 95%", INC, Unit.PERCENT, D(80), D(95), ""),
    ("Discharges before noon 20% → 40%", INC, Unit.PERCENT, D(20), D(40), ""),
]


def _is_registered(key: str) -> bool:
    if not key:
        return False
    try:
        metric_registry.get_metric(key)
    except metric_registry.MetricError:
        return False
    return True


def _cycle(*, admin, name: str, start: dt.date, end: dt.date, status: str, year=None) -> Cycle:
    cycle = Cycle.objects.filter(name=name).first()
    if cycle is None:
        cycle = services.create_cycle(user=admin, name=name, start=start, end=end, status=status, year=year)
    return cycle


def _cycles(today: dt.date, admin: User) -> Cycle:
    year = _cycle(
        admin=admin,
        name=str(today.year),
        start=dt.date(today.year, 1, 1),
        end=dt.date(today.year, 12, 31),
        status=CycleStatus.ACTIVE,
    )
    for quarter in range(1, 5):
        start = dt.date(today.year, 3 * quarter - 2, 1)
        end = dt.date(today.year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - dt.timedelta(days=1)
        status = CycleStatus.ACTIVE if start <= today <= end else CycleStatus.PLANNING
        cycle = _cycle(admin=admin, name=f"{today.year} Q{quarter}", start=start, end=end, status=status, year=year)
        if end < today and not cycle.is_closed:
            services.close_cycle(cycle=cycle, user=admin)
    return year


def _objective(*, cycle, title, level, kind, owner, admin, department=None, parent=None) -> Objective:
    objective = Objective.objects.filter(cycle=cycle, title=title).first()
    if objective is None:
        objective = services.create_objective(
            user=admin,
            cycle=cycle,
            title=title,
            level=level,
            kind=kind,
            owner=owner,
            department=department,
            parent=parent,
        )
    return objective


def _key_result(*, objective, spec, owner, admin, metric_department=None) -> KeyResult:
    title, kind, unit, baseline, target, metric_key = spec
    key_result = KeyResult.objects.filter(objective=objective, title=title).first()
    bound = metric_key if _is_registered(metric_key) else ""
    binding = {"metric_key": bound, "metric_department": metric_department if bound else None}
    if key_result is None:
        return services.create_key_result(
            user=admin,
            objective=objective,
            title=title,
            kind=kind,
            unit=unit,
            baseline=baseline,
            target=target,
            owner=owner,
            **binding,
        )
    if key_result.metric_key != bound:
        # an operations app arrived since the last seed: its key results bind themselves
        key_result = services.update_key_result(user=admin, key_result=key_result, **binding)
    return key_result


def _manual_check_ins(key_result: KeyResult, author: User, today: dt.date, rng: random.Random) -> None:
    """A few weeks of typed check-ins drifting from the baseline toward the target, mixed confidence."""
    cycle = key_result.objective.cycle
    drift = rng.choice([D("0.15"), D("0.3"), D("0.45"), D("-0.05")])
    for week in range(WEEKS_OF_CHECK_INS, 0, -1):
        day = today - dt.timedelta(days=7 * week - 1)
        if not cycle.includes(day) or CheckIn.objects.filter(key_result=key_result, date=day).exists():
            continue
        share = drift * D(WEEKS_OF_CHECK_INS - week + 1) / D(WEEKS_OF_CHECK_INS)
        value = key_result.baseline + (key_result.target - key_result.baseline) * share
        if key_result.unit == Unit.COUNT:
            value = value.quantize(D(1))
        confidence = (
            Confidence.ON_TRACK if drift >= D("0.3") else Confidence.AT_RISK if drift > 0 else Confidence.OFF_TRACK
        )
        services.record_check_in(
            user=author,
            key_result=key_result,
            value=value.quantize(D("0.01")),
            date=day,
            confidence=confidence,
            comment=rng.choice(["", "", "Weekly huddle.", "Data from the ward audit.", "Behind plan; see actions."]),
        )


def _live_check_ins(today: dt.date) -> None:
    """The weekly live-data check-ins the beat task would have recorded over the last weeks."""
    for week in range(WEEKS_OF_CHECK_INS, -1, -1):
        services.record_live_check_ins(today=today - dt.timedelta(days=7 * week))


def _weekly_check_ins(key_result: KeyResult, author: User, today: dt.date, rng: random.Random) -> list[CheckIn]:
    """One typed check-in every Monday of the cycle up to today, unsaved (bulk-created)."""
    cycle = key_result.objective.cycle
    day = cycle.start + dt.timedelta(days=(7 - cycle.start.weekday()) % 7)
    weeks = max(1, (today - day).days // 7 + 1)
    rows, week = [], 0
    while day <= today and cycle.includes(day):
        week += 1
        share = D(week) / D(weeks) * D(rng.choice(["0.5", "0.8", "1.0"]))
        value = (key_result.baseline + (key_result.target - key_result.baseline) * share).quantize(D("0.01"))
        rows.append(
            CheckIn(
                key_result=key_result,
                date=day,
                week=day,
                value=value,
                confidence=rng.choice([Confidence.ON_TRACK, Confidence.ON_TRACK, Confidence.AT_RISK]),
                author=author,
                source=CheckInSource.MANUAL,
            )
        )
        day += dt.timedelta(days=7)
    return rows


def seed_wards(*, cycle: Cycle, parent: Objective, admin: User, today: dt.date, rng, stdout) -> None:
    """Large scale: an objective per in-patient ward with weekly check-ins (bulk-created,
    then each key result's latest value set by the service's update_latest)."""
    wards = Department.objects.filter(is_active=True, staffed_beds__gt=0).select_related("head").order_by("code")
    fresh = []
    for ward in wards:
        owner = ward.head or admin
        objective = _objective(
            cycle=cycle,
            title=f"Safer, faster care on {ward.name}",
            level=ObjectiveLevel.DEPARTMENT,
            kind=ObjectiveKind.COMMITTED,
            owner=owner,
            admin=admin,
            department=ward,
            parent=parent,
        )
        for spec in WARD_KEY_RESULTS:
            key_result = _key_result(objective=objective, spec=spec, owner=owner, admin=admin)
            if not key_result.check_ins.exists():
                fresh.append((key_result, owner))
    check_ins = [row for key_result, owner in fresh for row in _weekly_check_ins(key_result, owner, today, rng)]
    CheckIn.objects.bulk_create(check_ins, batch_size=5000)
    for key_result, _owner in fresh:
        latest = key_result.check_ins.order_by("-date").first()
        if latest is not None:
            update_latest(key_result=key_result, check_in=latest)
    stdout.write(f"OKR: {len(fresh)} ward key results with {len(check_ins)} weekly check-ins")


@transaction.atomic
def seed(*, scale: str, stdout) -> None:
    today = timezone.localdate()
    rng = random.Random(20260303)
    admin = User.objects.get(username="admin")
    departments = {d.code: d for d in Department.objects.filter(code__in=[c for c, *_r in DEPARTMENT_OKRS])}
    cycle = _cycles(today, admin)
    top = {}
    typed = []
    for key, title, kind, specs in HOSPITAL_OKRS:
        objective = _objective(
            cycle=cycle, title=title, level=ObjectiveLevel.HOSPITAL, kind=kind, owner=admin, admin=admin
        )
        top[key] = objective
        for spec in specs:
            typed.append((_key_result(objective=objective, spec=spec, owner=admin, admin=admin), admin))
    for code, parent_key, title, specs in DEPARTMENT_OKRS:
        department = departments.get(code)
        if department is None:
            continue
        head = department.head or admin
        objective = _objective(
            cycle=cycle,
            title=title,
            level=ObjectiveLevel.DEPARTMENT,
            kind=ObjectiveKind.COMMITTED,
            owner=head,
            admin=admin,
            department=department,
            parent=top[parent_key],
        )
        for spec in specs:
            key_result = _key_result(
                objective=objective, spec=spec, owner=head, admin=admin, metric_department=department
            )
            typed.append((key_result, head))
    for key_result, author in typed:
        if not key_result.metric_key:
            _manual_check_ins(key_result, author, today, rng)
    _live_check_ins(today)
    if scale == "large":
        seed_wards(cycle=cycle, parent=top["operations"], admin=admin, today=today, rng=rng, stdout=stdout)
    bound = KeyResult.objects.filter(objective__cycle=cycle).bound().values_list("title", "metric_key")
    stdout.write(f"OKR: cycle {cycle.name}, {len(typed)} key results, bound to live data:")
    for title, key in bound:
        stdout.write(f"  {title} ← {key}")
