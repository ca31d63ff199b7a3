"""Filing a safety-event report: quick for the reporter, and anonymous when asked."""

import datetime as dt
import uuid

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hospital.errors import DomainError
from hospital.models import Department, NotificationLevel, User
from hospital.services import notify
from quality import summaries
from quality.access import QUALITY_OFFICE
from quality.models import (
    AdverseEvent,
    Category,
    EventStatus,
    EventStep,
    EventType,
    MedicationErrorCategory,
    ReferenceCounter,
    StepKind,
)
from quality.models.events import SERIOUS_HARM, Harm, merp_event_type

# NCC MERP C–I reached the patient: the harm each letter allows (docs/standards.md: E–I are harm,
# G–I serious), and the harm it implies when the reporter left harm as "unknown". A
# medication error that contributed to a death must reach the quality office at once
# even if the harm question was skipped.
MERP_HARMS = {
    "C": (Harm.NONE,),
    "D": (Harm.NONE,),
    "E": (Harm.MILD, Harm.MODERATE, Harm.SEVERE),
    "F": (Harm.MILD, Harm.MODERATE, Harm.SEVERE),
    "G": (Harm.SEVERE,),
    "H": (Harm.SEVERE,),
    "I": (Harm.DEATH,),
}


def normalise_event_fields(*, event_type: str, category: str, harm: str, medication_category: str) -> tuple[str, str]:
    """(harm, medication_category) as stored, whichever page or API sent them.

    - the NCC MERP letter belongs to medication events only: dropped for another
      category (a report or triage re-categorised away from medication);
    - harm left unknown (or not given) is filled in when the answers say it: a near
      miss or unsafe condition did not reach the patient ("No harm"), and an NCC MERP
      letter that allows one harm only implies it.
    An explicit harm is kept, for validate_event_fields to accept or refuse.
    """
    harm = harm or Harm.UNKNOWN
    if category != Category.MEDICATION:
        medication_category = ""
    if harm == Harm.UNKNOWN:
        allowed = MERP_HARMS.get(medication_category, ())
        if event_type in (EventType.NEAR_MISS, EventType.UNSAFE_CONDITION):
            harm = Harm.NONE
        elif len(allowed) == 1:
            harm = allowed[0]
    return harm, medication_category


# A date before this is a slip of the keyboard (a year typed "0026"), not a late report;
# it also keeps far-off years away from time-zone arithmetic that would overflow.
EARLIEST_EVENT = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def next_reference(year: int) -> str:
    """The next reference of the year, e.g. AE-2026-000123; unique under concurrency.

    The year's counter row is created if missing (a conflict-ignoring insert, so two
    first reports of a year do not collide) and then locked until the caller commits.
    """
    ReferenceCounter.objects.bulk_create([ReferenceCounter(year=year, last=0)], ignore_conflicts=True)
    counter = ReferenceCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"AE-{year}-{counter.last:06d}"


def quality_managers():
    return User.objects.filter(is_active=True, groups__name__in=QUALITY_OFFICE).distinct()


def notify_serious_event(event: AdverseEvent) -> None:
    """Tell the quality office at once about serious harm or death; once per event and manager.

    Says nothing about the reporter: the event page shows what each reader may see.
    """
    if event.harm not in SERIOUS_HARM:
        return
    for manager in quality_managers():
        notify(
            recipient=manager,
            title=gettext_lazy("Serious harm reported: %(reference)s"),
            body=gettext_lazy("%(category)s in %(department)s (%(harm)s). A root-cause analysis is required."),
            params={
                "reference": event.reference,
                "category": Category(event.category).label,  # lazy: shown in the reader's language
                "department": event.department.name,
                "harm": Harm(event.harm).label,
            },
            link=reverse("quality:event_detail", args=[event.pk]),
            level=NotificationLevel.DANGER,
            dedupe_key=f"quality.serious_event:{event.pk}",
        )


def validate_event_fields(
    *, event_type: str, category: str, harm: str, medication_category: str, occurred_at, discovered_at
) -> None:
    """The rules a report and a triage share, on normalised answers (normalise_event_fields);
    raises DomainError naming the field."""
    if event_type not in EventType.values:
        raise DomainError(_("Choose the type of event."), field="event_type")
    if category not in Category.values:
        raise DomainError(_("Choose a category."), field="category")
    if harm not in Harm.values:
        raise DomainError(_("Choose the harm."), field="harm")
    if medication_category:
        if medication_category not in MedicationErrorCategory.values:
            raise DomainError(_("Choose an NCC MERP category from A to I."), field="medication_category")
        expected = merp_event_type(medication_category)
        if expected != event_type:
            raise DomainError(
                _("NCC MERP category %(merp)s means “%(type)s”.")
                % {"merp": medication_category, "type": EventType(expected).label},
                field="medication_category",
            )
        allowed = MERP_HARMS.get(medication_category)
        if allowed and harm not in (*allowed, Harm.UNKNOWN):
            raise DomainError(
                _("NCC MERP category %(merp)s means “%(meaning)s”: choose the harm to match.")
                % {"merp": medication_category, "meaning": MedicationErrorCategory(medication_category).label},
                field="harm",
            )
    if event_type != EventType.INCIDENT and harm not in (Harm.NONE, Harm.UNKNOWN):
        raise DomainError(_("A near miss or unsafe condition did not reach a patient: choose “No harm”."), field="harm")
    if discovered_at is not None and occurred_at is not None and discovered_at < occurred_at:
        raise DomainError(_("It cannot have been found before it happened."), field="discovered_at")


def report_event(
    *,
    user: User,
    occurred_at: dt.datetime,
    department: Department,
    event_type: str,
    category: str,
    description: str,
    discovered_at: dt.datetime | None = None,
    harm: str = Harm.UNKNOWN,
    medication_category: str = "",
    location: str = "",
    patient_identifier: str = "",
    immediate_actions: str = "",
    contributing_factors: str = "",
    device_asset_tag: str = "",
    anonymous: bool = False,
    submission_key: uuid.UUID | None = None,
) -> AdverseEvent:
    """File a report from any signed-in user; returns it with its reference number.

    A `submission_key` already used returns that report unchanged: a form sent twice
    is filed once (and the serious-harm alert goes out once).

    An anonymous report stores no reporter: not on the row, not as the history's
    user (the history middleware would otherwise record the request's user), not
    in the timeline, and the quality office's notification does not name anyone.
    """
    now = timezone.now()
    discovered_at = discovered_at or occurred_at
    if not user or not user.is_authenticated:
        raise DomainError(_("Sign in to file a report."))
    if occurred_at > now + dt.timedelta(minutes=5):
        raise DomainError(_("The event cannot be in the future."), field="occurred_at")
    if discovered_at > now + dt.timedelta(minutes=5):
        raise DomainError(_("The finding cannot be in the future."), field="discovered_at")
    for name, moment in (("occurred_at", occurred_at), ("discovered_at", discovered_at)):
        if moment < EARLIEST_EVENT:
            raise DomainError(_("Check the year: the date is before 1970."), field=name)
    if not description.strip():
        raise DomainError(_("Say what happened."), field="description")
    if department is None or not department.is_active:
        raise DomainError(_("Choose an active department."), field="department")
    harm, medication_category = normalise_event_fields(
        event_type=event_type, category=category, harm=harm, medication_category=medication_category
    )
    validate_event_fields(
        event_type=event_type,
        category=category,
        harm=harm,
        medication_category=medication_category,
        occurred_at=occurred_at,
        discovered_at=discovered_at,
    )
    if category != Category.DEVICE:
        device_asset_tag = ""
    with transaction.atomic():
        # The year's counter stays locked until commit, so a second post of the same
        # form waits here and then finds the first one's report.
        reference = next_reference(timezone.localtime(now).year)
        if submission_key is not None:
            earlier = AdverseEvent.objects.filter(submission_key=submission_key).first()
            if earlier is not None:
                transaction.set_rollback(True)  # give the reference number back
                return earlier
        event = AdverseEvent(
            reference=reference,
            occurred_at=occurred_at,
            occurred_on=timezone.localtime(occurred_at).date(),
            discovered_at=discovered_at,
            department=department,
            location=location.strip(),
            event_type=event_type,
            category=category,
            harm=harm,
            medication_category=medication_category,
            patient_identifier=patient_identifier.strip(),
            description=description.strip(),
            immediate_actions=immediate_actions.strip(),
            contributing_factors=contributing_factors.strip(),
            device_asset_tag=device_asset_tag.strip(),
            is_anonymous=anonymous,
            reporter=None if anonymous else user,
            reported_at=now,
            status=EventStatus.SUBMITTED,
            submission_key=submission_key,
        )
        # simple_history reads this before asking the request's user (its middleware
        # would record the reporter of an anonymous report otherwise).
        event._history_user = None if anonymous else user
        event.save()
        summaries.event_changed(None, event)
        EventStep.objects.create(
            event=event, kind=StepKind.REPORTED, actor=None if anonymous else user, at=now, status=event.status
        )
        notify_serious_event(event)
    return event
