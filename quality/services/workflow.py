"""The quality office's review of an event: triage, investigation, actions, closure.

TRANSITIONS is the one place that says which status may follow which; every
service below moves the event through `_move`, which refuses anything else and
writes the step (who, when) to the timeline.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hospital.errors import AccessDenied, ConflictError, DomainError
from hospital.messages import store_params
from hospital.models import NotificationLevel, User
from hospital.periods import add_working_days
from hospital.services import notify
from quality import access, summaries
from quality.models import (
    ActionKind,
    ActionStatus,
    AdverseEvent,
    CorrectiveAction,
    Effectiveness,
    EventStatus,
    EventStep,
    Harm,
    RootCause,
    RootCauseKind,
    StepKind,
)
from quality.models.events import OPEN_ACTION_STATUSES, SERIOUS_HARM
from quality.selectors import eligible_investigators
from quality.services.reports import normalise_event_fields, notify_serious_event, validate_event_fields

S = EventStatus

# action -> (statuses it may start from, status it leads to, its timeline step)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "triage": ((S.SUBMITTED,), S.TRIAGED, StepKind.TRIAGED),
    "start_investigation": ((S.TRIAGED,), S.INVESTIGATING, StepKind.INVESTIGATION_STARTED),
    "plan_actions": ((S.TRIAGED, S.INVESTIGATING), S.ACTIONS, StepKind.ACTIONS_PLANNED),
    "close": ((S.TRIAGED, S.INVESTIGATING, S.ACTIONS), S.CLOSED, StepKind.CLOSED),
    "reopen": ((S.CLOSED,), S.INVESTIGATING, StepKind.REOPENED),
}
ACTION_LABELS = {
    "triage": gettext_lazy("triage"),
    "start_investigation": gettext_lazy("start the investigation"),
    "plan_actions": gettext_lazy("plan actions"),
    "close": gettext_lazy("close"),
    "reopen": gettext_lazy("reopen"),
}

# Working days given for the review, by severity. Serious harm: the Joint Commission's
# 45 business days for a root-cause analysis and action plan.
REVIEW_WORKING_DAYS = {"serious": 45, "moderate": 20, "other": 10}


# Findings and root causes are written while the event is investigated or its actions run.
INVESTIGATION_STATUSES = (S.INVESTIGATING, S.ACTIONS)

# step of the event page and API -> (statuses it may be taken in, who may take it)
STEPS = {
    "triage": (TRANSITIONS["triage"][0], lambda user, event: access.may_triage(user)),
    "start_investigation": (TRANSITIONS["start_investigation"][0], access.may_investigate),
    "findings": (INVESTIGATION_STATUSES, access.may_investigate),
    "root_cause": (INVESTIGATION_STATUSES, access.may_investigate),
    # An action is added while actions run, or plans them (TRANSITIONS["plan_actions"]).
    "action": ((*TRANSITIONS["plan_actions"][0], S.ACTIONS), access.may_investigate),
    "close": (TRANSITIONS["close"][0], lambda user, event: access.may_close(user)),
    "reopen": (TRANSITIONS["reopen"][0], lambda user, event: access.may_close(user)),
}


def allowed_steps(event: AdverseEvent, user: User) -> list[str]:
    """The steps `user` may take on the event now, in workflow order: what the event page
    offers. The services below refuse every other step (other rules, such as a root-cause
    analysis before actions, may still refuse one of these)."""
    return [name for name, (statuses, may) in STEPS.items() if event.status in statuses and may(user, event)]


@dataclass(frozen=True)
class Stage:
    """One status on the way from report to closure, as the event page's stepper shows it."""

    status: str
    label: str
    state: str  # "done", "current" or "upcoming"


def workflow_path() -> list[str]:
    """The statuses an event passes through from report to closure, in order, read
    from TRANSITIONS: from each status, the first transition to a status not yet on
    the way (reopening leads back, so it adds none)."""
    path = [S.SUBMITTED]
    while True:
        ahead = [to for sources, to, _kind in TRANSITIONS.values() if path[-1] in sources and to not in path]
        if not ahead:
            return path
        path.append(ahead[0])


def workflow_stages(event: AdverseEvent) -> list[Stage]:
    """Where the event stands: the statuses before its own are done, its own is current."""
    path = workflow_path()
    position = path.index(event.status)
    states = ["done"] * position + ["current"] + ["upcoming"] * (len(path) - position - 1)
    return [Stage(status, str(S(status).label), state) for status, state in zip(path, states, strict=True)]


def review_due_date(*, harm: str, start: dt.date) -> dt.date:
    if harm in SERIOUS_HARM:
        days = REVIEW_WORKING_DAYS["serious"]
    elif harm == Harm.MODERATE:
        days = REVIEW_WORKING_DAYS["moderate"]
    else:
        days = REVIEW_WORKING_DAYS["other"]
    return add_working_days(start, days)


def _locked(event: AdverseEvent, user: User) -> AdverseEvent:
    """The event re-read under a row lock; its history will name `user` (also from tasks and token API calls)."""
    event = AdverseEvent.objects.select_for_update().select_related("department").get(pk=event.pk)
    event._history_user = user
    event._summary_key = summaries.event_key(event)
    return event


def _save(event: AdverseEvent) -> None:
    """Save a locked event and move its count in the monthly summary, in the same transaction."""
    event.save()
    summaries.event_changed(event._summary_key, event)
    event._summary_key = summaries.event_key(event)


def _move(event: AdverseEvent, action: str, *, user: User, note: str = "") -> None:
    """Change status as TRANSITIONS allow, or refuse; record the step."""
    sources, target, step = TRANSITIONS[action]
    if event.status not in sources:
        raise ConflictError(
            _("You cannot %(action)s an event that is “%(status)s”.")
            % {"action": ACTION_LABELS[action], "status": event.get_status_display()}
        )
    event.status = target
    _record_step(event, step, user=user, note=note)


def _record_step(
    event: AdverseEvent, kind: str, *, user: User, note: str = "", note_params: dict[str, Any] | None = None
) -> None:
    """Add a timeline step; a note with note_params is a message id shown in the reader's language."""
    EventStep.objects.create(
        event=event,
        kind=kind,
        actor=user,
        at=timezone.now(),
        status=event.status,
        note=note,
        note_params=store_params(note_params),
    )


def triage_event(
    *,
    event: AdverseEvent,
    user: User,
    category: str,
    harm: str,
    event_type: str,
    investigator: User | None,
    medication_category: str = "",
    due_date: dt.date | None = None,
    note: str = "",
) -> AdverseEvent:
    """Confirm category and harm, assign an investigator and a due date set by severity.

    Serious harm or death requires a root-cause analysis and notifies the quality
    office (once, even if the reporter already said so).
    """
    if not access.may_triage(user):
        raise AccessDenied(_("Only the quality office may do this."))
    harm, medication_category = normalise_event_fields(
        event_type=event_type, category=category, harm=harm, medication_category=medication_category
    )
    validate_event_fields(
        event_type=event_type,
        category=category,
        harm=harm,
        medication_category=medication_category,
        occurred_at=None,
        discovered_at=None,
    )
    if investigator is None:
        raise DomainError(_("Assign an investigator."), field="investigator")
    if not eligible_investigators().filter(pk=investigator.pk).exists():
        raise DomainError(_("The investigator must be a quality manager or a department head."), field="investigator")
    today = timezone.localdate()
    if due_date is not None and due_date < today:
        raise DomainError(_("The due date cannot be in the past."), field="due_date")
    with transaction.atomic():
        event = _locked(event, user)
        _move(event, "triage", user=user, note=note)
        event.category, event.harm, event.event_type = category, harm, event_type
        event.medication_category = medication_category
        event.investigator = investigator
        event.requires_rca = harm in SERIOUS_HARM
        event.investigation_due = due_date or review_due_date(harm=harm, start=today)
        event.triaged_at = timezone.now()
        _save(event)
        notify_serious_event(event)
        notify(
            recipient=investigator,
            title=gettext_lazy("You investigate %(reference)s"),
            body=gettext_lazy("Due %(date)s."),
            params={"reference": event.reference, "date": event.investigation_due},
            link=event.get_absolute_url(),
            dedupe_key=f"quality.investigator:{event.pk}:{investigator.pk}",
        )
    return event


def _require_investigator(event: AdverseEvent, user: User) -> None:
    if not access.may_investigate(user, event):
        raise AccessDenied(_("Only the quality office or the investigator may do this."))


def start_investigation(*, event: AdverseEvent, user: User) -> AdverseEvent:
    with transaction.atomic():
        event = _locked(event, user)
        _require_investigator(event, user)
        _move(event, "start_investigation", user=user)
        _save(event)
    return event


def record_findings(*, event: AdverseEvent, user: User, findings: str) -> AdverseEvent:
    """Write the investigation's findings (while investigating or planning actions)."""
    if not findings.strip():
        raise DomainError(_("Write the findings."), field="findings")
    with transaction.atomic():
        event = _locked(event, user)
        _require_investigator(event, user)
        if event.status not in INVESTIGATION_STATUSES:
            raise ConflictError(_("Findings are recorded during the investigation."))
        event.findings = findings.strip()
        _save(event)
        _record_step(event, StepKind.FINDINGS, user=user)
    return event


def add_root_cause(*, event: AdverseEvent, user: User, kind: str, description: str) -> RootCause:
    if kind not in RootCauseKind.values:
        raise DomainError(_("Choose the kind of root cause."), field="kind")
    if not description.strip():
        raise DomainError(_("Describe the root cause."), field="description")
    with transaction.atomic():
        event = _locked(event, user)
        _require_investigator(event, user)
        if event.status not in INVESTIGATION_STATUSES:
            raise ConflictError(_("Root causes are recorded during the investigation."))
        cause = RootCause.objects.create(event=event, kind=kind, description=description.strip())
        _record_step(
            event, StepKind.ROOT_CAUSE, user=user, note="%(kind)s", note_params={"kind": RootCauseKind(kind).label}
        )
    return cause


def _check_rca_done(event: AdverseEvent) -> None:
    if event.requires_rca and (not event.findings or not event.root_causes.exists()):
        raise ConflictError(_("Serious harm needs a root-cause analysis: record findings and root causes first."))


def add_action(
    *,
    event: AdverseEvent,
    user: User,
    description: str,
    owner: User,
    due_date: dt.date,
    kind: str = ActionKind.CORRECTIVE,
) -> CorrectiveAction:
    """Add a corrective or preventive action; the event moves to "actions" if not there yet."""
    if not description.strip():
        raise DomainError(_("Say what is to be done."), field="description")
    if owner is None:
        raise DomainError(_("Choose who owns the action."), field="owner")
    if kind not in ActionKind.values:
        raise DomainError(_("Choose corrective or preventive."), field="kind")
    if due_date < timezone.localdate():
        raise DomainError(_("The due date cannot be in the past."), field="due_date")
    with transaction.atomic():
        event = _locked(event, user)
        _require_investigator(event, user)
        if not access.action_owners(user, event).filter(pk=owner.pk).exists():
            raise DomainError(_("Choose an owner from the event's department or your own."), field="owner")
        if event.status != S.ACTIONS:
            _check_rca_done(event)
            _move(event, "plan_actions", user=user)
            _save(event)
        action = CorrectiveAction.objects.create(
            event=event,
            kind=kind,
            description=description.strip(),
            owner=owner,
            due_date=due_date,
            department_path=event.department.path,
        )
        _record_step(event, StepKind.ACTION_ADDED, user=user, note=action.description)
        notify(
            recipient=owner,
            title=gettext_lazy("Action for %(reference)s due %(date)s"),
            params={"reference": event.reference, "date": due_date},
            body=action.description,
            link=reverse("quality:action_list"),
            dedupe_key=f"quality.action_assigned:{action.pk}",
        )
    return action


def update_action(
    *,
    action: CorrectiveAction,
    user: User,
    status: str,
    effectiveness: str = Effectiveness.PENDING,
    effectiveness_note: str = "",
) -> CorrectiveAction:
    """The owner or the quality office reports progress; only the office judges effectiveness."""
    if status not in ActionStatus.values:
        raise DomainError(_("Choose a status."), field="status")
    if effectiveness not in Effectiveness.values:
        raise DomainError(_("Choose whether it worked."), field="effectiveness")
    with transaction.atomic():
        action = CorrectiveAction.objects.select_for_update().select_related("event").get(pk=action.pk)
        action._history_user = user
        if not access.may_update_action(user, action):
            raise AccessDenied(_("Only the action's owner or the quality office may update it."))
        if action.event.status == S.CLOSED:
            raise ConflictError(_("The event is closed; reopen it to change its actions."))
        if effectiveness != action.effectiveness:
            if not access.may_judge_effectiveness(user):
                raise AccessDenied(_("Only the quality office checks whether an action worked."))
            if status != ActionStatus.DONE:
                raise DomainError(_("Check effectiveness once the action is done."), field="effectiveness")
        elif status != ActionStatus.DONE:
            # Taken up again (or cancelled): an earlier check no longer says whether it worked.
            effectiveness = Effectiveness.PENDING
        action.status = status
        action.completed_on = timezone.localdate() if status == ActionStatus.DONE else None
        action.effectiveness = effectiveness
        action.effectiveness_note = effectiveness_note.strip()
        action.save()
        _record_step(
            action.event,
            StepKind.ACTION_UPDATED,
            user=user,
            note="%(action)s → %(status)s",
            note_params={"action": action.description[:80], "status": ActionStatus(status).label},
        )
    return action


def close_event(*, event: AdverseEvent, user: User, summary: str) -> AdverseEvent:
    """Close with a summary once every action is done or cancelled; tells a named reporter."""
    if not access.may_close(user):
        raise AccessDenied(_("Only the quality office may do this."))
    if not summary.strip():
        raise DomainError(_("Write a closing summary."), field="summary")
    with transaction.atomic():
        event = _locked(event, user)
        if event.status in TRANSITIONS["close"][0]:
            _check_rca_done(event)
            if event.actions.filter(status__in=OPEN_ACTION_STATUSES).exists():
                raise ConflictError(_("Finish or cancel the open actions before closing."))
        _move(event, "close", user=user, note=summary.strip())
        event.summary = summary.strip()
        event.closed_at = timezone.now()
        _save(event)
        if event.reporter_id:
            notify(
                recipient=event.reporter,
                title=gettext_lazy("Your report %(reference)s is closed"),
                params={"reference": event.reference},
                body=event.summary,
                link=reverse("quality:my_reports"),
                level=NotificationLevel.INFO,
                dedupe_key=f"quality.closed:{event.pk}:{event.closed_at.isoformat()}",
            )
    return event


def reopen_event(*, event: AdverseEvent, user: User, reason: str) -> AdverseEvent:
    """Back to investigation with a reason, and a new due date counted from today
    (the first one has usually passed: the event would be overdue the moment it reopens)."""
    if not access.may_close(user):
        raise AccessDenied(_("Only the quality office may do this."))
    if not reason.strip():
        raise DomainError(_("Give the reason for reopening."), field="reason")
    with transaction.atomic():
        event = _locked(event, user)
        _move(event, "reopen", user=user, note=reason.strip())
        event.closed_at = None
        event.investigation_due = review_due_date(harm=event.harm, start=timezone.localdate())
        _save(event)
    return event
