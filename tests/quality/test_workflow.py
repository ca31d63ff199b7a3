"""Submitted → triaged → under investigation → actions → closed, reopen; nothing else."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from hospital.errors import AccessDenied, ConflictError, DomainError
from hospital.models import Notification
from quality import access, services
from quality.models import ActionStatus, AdverseEvent, Effectiveness, EventStatus, Harm, StepKind
from tests.quality.factories import AdverseEventFactory

pytestmark = pytest.mark.django_db
S = EventStatus
TODAY = dt.date(2026, 11, 23)  # a Monday


@pytest.fixture(autouse=True)
def _monday():
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


def _event(hospital, **kwargs):
    kwargs.setdefault("department", hospital.cardiology)
    kwargs.setdefault("reporter", hospital.nurse_cardiology)
    return AdverseEventFactory(**kwargs)


def _triage(event, hospital, harm=Harm.MILD, **kwargs):
    return services.triage_event(
        event=event,
        user=hospital.quality_manager,
        category=event.category,
        harm=harm,
        event_type=event.event_type,
        investigator=hospital.head_cardiology,
        **kwargs,
    )


def _to(status, hospital, harm=Harm.MILD):
    """An event brought to `status` through the services."""
    event = _event(hospital)
    qm = hospital.quality_manager
    if status == S.SUBMITTED:
        return event
    event = _triage(event, hospital, harm=harm)
    if status == S.TRIAGED:
        return event
    event = services.start_investigation(event=event, user=qm)
    if status == S.INVESTIGATING:
        return event
    services.add_action(event=event, user=qm, description="Fix it", owner=hospital.head_cardiology, due_date=TODAY)
    event.refresh_from_db()
    if status == S.ACTIONS:
        return event
    for action in event.actions.all():
        services.update_action(action=action, user=qm, status=ActionStatus.DONE)
    return services.close_event(event=event, user=qm, summary="Mats fitted.")


def test_full_path_records_every_step_with_who_and_when(hospital):
    event = _to(S.CLOSED, hospital)
    assert event.status == S.CLOSED
    steps = list(event.steps.values_list("kind", "actor", "status"))
    qm = hospital.quality_manager.pk
    # (factory-made events have no "reported" step: report_event writes that one)
    assert steps == [
        (StepKind.TRIAGED, qm, S.TRIAGED),
        (StepKind.INVESTIGATION_STARTED, qm, S.INVESTIGATING),
        (StepKind.ACTIONS_PLANNED, qm, S.ACTIONS),
        (StepKind.ACTION_ADDED, qm, S.ACTIONS),
        (StepKind.ACTION_UPDATED, qm, S.ACTIONS),
        (StepKind.CLOSED, qm, S.CLOSED),
    ]
    assert all(step.at for step in event.steps.all())


def test_triage_sets_investigator_and_due_date_by_severity(hospital):
    minor = _triage(_event(hospital), hospital, harm=Harm.MILD)
    assert minor.investigator == hospital.head_cardiology
    assert minor.investigation_due == dt.date(2026, 12, 7)  # 10 working days
    assert not minor.requires_rca
    serious = _triage(_event(hospital), hospital, harm=Harm.SEVERE)
    assert serious.requires_rca
    assert serious.investigation_due == dt.date(2027, 1, 25)  # 45 working days: nine weeks


def test_serious_event_needs_root_cause_analysis_before_actions(hospital):
    event = _to(S.INVESTIGATING, hospital, harm=Harm.DEATH)
    qm = hospital.quality_manager
    with pytest.raises(ConflictError):
        services.add_action(event=event, user=qm, description="x", owner=qm, due_date=TODAY)
    services.record_findings(event=event, user=qm, findings="Look-alike vials side by side.")
    services.add_root_cause(event=event, user=qm, kind="equipment", description="Look-alike packaging")
    services.add_action(event=event, user=qm, description="Separate the vials", owner=qm, due_date=TODAY)
    event.refresh_from_db()
    assert event.status == S.ACTIONS


ALLOWED = [
    (S.SUBMITTED, "triage", S.TRIAGED),
    (S.TRIAGED, "start_investigation", S.INVESTIGATING),
    (S.TRIAGED, "plan_actions", S.ACTIONS),
    (S.INVESTIGATING, "plan_actions", S.ACTIONS),
    (S.TRIAGED, "close", S.CLOSED),
    (S.INVESTIGATING, "close", S.CLOSED),
    (S.ACTIONS, "close", S.CLOSED),
    (S.CLOSED, "reopen", S.INVESTIGATING),
]


def _do(step, event, hospital):
    qm = hospital.quality_manager
    if step == "triage":
        return _triage(event, hospital)
    if step == "start_investigation":
        return services.start_investigation(event=event, user=qm)
    if step == "plan_actions":
        services.add_action(event=event, user=qm, description="Train staff", owner=qm, due_date=TODAY)
        event.refresh_from_db()
        return event
    if step == "close":
        for action in event.actions.all():
            services.update_action(action=action, user=qm, status=ActionStatus.DONE)
        return services.close_event(event=event, user=qm, summary="Done.")
    if step == "reopen":
        return services.reopen_event(event=event, user=qm, reason="Happened again.")
    raise AssertionError(step)


@pytest.mark.parametrize(("source", "step", "target"), ALLOWED)
def test_allowed_transition(hospital, source, step, target):
    event = _to(source, hospital)
    assert _do(step, event, hospital).status == target


ALL_STEPS = ["triage", "start_investigation", "plan_actions", "close", "reopen"]
REFUSED = [
    (source, step)
    for source in (S.SUBMITTED, S.TRIAGED, S.INVESTIGATING, S.ACTIONS, S.CLOSED)
    for step in ALL_STEPS
    if (source, step) not in {(a, b) for a, b, _c in ALLOWED}
    and not (source == S.ACTIONS and step == "plan_actions")  # adding another action is fine
]


@pytest.mark.parametrize(("source", "step"), REFUSED)
def test_refused_transition_changes_nothing(hospital, source, step):
    event = _to(source, hospital)
    steps_before = event.steps.count()
    with pytest.raises(DomainError) as refused:
        _do(step, event, hospital)
    assert refused.value.message
    event.refresh_from_db()
    assert event.status == source
    assert event.steps.count() == steps_before


def test_only_the_quality_office_triages_closes_and_reopens(hospital):
    event = _event(hospital)
    with pytest.raises(AccessDenied):
        services.triage_event(
            event=event,
            user=hospital.head_cardiology,
            category="fall",
            harm="none",
            event_type="incident",
            investigator=hospital.head_cardiology,
        )
    with pytest.raises(AccessDenied):
        services.close_event(event=_to(S.ACTIONS, hospital), user=hospital.admin, summary="x")


def test_cannot_close_with_open_actions(hospital):
    event = _to(S.ACTIONS, hospital)
    with pytest.raises(ConflictError):
        services.close_event(event=event, user=hospital.quality_manager, summary="x")


def test_owner_reports_progress_but_only_the_office_judges_effectiveness(hospital):
    event = _to(S.ACTIONS, hospital)
    action = event.actions.get()
    owner = hospital.head_cardiology
    services.update_action(action=action, user=owner, status=ActionStatus.DONE)
    with pytest.raises(AccessDenied):
        services.update_action(
            action=action, user=owner, status=ActionStatus.DONE, effectiveness=Effectiveness.EFFECTIVE
        )
    with pytest.raises(AccessDenied):
        services.update_action(action=action, user=hospital.nurse_icu, status=ActionStatus.OPEN)
    updated = services.update_action(
        action=action, user=hospital.quality_manager, status=ActionStatus.DONE, effectiveness=Effectiveness.EFFECTIVE
    )
    assert updated.effectiveness == Effectiveness.EFFECTIVE
    assert updated.completed_on == TODAY


def test_closing_tells_the_named_reporter_once(hospital):
    event = _to(S.CLOSED, hospital)
    notes = Notification.objects.filter(recipient=hospital.nurse_cardiology)
    assert notes.count() == 1
    assert event.reference in notes.get().display_title


def test_serious_harm_notifies_the_quality_office_once(hospital):
    event = services.report_event(
        user=hospital.nurse_icu,
        occurred_at=timezone.now() - dt.timedelta(hours=1),
        department=hospital.icu,
        event_type="incident",
        category="fall",
        harm=Harm.SEVERE,
        description="Hip fracture after a fall.",
    )
    # Triage confirms serious harm again; the scheduled alerts run twice.
    _triage(event, hospital, harm=Harm.SEVERE)
    services.send_overdue_alerts()
    services.send_overdue_alerts()
    serious = Notification.objects.filter(recipient=hospital.quality_manager, dedupe_key__startswith="quality.serious")
    assert serious.count() == 1
    assert serious.get().level == "danger"


def test_triage_raising_harm_to_serious_notifies_at_triage(hospital):
    event = _event(hospital, harm=Harm.MILD)
    assert not Notification.objects.filter(recipient=hospital.quality_manager).exists()
    _triage(event, hospital, harm=Harm.DEATH)
    assert Notification.objects.filter(recipient=hospital.quality_manager, level="danger").count() == 1


def test_reference_numbers_follow_the_year(hospital):
    first = services.report_event(
        user=hospital.nurse_icu,
        occurred_at=timezone.now(),
        department=hospital.icu,
        event_type="near_miss",
        category="medication",
        medication_category="B",
        harm=Harm.NONE,
        description="Wrong drug picked, caught at the bedside.",
    )
    second = services.report_event(
        user=hospital.nurse_icu,
        occurred_at=timezone.now(),
        department=hospital.icu,
        event_type="unsafe_condition",
        category="other",
        description="Wet floor, no sign.",
    )
    assert first.reference == "AE-2026-000001"
    assert second.reference == "AE-2026-000002"
    assert AdverseEvent.objects.count() == 2


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"category": "medication", "medication_category": "B", "event_type": "incident"}, "medication_category"),
        ({"event_type": "near_miss", "harm": "severe"}, "harm"),
        ({"description": "  "}, "description"),
    ],
)
def test_report_refuses_inconsistent_answers(hospital, kwargs, field):
    data = {"event_type": "incident", "category": "fall", "harm": "none", "description": "x", **kwargs}
    with pytest.raises(DomainError) as refused:
        services.report_event(user=hospital.nurse_icu, occurred_at=timezone.now(), department=hospital.icu, **data)
    assert refused.value.field == field
    assert not AdverseEvent.objects.exists()


def test_an_action_taken_up_again_loses_its_effectiveness_check(hospital):
    event = _to(S.ACTIONS, hospital)
    action = event.actions.get()
    qm = hospital.quality_manager
    services.update_action(action=action, user=qm, status=ActionStatus.DONE, effectiveness=Effectiveness.EFFECTIVE)
    # The owner finds the fix did not hold and reopens it, sending the form as it stood.
    reopened = services.update_action(
        action=action, user=hospital.head_cardiology, status=ActionStatus.IN_PROGRESS, effectiveness="effective"
    )
    assert (reopened.status, reopened.effectiveness, reopened.completed_on) == ("in_progress", "pending", None)


def test_a_reopened_event_gets_a_new_due_date(hospital):
    event = _to(S.CLOSED, hospital)  # triaged with mild harm: due in 10 working days
    with time_machine.travel(dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC), tick=False):  # a Monday, long after
        reopened = services.reopen_event(event=event, user=hospital.quality_manager, reason="Fell again.")
        assert reopened.investigation_due == dt.date(2027, 3, 15)
        assert not reopened.is_overdue


def _medication_error(hospital, merp, harm):
    return services.report_event(
        user=hospital.nurse_icu,
        occurred_at=timezone.now() - dt.timedelta(hours=1),
        department=hospital.icu,
        event_type="incident",
        category="medication",
        medication_category=merp,
        harm=harm,
        description="Potassium chloride concentrate given undiluted.",
    )


@pytest.mark.parametrize(("merp", "harm"), [("I", Harm.DEATH), ("H", Harm.SEVERE), ("C", Harm.NONE), ("E", "unknown")])
def test_merp_letter_fills_in_a_harm_left_unknown(hospital, merp, harm):
    event = _medication_error(hospital, merp, Harm.UNKNOWN)
    assert event.harm == harm
    # Serious by its letter: the quality office hears of it at once.
    serious = Notification.objects.filter(recipient=hospital.quality_manager, level="danger").exists()
    assert serious is (harm in (Harm.DEATH, Harm.SEVERE))


@pytest.mark.parametrize(("merp", "harm"), [("C", Harm.SEVERE), ("I", Harm.MILD), ("G", Harm.NONE), ("E", Harm.NONE)])
def test_merp_letter_and_harm_must_agree(hospital, merp, harm):
    with pytest.raises(DomainError) as refused:
        _medication_error(hospital, merp, harm)
    assert refused.value.field == "harm"
    assert not AdverseEvent.objects.exists()


def test_action_owners_offered_on_the_page_are_those_the_service_accepts(hospital, client_for):
    """The investigating head is offered the event's department staff and their own, not the
    whole hospital; the service refuses anyone else, so the API (which calls it) does too."""
    event = _to(S.INVESTIGATING, hospital)  # investigator: head of cardiology
    head = hospital.head_cardiology
    page = client_for(head).get(event.get_absolute_url())
    offered = set(page.context["action_form"].fields["owner"].queryset)
    assert offered == set(access.action_owners(head, event))
    assert hospital.nurse_cardiology in offered and hospital.nurse_icu not in offered
    assert hospital.nurse_icu in set(access.action_owners(hospital.quality_manager, event))
    with pytest.raises(DomainError, match="Choose an owner"):
        services.add_action(event=event, user=head, description="Re-train", owner=hospital.nurse_icu, due_date=TODAY)
    assert not event.actions.exists()
    services.add_action(event=event, user=head, description="Re-train", owner=hospital.nurse_cardiology, due_date=TODAY)
    assert event.actions.count() == 1
