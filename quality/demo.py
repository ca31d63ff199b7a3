"""Demo data of the quality app: a year of safety events in every state, infection
surveillance for the ICU and surgical wards, survey responses trending upward.

Called by `manage.py seed_demo` after the core; idempotent (each part runs only
when its tables are empty). Rows are bulk-created, so the demo has no change history.
"""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from hospital.models import Department, User
from quality import summaries
from quality.models import (
    ActionStatus,
    AdverseEvent,
    CorrectiveAction,
    DeviceDays,
    Effectiveness,
    EventStatus,
    EventStep,
    InfectionCase,
    InfectionThreshold,
    ReferenceCounter,
    RootCause,
    StepKind,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from quality.models.events import SERIOUS_HARM

EVENTS = {"small": 600, "large": 100_000}
# Days back over which the events are spread (the large scale matches its three years of census).
EVENT_DAYS = {"small": 365, "large": 3 * 365}
BATCH = 5000
RESPONSES_PER_WARD_MONTH = {"small": 12, "large": 120}
REPORTERS = ["nurse_icu", "nurse_cardiology", "doctor_cardiology"]

# category, weight, example description
CATEGORIES = [
    ("medication", 30, "Dose of {drug} given an hour late; the next dose was adjusted."),
    ("fall", 22, "Patient found on the floor beside the bed; side rails were down."),
    ("pressure_injury", 10, "Stage 2 pressure injury found on the sacrum at the morning round."),
    ("device", 9, "Infusion pump alarmed and stopped; replaced with a spare."),
    ("infection", 6, "Phlebitis at the peripheral line site; line removed."),
    ("surgery", 6, "Swab count discrepancy at closure; found after an X-ray."),
    ("anaesthesia", 3, "Difficult airway not flagged before induction."),
    ("blood", 4, "Blood sample labelled at the nurses' station, not at the bedside."),
    ("vte", 4, "VTE prophylaxis not prescribed after admission."),
    ("perinatal", 2, "CTG not reviewed for 40 minutes during labour."),
    ("other", 4, "Patient identification band missing."),
]
DRUGS = ["heparin", "insulin", "vancomycin", "potassium chloride", "morphine", "ceftriaxone"]
HARMS = [("none", 55), ("mild", 25), ("moderate", 12), ("unknown", 5), ("severe", 2.5), ("death", 0.5)]
MERP_BY_HARM = {"none": "CD", "unknown": "C", "mild": "E", "moderate": "EF", "severe": "GH", "death": "I"}


def _pick(rng, weighted):
    return rng.choices([w[0] for w in weighted], weights=[w[1] for w in weighted])[0]


def _status_for(rng, age_days: int, harm: str) -> str:
    if age_days < 3:
        return EventStatus.SUBMITTED
    if age_days < 12:
        return rng.choice([EventStatus.SUBMITTED, EventStatus.TRIAGED, EventStatus.INVESTIGATING])
    if age_days < 45 or (harm in SERIOUS_HARM and age_days < 90):
        return rng.choice([EventStatus.INVESTIGATING, EventStatus.ACTIONS, EventStatus.CLOSED])
    return EventStatus.ACTIONS if rng.random() < 0.04 else EventStatus.CLOSED


def seed_events(
    *, count: int, wards: list[Department], users: dict[str, User], manager: User, rng, days: int = 365, stdout=None
) -> int:
    """Reports come from the ward's own staff where the demo has some (else from the demo nurses)."""
    now = timezone.now()
    staff: dict[int, list[User]] = {}
    for person in User.objects.filter(department__in=wards, is_active=True).only("pk", "department_id"):
        staff.setdefault(person.department_id, []).append(person)
    fallback = [users[name] for name in REPORTERS if name in users] or [manager]
    events = []
    for _i in range(count):
        occurred = now - dt.timedelta(days=rng.uniform(0, days), minutes=rng.randint(0, 600))
        category, _weight, text = rng.choices(CATEGORIES, weights=[c[1] for c in CATEGORIES])[0]
        event_type = _pick(rng, [("incident", 62), ("near_miss", 30), ("unsafe_condition", 8)])
        harm = _pick(rng, HARMS) if event_type == "incident" else "none"
        merp = ""
        if category == "medication":
            merp = {"near_miss": "B", "unsafe_condition": "A"}.get(event_type) or rng.choice(MERP_BY_HARM[harm])
        anonymous = rng.random() < 0.15
        reported = occurred + dt.timedelta(hours=rng.uniform(0.2, 20))
        reported = min(reported, now)
        age = (now - occurred).days
        status = _status_for(rng, age, harm)
        ward = rng.choice(wards)
        event = AdverseEvent(
            occurred_at=occurred,
            occurred_on=timezone.localtime(occurred).date(),
            discovered_at=occurred + dt.timedelta(minutes=rng.randint(0, 90)),
            department=ward,
            location=f"Bed {rng.randint(1, max(ward.staffed_beds, 1))}",
            event_type=event_type,
            category=category,
            harm=harm,
            medication_category=merp,
            patient_identifier=f"MRN-{rng.randint(100000, 999999)}" if rng.random() < 0.6 else "",
            description=text.format(drug=rng.choice(DRUGS)),
            immediate_actions="Patient assessed; doctor informed.",
            is_anonymous=anonymous,
            reporter=None if anonymous else rng.choice(staff.get(ward.pk) or fallback),
            reported_at=reported,
            status=status,
        )
        events.append(event)
    # Sort by time so that reference numbers follow the reporting order.
    order = sorted(range(len(events)), key=lambda i: events[i].reported_at)
    numbers: dict[int, int] = {}
    for i in order:
        year = timezone.localtime(events[i].reported_at).year
        numbers[year] = numbers.get(year, 0) + 1
        events[i].reference = f"AE-{year}-{numbers[year]:06d}"
    # The review is decided before the insert (no bulk_update of every row afterwards):
    # the steps, causes and actions point at the events and get their ids at insert.
    steps, causes, actions = _seed_review(events, manager, rng)
    for start in range(0, len(events), BATCH):
        AdverseEvent.objects.bulk_create(events[start : start + BATCH])
        if stdout is not None and len(events) > BATCH:
            stdout.write(f"quality: {min(start + BATCH, len(events))} of {len(events)} events")
    for year, last in numbers.items():
        ReferenceCounter.objects.update_or_create(year=year, defaults={"last": last})
    for rows, model in ((steps, EventStep), (causes, RootCause), (actions, CorrectiveAction)):
        for start in range(0, len(rows), BATCH * 2):
            model.objects.bulk_create(rows[start : start + BATCH * 2])
    return len(events)


def _seed_review(events, manager, rng) -> tuple[list, list, list]:
    """Triage, investigation, actions and closure for events past "submitted", set on
    the unsaved events; returns their steps, root causes and actions.

    The ward's head investigates and owns the actions (the quality manager when the
    ward has no head, and for every serious event)."""
    steps, causes, actions = [], [], []
    today = timezone.localdate()
    for event in events:
        steps.append(
            EventStep(
                event=event, kind=StepKind.REPORTED, actor=event.reporter, at=event.reported_at, status="submitted"
            )
        )
        if event.status == EventStatus.SUBMITTED:
            continue
        triaged = event.reported_at + dt.timedelta(hours=rng.uniform(2, 40))
        event.triaged_at = triaged
        head = event.department.head or manager
        event.investigator = manager if event.harm in SERIOUS_HARM else head
        event.requires_rca = event.harm in SERIOUS_HARM
        event.investigation_due = timezone.localtime(triaged).date() + dt.timedelta(
            days=63 if event.requires_rca else 14
        )
        steps.append(EventStep(event=event, kind=StepKind.TRIAGED, actor=manager, at=triaged, status="triaged"))
        if event.status == EventStatus.TRIAGED:
            continue
        started = triaged + dt.timedelta(days=1)
        steps.append(
            EventStep(
                event=event,
                kind=StepKind.INVESTIGATION_STARTED,
                actor=event.investigator,
                at=started,
                status="investigating",
            )
        )
        event.findings = "Interviews held and the record reviewed; the process step was skipped under pressure."
        causes.append(
            RootCause(
                event=event,
                kind=rng.choice(["people", "task", "communication", "equipment"]),
                description="Workload at the time of the event; checklist not used.",
            )
        )
        if event.status in (EventStatus.ACTIONS, EventStatus.CLOSED):
            planned = started + dt.timedelta(days=rng.randint(2, 20))
            steps.append(
                EventStep(event=event, kind=StepKind.ACTIONS_PLANNED, actor=manager, at=planned, status="actions")
            )
            due = timezone.localtime(planned).date() + dt.timedelta(days=rng.randint(10, 40))
            done = event.status == EventStatus.CLOSED
            actions.append(
                CorrectiveAction(
                    event=event,
                    department_path=event.department.path,
                    description=rng.choice(
                        [
                            "Refresher training for the ward team",
                            "Add a double check to the procedure",
                            "Replace the faulty equipment",
                            "Update the handover checklist",
                        ]
                    ),
                    owner=head,
                    due_date=due,
                    status=ActionStatus.DONE if done else rng.choice([ActionStatus.OPEN, ActionStatus.IN_PROGRESS]),
                    completed_on=min(due, today) if done else None,
                    effectiveness=Effectiveness.EFFECTIVE if done else Effectiveness.PENDING,
                    created_at=planned,
                )
            )
            if done:
                closed = min(timezone.now(), planned + dt.timedelta(days=rng.randint(15, 45)))
                event.closed_at = closed
                event.summary = "Actions completed and checked; feedback given to the ward."
                steps.append(EventStep(event=event, kind=StepKind.CLOSED, actor=manager, at=closed, status="closed"))
    return steps, causes, actions


def seed_infections(*, wards: list[Department], rng) -> None:
    """Twelve months of device-days and cases; the ICU runs above its CLABSI baseline once."""
    month = timezone.localdate().replace(day=1)
    months = []
    for _i in range(12):
        month = (month - dt.timedelta(days=1)).replace(day=1)
        months.append(month)
    rows, cases = [], []
    for ward in wards:
        beds = ward.staffed_beds
        is_icu = ward.code == "ICU"
        for first in months:
            line = int(beds * 30 * (0.55 if is_icu else 0.08))
            catheter = int(beds * 30 * (0.6 if is_icu else 0.15))
            vent = int(beds * 30 * (0.35 if is_icu else 0.0))
            rows.append(
                DeviceDays(
                    department=ward,
                    month=first,
                    central_line_days=line,
                    urinary_catheter_days=catheter,
                    ventilator_days=vent,
                )
            )
            for kind, days, per_1000 in (("clabsi", line, 1.2), ("cauti", catheter, 1.5), ("vae", vent, 4.0)):
                expected = days * per_1000 / 1000 * (2.5 if is_icu and first == months[1] else 1)
                for _n in range(int(expected) + (rng.random() < expected % 1)):
                    cases.append(
                        InfectionCase(
                            department=ward, kind=kind, onset_date=first + dt.timedelta(days=rng.randint(0, 27))
                        )
                    )
            if not is_icu and rng.random() < 0.6:
                cases.append(
                    InfectionCase(department=ward, kind="ssi", onset_date=first + dt.timedelta(days=rng.randint(0, 27)))
                )
    DeviceDays.objects.bulk_create(rows)
    InfectionCase.objects.bulk_create(cases)
    icu = next((w for w in wards if w.code == "ICU"), None)
    if icu is not None:
        for kind, rate in (("clabsi", "2.00"), ("cauti", "3.00"), ("vae", "8.00")):
            InfectionThreshold.objects.get_or_create(department=icu, kind=kind, defaults={"rate": Decimal(rate)})


QUESTIONS = [
    "The nurses explained things in a way I could understand.",
    "The doctors listened carefully to me.",
    "I got help quickly when I pressed the call button.",
    "My room and bathroom were kept clean.",
    "I would recommend this hospital to my family.",
]


def seed_surveys(*, wards: list[Department], per_ward_month: int, rng) -> None:
    survey, _created = Survey.objects.get_or_create(name="In-patient experience")
    for number, text in enumerate(QUESTIONS, start=1):
        SurveyQuestion.objects.get_or_create(survey=survey, number=number, defaults={"text": text})
    questions = list(survey.questions.all())
    today = timezone.localdate()
    responses, scores = [], []
    for months_ago in range(12, -1, -1):
        first = (today.replace(day=1) - dt.timedelta(days=months_ago * 30)).replace(day=1)
        # satisfaction climbs from about 70% to about 88% over the year
        good = 0.70 + 0.18 * (12 - months_ago) / 12
        for ward in wards:
            for _n in range(per_ward_month):
                day = min(first + dt.timedelta(days=rng.randint(0, 27)), today)
                response = SurveyResponse(survey=survey, department=ward, responded_on=day)
                responses.append(response)
                scores.append(
                    [rng.choice((4, 5)) if rng.random() < good else rng.choice((1, 2, 3)) for _q in questions]
                )
    SurveyResponse.objects.bulk_create(responses, batch_size=BATCH)
    answers = [
        SurveyAnswer(response=response, question=question, score=score)
        for response, row in zip(responses, scores, strict=True)
        for question, score in zip(questions, row, strict=True)
    ]
    SurveyAnswer.objects.bulk_create(answers, batch_size=BATCH * 2)


def seed(*, scale: str, stdout) -> None:
    rng = random.Random(4)
    wards = list(
        Department.objects.filter(is_active=True, staffed_beds__gt=0).select_related("head", "parent").order_by("code")
    )
    users = {u.username: u for u in User.objects.filter(username__in=[*REPORTERS, "head_surgery", "quality"])}
    manager = users.get("quality")
    if not wards or manager is None:
        stdout.write("quality: the core demo (wards, the quality user) is missing; nothing seeded.")
        return
    with transaction.atomic():
        if not AdverseEvent.objects.exists():
            count = seed_events(
                count=EVENTS[scale],
                wards=wards,
                users=users,
                manager=manager,
                rng=rng,
                days=EVENT_DAYS[scale],
                stdout=stdout,
            )
            stdout.write(f"quality: {count} safety events")
        if not DeviceDays.objects.exists():
            surgical = ("ICU", "GSUR", "ORTH", "NSUR", "CTSU", "UROL")
            surveillance = [w for w in wards if w.code in surgical or (w.parent and w.parent.code == "SURG")]
            seed_infections(wards=surveillance, rng=rng)
            stdout.write("quality: infection surveillance for the ICU and surgical wards")
        if not SurveyResponse.objects.exists():
            seed_surveys(wards=wards, per_ward_month=RESPONSES_PER_WARD_MONTH[scale], rng=rng)
            stdout.write("quality: patient survey responses")
        # The rows above were bulk-inserted, past the services that keep the summaries.
        rows = summaries.rebuild()
        stdout.write(f"quality: summaries rebuilt ({sum(rows.values())} rows)")
