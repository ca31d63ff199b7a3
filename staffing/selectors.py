"""Reads of the staffing pages and exports: the roster grid, a person's own shifts, and the
lists of requests and certifications. Every read starts from a `visible_to(user)` QuerySet
or from a roster the caller has already found through one, and runs a fixed number of
queries whatever the number of people or days.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet

from hospital.models import User
from staffing.models import (
    Assignment,
    Certification,
    LeaveRequest,
    RequestStatus,
    Roster,
    RosterStatus,
    ShiftRequest,
    ShiftSwap,
    ShiftType,
)

WEEKEND = (5, 6)


@dataclass
class GridCell:
    date: dt.date
    assignment: Assignment | None = None
    leave: LeaveRequest | None = None
    violations: list = field(default_factory=list)

    @property
    def has_hard_violation(self) -> bool:
        return any(v.is_hard for v in self.violations)

    @property
    def is_weekend(self) -> bool:
        return self.date.weekday() in WEEKEND


@dataclass
class GridRow:
    person: User
    cells: list[GridCell]
    violations: list = field(default_factory=list)  # rules over the whole line (hours, weekends)

    @property
    def hours(self) -> Decimal:
        return sum((c.assignment.shift_type.paid_hours for c in self.cells if c.assignment), Decimal(0))

    @property
    def shifts(self) -> int:
        return sum(1 for c in self.cells if c.assignment)


def roster_people(roster: Roster) -> QuerySet:
    """The people of a roster's lines: those rostered in its department, and anyone who has
    a shift in it (someone who moved department keeps the line of their shifts)."""
    on_roster = Q(
        staff_profile__is_rostered=True,
        department=roster.department_id,
        is_active=True,
    )
    return (
        User.objects.filter(on_roster | Q(pk__in=Assignment.objects.filter(roster=roster).values("person")))
        .select_related("staff_profile")
        .order_by("display_name", "username", "pk")
    )


def roster_grid(roster: Roster, people, check=None) -> list[GridRow]:
    """One line per person of `people` (a page of `roster_people`), one cell per day, with the
    shift, approved leave and the violations of `check` (a RosterCheck) on the cells they
    concern. Two queries: the people's shifts and their approved leave."""
    people = list(people)
    ids = [p.pk for p in people]
    shifts = {
        (a.person_id, a.date): a
        for a in Assignment.objects.filter(roster=roster, person__in=ids).select_related("shift_type")
    }
    leave_by_person = defaultdict(list)
    for leave in (
        LeaveRequest.objects.approved()
        .filter(person__in=ids)
        .overlapping(roster.first_day, roster.last_day)
        .order_by("start")
    ):
        leave_by_person[leave.person_id].append(leave)
    days = roster.days
    rows = []
    for person in people:
        cells = []
        for day in days:
            leave = next((lv for lv in leave_by_person[person.pk] if lv.start <= day <= lv.end), None)
            violations = list(check.by_cell.get((person.pk, day), ())) if check else []
            cells.append(
                GridCell(date=day, assignment=shifts.get((person.pk, day)), leave=leave, violations=violations)
            )
        line = list(check.by_person.get(person.pk, ())) if check else []
        line = [v for v in line if v.date is None]
        rows.append(GridRow(person=person, cells=cells, violations=line))
    return rows


def active_shift_types() -> list[ShiftType]:
    return list(ShiftType.objects.filter(is_active=True).order_by("sort_order", "code"))


def my_shifts(user, *, first: dt.date, last: dt.date) -> QuerySet:
    """The user's own shifts in published rosters between two days (inclusive)."""
    return (
        Assignment.objects.published()
        .filter(person=user.pk, date__gte=first, date__lte=last)
        .select_related("shift_type", "roster__department")
        .order_by("date")
    )


def calendar_shifts(person, *, today: dt.date) -> QuerySet:
    """The person's published shifts for the calendar feed: the last 60 days and all to come."""
    return (
        Assignment.objects.filter(person=person.pk, roster__status=RosterStatus.PUBLISHED)
        .filter(date__gte=today - dt.timedelta(days=60))
        .select_related("shift_type", "roster__department")
        .order_by("date")
    )


def rosters_for(user) -> QuerySet:
    return Roster.objects.visible_to(user).select_related("department").order_by("-first_day", "department__code")


def my_leave(user) -> QuerySet:
    return LeaveRequest.objects.filter(person=user.pk).select_related("approver").order_by("-start", "-id")


def leave_to_decide(user) -> QuerySet:
    """Requested leave of the people whose department the user schedules (never their own)."""
    return (
        LeaveRequest.objects.visible_to(user)
        .filter(status=RequestStatus.REQUESTED)
        .exclude(person=user.pk)
        .select_related("person", "person__department")
        .order_by("start", "id")
    )


def my_shift_requests(user, *, since: dt.date) -> QuerySet:
    return ShiftRequest.objects.filter(person=user.pk, date__gte=since).select_related("shift_type").order_by("date")


def team_shift_requests(user, *, since: dt.date) -> QuerySet:
    """Shift requests of the people the user schedules (their own excluded)."""
    return (
        ShiftRequest.objects.visible_to(user)
        .exclude(person=user.pk)
        .filter(date__gte=since)
        .select_related("shift_type", "person", "person__department")
        .order_by("date", "id")
    )


SWAP_RELATED = (
    "requester",
    "partner",
    "requester_assignment__shift_type",
    "requester_assignment__roster__department",
    "partner_assignment__shift_type",
)


def my_swaps(user) -> QuerySet:
    return (
        ShiftSwap.objects.filter(Q(requester=user.pk) | Q(partner=user.pk))
        .select_related(*SWAP_RELATED)
        .order_by("-requested_at", "-id")
    )


def swaps_to_decide(user) -> QuerySet:
    return (
        ShiftSwap.objects.visible_to(user)
        .filter(status=RequestStatus.REQUESTED)
        .exclude(requester=user.pk)
        .exclude(partner=user.pk)
        .select_related(*SWAP_RELATED)
        .order_by("requested_at", "id")
    )


def swappable_shifts(user, *, today: dt.date) -> QuerySet:
    """The user's own shifts to come in published rosters: what they may offer in a swap."""
    return (
        Assignment.objects.published()
        .filter(person=user.pk, date__gte=today)
        .select_related("shift_type", "roster__department")
        .order_by("date")
    )


def expiring_certifications(user, *, today: dt.date, within: int) -> QuerySet:
    """Certifications the user may see that expired in the last 30 days or expire within
    `within` days, soonest first."""
    return (
        Certification.objects.visible_to(user)
        .filter(expires__gte=today - dt.timedelta(days=30), expires__lte=today + dt.timedelta(days=within))
        .select_related("person", "person__department")
        .order_by("expires", "person__username", "id")
    )


@dataclass
class HoursLine:
    person: User
    shifts: int
    nights: int
    weekend_days: int
    hours: Decimal
    contract_hours: Decimal

    @property
    def difference(self) -> Decimal:
        """Hours worked minus the contract's hours over the roster's days (negative: fewer)."""
        return self.hours - self.contract_hours


def hours_worked(roster: Roster) -> list[HoursLine]:
    """Hours worked per person of the roster against their contract (weekly contract hours
    × the roster's days ÷ 7). Two queries: the people, and their shifts summed in Python."""
    people = list(roster_people(roster))
    totals = {p.pk: [0, 0, 0, Decimal(0)] for p in people}
    for person_id, day, paid, is_night in Assignment.objects.filter(roster=roster).values_list(
        "person", "date", "shift_type__paid_hours", "shift_type__is_night"
    ):
        line = totals.setdefault(person_id, [0, 0, 0, Decimal(0)])
        line[0] += 1
        line[1] += 1 if is_night else 0
        line[2] += 1 if day.weekday() in WEEKEND else 0
        line[3] += paid
    lines = []
    for person in people:
        shifts, nights, weekend_days, hours = totals[person.pk]
        profile = getattr(person, "staff_profile", None)
        weekly = profile.contract_hours_per_week if profile else Decimal(0)
        contract = (weekly * roster.length_days / 7).quantize(Decimal("0.01"))
        lines.append(HoursLine(person, shifts, nights, weekend_days, hours, contract))
    return lines
