"""The monthly summaries stay equal to a rebuild from the raw rows, whatever the
services are asked to do (hypothesis draws the sequence of writes; refused writes
must leave the summaries as they were). Real PostgreSQL, real services."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hospital.errors import DomainError
from quality import services, summaries
from quality.models import ActionStatus, AdverseEvent, EventMonth, InfectionMonth, SatisfactionMonth
from tests.quality.factories import make_survey

pytestmark = pytest.mark.django_db

CATEGORIES = ["fall", "medication", "surgery", "device"]
TYPES = ["incident", "near_miss", "unsafe_condition"]
HARMS = ["none", "mild", "moderate", "severe", "unknown"]

KEYS = {
    EventMonth: ("department_id", "month", "category", "event_type", "harm", "status", "events"),
    InfectionMonth: ("department_id", "month", "kind", "cases"),
    SatisfactionMonth: ("department_id", "month", "question_id", "answers", "good"),
}


def _stored():
    return {model: sorted(model.objects.values_list(*keys)) for model, keys in KEYS.items()}


def _rebuilt():
    return {
        model: sorted(tuple(getattr(row, k) for k in KEYS[model]) for row in rows)
        for model, rows in summaries.rebuilt().items()
    }


ward = st.sampled_from(["cardiology", "icu", "general_surgery"])
days_ago = st.integers(min_value=0, max_value=120)
step = st.one_of(
    st.tuples(st.just("report"), ward, days_ago, st.sampled_from(CATEGORIES), st.sampled_from(TYPES)),
    st.tuples(
        st.just("triage"),
        st.integers(0, 20),
        st.sampled_from(CATEGORIES),
        st.sampled_from(TYPES),
        st.sampled_from(HARMS),
    ),
    st.tuples(st.just("investigate"), st.integers(0, 20)),
    st.tuples(st.just("act"), st.integers(0, 20)),
    st.tuples(st.just("finish_actions"), st.integers(0, 20)),
    st.tuples(st.just("close"), st.integers(0, 20)),
    st.tuples(st.just("reopen"), st.integers(0, 20)),
    st.tuples(st.just("infection"), ward, days_ago, st.sampled_from(["clabsi", "cauti", "vae", "ssi"])),
    st.tuples(st.just("survey"), ward, days_ago, st.lists(st.integers(1, 5), min_size=1, max_size=3)),
)


def _apply(hospital, survey, write) -> None:
    """One write through the services; a refusal (wrong state, bad input) is part of the game."""
    qm = hospital.quality_manager
    kind, *args = write
    now = timezone.now()
    events = list(AdverseEvent.objects.order_by("pk"))
    event = events[args[0] % len(events)] if events and isinstance(args[0], int) else None
    if kind == "report":
        department, back, category, event_type = args
        occurred = now - dt.timedelta(days=back, hours=1)
        services.report_event(
            user=hospital.nurse_cardiology,
            occurred_at=occurred,
            department=getattr(hospital, department),
            event_type=event_type,
            category=category,
            description="What happened.",
        )
    elif kind == "infection":
        department, back, infection = args
        services.record_infection_case(
            user=qm,
            department=getattr(hospital, department),
            kind=infection,
            onset_date=now.date() - dt.timedelta(back),
        )
    elif kind == "survey":
        department, back, scores = args
        services.record_survey_response(
            user=qm,
            survey=survey,
            department=getattr(hospital, department),
            responded_on=timezone.localdate() - dt.timedelta(back),
            scores=dict(enumerate(scores, start=1)),
        )
    elif event is None:
        return
    elif kind == "triage":
        _i, category, event_type, harm = args
        services.triage_event(
            event=event,
            user=qm,
            category=category,
            harm=harm,
            event_type=event_type,
            investigator=hospital.head_cardiology,
        )
    elif kind == "investigate":
        services.start_investigation(event=event, user=qm)
    elif kind == "act":
        services.add_action(
            event=event, user=qm, description="Fix it", owner=hospital.head_cardiology, due_date=timezone.localdate()
        )
    elif kind == "finish_actions":
        for action in event.actions.all():
            services.update_action(action=action, user=hospital.head_cardiology, status=ActionStatus.DONE)
    elif kind == "close":
        if event.requires_rca:
            services.add_root_cause(event=event, user=qm, kind="task", description="A step was skipped.")
        services.close_event(event=event, user=qm, summary="Done.")
    elif kind == "reopen":
        services.reopen_event(event=event, user=qm, reason="New facts.")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(writes=st.lists(step, min_size=1, max_size=25))
def test_incremental_summaries_equal_a_rebuild_after_any_writes(hospital, writes):
    with transaction.atomic():
        survey = make_survey(questions=3)
        for write in writes:
            try:
                with transaction.atomic():
                    _apply(hospital, survey, write)
            except DomainError:  # AccessDenied and ConflictError are DomainErrors too
                pass
        assert _stored() == _rebuilt()
        transaction.set_rollback(True)


def test_the_command_rebuilds_what_was_written_around_the_services(hospital):
    """Rows bulk-loaded past the services (a restore, the demo) are summarised by the command."""
    now = timezone.now()
    AdverseEvent.objects.create(
        reference="AE-2026-999999",
        occurred_at=now,
        occurred_on=timezone.localdate(),
        discovered_at=now,
        department=hospital.icu,
        event_type="incident",
        category="fall",
        harm="mild",
        description="Loaded from a backup.",
    )
    assert _stored()[EventMonth] == []
    call_command("rebuild_quality_summaries", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _stored() == _rebuilt()
    assert EventMonth.objects.get().events == 1
