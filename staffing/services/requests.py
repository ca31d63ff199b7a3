"""Leave, shift requests and shift swaps: asked for by staff, decided by the department's
head or an HR scheduler (never by the person asking), each decision notified.

A swap is checked against every rule of the roster when it is asked for and again when it
is approved: a swap that would break a hard rule (rest, successions, runs, leave, skills,
contract) is refused with the rules it breaks.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hospital.errors import AccessDenied, ConflictError, DomainError
from hospital.models import NotificationLevel, User
from hospital.roles import Role
from hospital.services import notify
from staffing import access
from staffing.models import (
    Assignment,
    LeaveKind,
    LeaveRequest,
    RequestStatus,
    RosterStatus,
    ShiftRequest,
    ShiftSwap,
    ShiftType,
    StaffProfile,
)
from staffing.services.checks import check_roster
from staffing.services.errors import RosterHasViolations
from staffing.services.rosters import page_link

MAX_LEAVE_DAYS = 366


def approvers_for(person: User) -> list[User]:
    """Who decides `person`'s leave and swaps: the head of their department, else the HR
    schedulers (never the person themselves)."""
    department = person.department
    if department is not None and department.head_id and department.head_id != person.pk:
        head = department.head
        if head.is_active:
            return [head]
    schedulers = User.objects.filter(is_active=True, groups__name=Role.HR_SCHEDULER).exclude(pk=person.pk)
    return list(schedulers.distinct())


def _require_request_for(user: User, person: User) -> None:
    if not access.may_request_for(user, person):
        raise AccessDenied(_("You may only make requests for yourself."))


def _require_decide_for(user: User, person: User) -> None:
    if not access.may_decide_for(user, person):
        raise AccessDenied(_("Only the person's head or an HR scheduler may decide, and never on their own request."))


# --- Leave -------------------------------------------------------------------------------


def request_leave(
    *, user: User, kind: str, start: dt.date, end: dt.date, note: str = "", person: User | None = None
) -> LeaveRequest:
    """Ask for leave from `start` through `end`; the approver is notified. Refuses a period
    overlapping the person's own pending or approved leave (409)."""
    person = person or user
    _require_request_for(user, person)
    if kind not in LeaveKind.values:
        raise DomainError(_("Unknown kind of leave."), field="kind")
    if end < start:
        raise DomainError(_("The last day cannot be before the first."), field="end")
    if (end - start).days + 1 > MAX_LEAVE_DAYS:
        raise DomainError(_("Leave lasts at most %d days per request.") % MAX_LEAVE_DAYS, field="end")
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=person.pk).first()  # one request at a time per person
        open_leave = LeaveRequest.objects.filter(
            person=person, status__in=(RequestStatus.REQUESTED, RequestStatus.APPROVED)
        ).overlapping(start, end)
        if open_leave.exists():
            raise ConflictError(_("This overlaps leave already requested or approved."))
        leave = LeaveRequest.objects.create(person=person, kind=kind, start=start, end=end, note=note)
        for approver in approvers_for(person):
            notify(
                recipient=approver,
                title=gettext_lazy("Leave requested: %(person)s, %(start)s to %(end)s"),
                params={"person": str(person), "start": start.isoformat(), "end": end.isoformat()},
                link=page_link("staffing:leave_list"),
                dedupe_key=f"staffing.leave_requested:{leave.pk}",
            )
    return leave


def _decide_leave(user: User, leave: LeaveRequest, status: str, note: str) -> LeaveRequest:
    _require_decide_for(user, leave.person)
    with transaction.atomic():
        leave = LeaveRequest.objects.select_for_update().select_related("person").get(pk=leave.pk)
        if leave.status != RequestStatus.REQUESTED:
            raise ConflictError(_("This request was decided already (“%s”).") % leave.get_status_display())
        leave.status = status
        leave.approver = user
        leave.decided_at = timezone.now()
        leave.decision_note = note
        leave._history_user = user
        leave.save()
        approved = status == RequestStatus.APPROVED
        notify(
            recipient=leave.person,
            title=gettext_lazy("Leave approved: %(start)s to %(end)s")
            if approved
            else gettext_lazy("Leave refused: %(start)s to %(end)s"),
            body=note,
            params={"start": leave.start.isoformat(), "end": leave.end.isoformat()},
            level=NotificationLevel.INFO if approved else NotificationLevel.WARNING,
            link=page_link("staffing:leave_list"),
            dedupe_key=f"staffing.leave_decided:{leave.pk}",
        )
    return leave


def approve_leave(*, user: User, leave: LeaveRequest, note: str = "") -> LeaveRequest:
    """Approve pending leave: from now on the person is unavailable on those days (a roster
    that already has them working there shows the violation)."""
    return _decide_leave(user, leave, RequestStatus.APPROVED, note)


def reject_leave(*, user: User, leave: LeaveRequest, note: str = "") -> LeaveRequest:
    return _decide_leave(user, leave, RequestStatus.REJECTED, note)


def cancel_leave(*, user: User, leave: LeaveRequest) -> LeaveRequest:
    """The person (or a scheduler) withdraws pending or approved leave."""
    _require_request_for(user, leave.person)
    with transaction.atomic():
        leave = LeaveRequest.objects.select_for_update().get(pk=leave.pk)
        if leave.status not in (RequestStatus.REQUESTED, RequestStatus.APPROVED):
            raise ConflictError(_("Only pending or approved leave can be cancelled."))
        leave.status = RequestStatus.CANCELLED
        leave._history_user = user
        leave.save(update_fields=["status"])
    return leave


# --- Shift requests ----------------------------------------------------------------------


def request_shift(
    *,
    user: User,
    date: dt.date,
    wants_to_work: bool,
    shift_type: ShiftType | None = None,
    weight: int = 1,
    note: str = "",
    person: User | None = None,
) -> ShiftRequest:
    """Ask to work (or not) a shift, or any shift, on a day; the solver honours it as far as
    the rules and coverage allow, weighted 1–10."""
    person = person or user
    _require_request_for(user, person)
    if not 1 <= int(weight) <= 10:
        raise DomainError(_("The weight is from 1 to 10."), field="weight")
    if shift_type is not None and not shift_type.is_active:
        raise DomainError(_("That shift type is no longer in use."), field="shift_type")
    return ShiftRequest.objects.create(
        person=person,
        date=date,
        shift_type=shift_type,
        wants_to_work=bool(wants_to_work),
        weight=int(weight),
        note=note,
    )


def withdraw_shift_request(*, user: User, shift_request: ShiftRequest) -> None:
    _require_request_for(user, shift_request.person)
    ShiftRequest.objects.filter(pk=shift_request.pk).delete()


# --- Swaps -------------------------------------------------------------------------------

SENTINEL_OFFSET = dt.timedelta(days=1)


def _rows_after_swap(swap_given: Assignment, partner: User, swap_taken: Assignment | None) -> list:
    """The roster's (person, date, code) rows as they would be after the swap."""
    rows = []
    for pk, person_id, date, code in Assignment.objects.filter(roster_id=swap_given.roster_id).values_list(
        "pk", "person_id", "date", "shift_type__code"
    ):
        if pk == swap_given.pk:
            person_id = partner.pk
        elif swap_taken is not None and pk == swap_taken.pk:
            person_id = swap_given.person_id
        rows.append((person_id, date, code))
    return rows


def _check_swap(given: Assignment, partner: User, taken: Assignment | None) -> None:
    """Refuse (409, with the reasons) a swap that adds a hard violation for either person."""
    roster = given.roster
    before = check_roster(roster)
    after = check_roster(roster, assignments=_rows_after_swap(given, partner, taken), bundle=before.bundle)
    seen = {(v.person_id, v.date, v.rule) for v in before.hard}
    people = {given.person_id, partner.pk}
    new = [v for v in after.hard if (v.person_id, v.date, v.rule) not in seen and v.person_id in people]
    if new:
        reasons = "; ".join(v.message for v in new)
        raise RosterHasViolations(_("This swap would break the rules: %s") % reasons, new)


def _validate_swap(given: Assignment, partner: User, taken: Assignment | None) -> None:
    if given.roster.status == RosterStatus.ARCHIVED:
        raise ConflictError(_("Shifts of an archived roster cannot be swapped."))
    if partner.pk == given.person_id:
        raise DomainError(_("Choose someone else to swap with."), field="partner")
    if taken is not None and (taken.roster_id != given.roster_id or taken.person_id != partner.pk):
        raise DomainError(_("The shift taken must be the partner's, in the same roster."), field="partner_assignment")
    rostered = StaffProfile.objects.rostered_in(given.roster.department).filter(user=partner).exists()
    if not rostered and not Assignment.objects.filter(roster_id=given.roster_id, person=partner).exists():
        raise DomainError(_("%s does not work in this department.") % partner, field="partner")


def request_swap(
    *,
    user: User,
    requester_assignment: Assignment,
    partner: User,
    partner_assignment: Assignment | None = None,
    note: str = "",
) -> ShiftSwap:
    """Ask to give `requester_assignment` to `partner` (taking `partner_assignment` in
    exchange, if given). Checked against every rule now and again on approval."""
    given = Assignment.objects.select_related("roster__department", "person").get(pk=requester_assignment.pk)
    _require_request_for(user, given.person)
    taken = None
    if partner_assignment is not None:
        taken = Assignment.objects.select_related("person").get(pk=partner_assignment.pk)
    _validate_swap(given, partner, taken)
    with transaction.atomic():
        pending = ShiftSwap.objects.filter(status=RequestStatus.REQUESTED).filter(
            Q(requester_assignment=given)
            | Q(partner_assignment=given)
            | (Q(requester_assignment=taken) | Q(partner_assignment=taken) if taken else Q(pk__in=[]))
        )
        if pending.exists():
            raise ConflictError(_("One of these shifts is already in a pending swap."))
        _check_swap(given, partner, taken)
        swap = ShiftSwap.objects.create(
            requester=given.person, partner=partner, requester_assignment=given, partner_assignment=taken, note=note
        )
        params = {"person": str(given.person), "date": given.date.isoformat(), "shift": given.shift_type.code}
        for recipient in [partner, *approvers_for(given.person)]:
            notify(
                recipient=recipient,
                title=gettext_lazy("Shift swap asked: %(person)s, %(shift)s on %(date)s"),
                params=params,
                link=page_link("staffing:swap_list"),
                dedupe_key=f"staffing.swap_requested:{swap.pk}",
            )
    return swap


def approve_swap(*, user: User, swap: ShiftSwap, note: str = "") -> ShiftSwap:
    """Re-check the swap against every rule of the roster as it stands now and apply it:
    the partner works the requester's shift and the requester the partner's. 409 with the
    reasons if it now breaks a rule."""
    _require_decide_for(user, swap.requester)
    if user.pk == swap.partner_id:
        raise AccessDenied(_("Only the person's head or an HR scheduler may decide, and never on their own request."))
    with transaction.atomic():
        swap = ShiftSwap.objects.select_for_update().get(pk=swap.pk)
        if swap.status != RequestStatus.REQUESTED:
            raise ConflictError(_("This request was decided already (“%s”).") % swap.get_status_display())
        given = (
            Assignment.objects.select_for_update()
            .select_related("roster__department")
            .get(pk=swap.requester_assignment_id)
        )
        taken = None
        if swap.partner_assignment_id:
            taken = Assignment.objects.select_for_update().get(pk=swap.partner_assignment_id)
        if given.person_id != swap.requester_id or (taken is not None and taken.person_id != swap.partner_id):
            raise ConflictError(_("These shifts have changed since the swap was asked for."))
        _validate_swap(given, swap.partner, taken)
        _check_swap(given, swap.partner, taken)
        day = given.date
        # Through a day outside the roster, so that (roster, person, date) stays unique at each step.
        given.person = swap.partner
        given.date = given.roster.first_day - SENTINEL_OFFSET
        given.is_manual = True
        given.save(update_fields=["person", "date", "is_manual"])
        if taken is not None:
            taken.person_id = swap.requester_id
            taken.is_manual = True
            taken.save(update_fields=["person", "is_manual"])
        given.date = day
        given.save(update_fields=["date"])
        swap.status = RequestStatus.APPROVED
        swap.approver = user
        swap.decided_at = timezone.now()
        swap.decision_note = note
        swap._history_user = user
        swap.save()
        _notify_swap_decision(swap, approved=True)
    return swap


def reject_swap(*, user: User, swap: ShiftSwap, note: str = "") -> ShiftSwap:
    _require_decide_for(user, swap.requester)
    with transaction.atomic():
        swap = ShiftSwap.objects.select_for_update().get(pk=swap.pk)
        if swap.status != RequestStatus.REQUESTED:
            raise ConflictError(_("This request was decided already (“%s”).") % swap.get_status_display())
        swap.status = RequestStatus.REJECTED
        swap.approver = user
        swap.decided_at = timezone.now()
        swap.decision_note = note
        swap._history_user = user
        swap.save()
        _notify_swap_decision(swap, approved=False)
    return swap


def _notify_swap_decision(swap: ShiftSwap, *, approved: bool) -> None:
    title = gettext_lazy("Shift swap approved") if approved else gettext_lazy("Shift swap refused")
    for recipient in (swap.requester, swap.partner):
        notify(
            recipient=recipient,
            title=title,
            body=swap.decision_note,
            level=NotificationLevel.INFO if approved else NotificationLevel.WARNING,
            link=page_link("staffing:swap_list"),
            dedupe_key=f"staffing.swap_decided:{swap.pk}",
        )
