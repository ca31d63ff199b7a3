"""Upkeep of the quality summaries (quality.models.summaries), and their rebuild.

Kept exact in the same transaction as the raw row, by the service that writes it:
- EventMonth: `event_key(event)` before a change, `event_changed(before, event)` after
  (report_event and every workflow step; a move of status, category, type or harm
  takes one from the old row and adds one to the new).
- InfectionMonth: `infection_added(case)` (record_infection_case).
- SatisfactionMonth: `answers_added(response, answers)` (record_survey_response, import_survey).
Device-days need no summary: DeviceDays already is one row per ward and month.

`rebuild()` recomputes all three from the raw rows (`manage.py rebuild_quality_summaries`,
and the demo seed after its bulk inserts); tests check it equals the incremental upkeep.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth

from hospital.periods import month_start
from hospital.summaries import add_counts
from quality.models import (
    AdverseEvent,
    CorrectiveAction,
    EventMonth,
    InfectionCase,
    InfectionMonth,
    SatisfactionMonth,
    SurveyAnswer,
    SurveyResponse,
)

EventKey = tuple[int, object, str, str, str, str]


def event_key(event: AdverseEvent) -> EventKey:
    """What of an event the summary counts by: department, month, category, type, harm, status."""
    return (
        event.department_id,
        month_start(event.occurred_on),
        event.category,
        event.event_type,
        event.harm,
        event.status,
    )


def _add_event(key: EventKey, delta: int) -> None:
    department, month, category, event_type, harm, status = key
    add_counts(
        EventMonth,
        {
            "department": department,
            "month": month,
            "category": category,
            "event_type": event_type,
            "harm": harm,
            "status": status,
        },
        {"events": delta},
    )


def event_changed(before: EventKey | None, event: AdverseEvent) -> None:
    """An event was added (before=None) or changed: move its count to its new key."""
    after = event_key(event)
    if before == after:
        return
    if before is not None:
        _add_event(before, -1)
    _add_event(after, 1)


def infection_added(case: InfectionCase) -> None:
    add_counts(
        InfectionMonth,
        {"department": case.department_id, "month": month_start(case.onset_date), "kind": case.kind},
        {"cases": 1},
    )


def answers_added(response: SurveyResponse, answers: Iterable[SurveyAnswer]) -> None:
    """One response's answers: per question one answer, good when scored 4 or 5."""
    for answer in answers:
        add_counts(
            SatisfactionMonth,
            {
                "department": response.department_id,
                "month": month_start(response.responded_on),
                "question": answer.question_id,
            },
            {"answers": 1, "good": int(answer.score >= 4)},
        )


def _rebuilt_events() -> list[EventMonth]:
    rows = (
        AdverseEvent.objects.values(
            "department", "category", "event_type", "harm", "status", m=TruncMonth("occurred_on")
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        EventMonth(
            department_id=r["department"],
            month=r["m"],
            category=r["category"],
            event_type=r["event_type"],
            harm=r["harm"],
            status=r["status"],
            events=r["n"],
        )
        for r in rows
    ]


def _rebuilt_infections() -> list[InfectionMonth]:
    rows = (
        InfectionCase.objects.values("department", "kind", m=TruncMonth("onset_date"))
        .annotate(n=Count("id"))
        .order_by()
    )
    return [InfectionMonth(department_id=r["department"], month=r["m"], kind=r["kind"], cases=r["n"]) for r in rows]


def _rebuilt_satisfaction() -> list[SatisfactionMonth]:
    rows = (
        SurveyAnswer.objects.values("response__department", "question", m=TruncMonth("response__responded_on"))
        .annotate(n=Count("id"), good=Count("id", filter=Q(score__gte=4)))
        .order_by()
    )
    return [
        SatisfactionMonth(
            department_id=r["response__department"],
            month=r["m"],
            question_id=r["question"],
            answers=r["n"],
            good=r["good"],
        )
        for r in rows
    ]


def rebuilt() -> dict[type, list]:
    """Every summary row as the raw rows say it should be (unsaved)."""
    return {
        EventMonth: _rebuilt_events(),
        InfectionMonth: _rebuilt_infections(),
        SatisfactionMonth: _rebuilt_satisfaction(),
    }


@transaction.atomic
def rebuild() -> dict[str, int]:
    """Replace every quality summary with one recomputed from the raw rows; {table: rows}.
    Also repairs the corrective actions' copies of their event's department path
    (rows bulk-loaded or restored around `add_action`)."""
    counts = {}
    for model, rows in rebuilt().items():
        model.objects.all().delete()
        model.objects.bulk_create(rows, batch_size=5000)
        counts[model._meta.db_table] = len(rows)
    event_path = AdverseEvent.objects.filter(pk=OuterRef("event_id")).values("department__path")[:1]
    CorrectiveAction.objects.exclude(department_path=Subquery(event_path)).update(department_path=Subquery(event_path))
    return counts
