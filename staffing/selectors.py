"""Reads of the staffing app with more than one table: the roster grid and the pages' lists
(each from a `visible_to(user)` QuerySet or a roster found through one), hours per person,
and the rows the registered metrics read (staffing.metrics) — a fixed number of queries
whatever the number of people, days or periods."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from hospital.models import Department, User
from hospital.periods import Period
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
    StaffProfile,
)

CERTIFICATION_NOTICE_DAYS = 60
WEEKEND = (5, 6)


@dataclass
class GridCell:
    date: dt.date
    assignment: Assignment | None = None
    leave: LeaveRequest | None = None
    violations: list = field(default_factory=list)
    url: str = ""  # the cell's editor, on a grid the user may edit (set by the view)

    @property
    def has_hard_violation(self) -> bool:
        return any(v.is_hard for v in self.violations)

    @property
    def is_weekend(self) -> bool:
        return self.date.weekday() in WEEKEND

    @property
    def iso_date(self) -> str:
        return self.date.isoformat()

    @property
    def shift_code(self) -> str:
        return self.assignment.shift_type.code if self.assignment else ""

    @property
    def css_class(self) -> str:
        """The cell's classes in one string: weekend, the shift's colour or leave, a broken
        rule (hard or soft). The grid has hundreds of cells: one look-up each, not ten."""
        classes = ["roster-cell"]
        if self.is_weekend:
            classes.append("roster-weekend")
        if self.assignment:
            classes.append(self.assignment.shift_type.css_class)
        elif self.leave:
            classes.append("roster-leave")
        if self.violations:
            classes.append("cell-hard" if self.has_hard_violation else "cell-soft")
        return " ".join(classes)


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
    concern. Two queries: the people's shifts and their approved leave. Every cell is a
    dictionary look-up: the leave and the violations are placed by day first."""
    people = list(people)
    ids = [p.pk for p in people]
    shifts = {
        (a.person_id, a.date): a
        for a in Assignment.objects.filter(roster=roster, person__in=ids).select_related("shift_type")
    }
    days = roster.days
    leave_on: dict[tuple[int, dt.date], LeaveRequest] = {}
    for leave in (
        LeaveRequest.objects.approved()
        .filter(person__in=ids)
        .overlapping(roster.first_day, roster.last_day)
        .order_by("start")
    ):
        for day in days:
            if leave.start <= day <= leave.end:
                leave_on.setdefault((leave.person_id, day), leave)  # the earliest leave of the day
    by_cell = check.by_cell if check else {}
    by_person = check.by_person if check else {}
    rows = []
    for person in people:
        cells = [
            GridCell(
                date=day,
                assignment=shifts.get((person.pk, day)),
                leave=leave_on.get((person.pk, day)),
                violations=list(by_cell.get((person.pk, day), ())),
            )
            for day in days
        ]
        rows.append(GridRow(person=person, cells=cells, violations=list(by_person.get(person.pk, ()))))
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


@dataclass(frozen=True)
class HoursLine:
    person: User
    shifts: int
    nights: int
    weekend_days: int
    hours: Decimal
    contract_hours: Decimal
    over_contract: Decimal


def hours_worked(roster: Roster) -> list[HoursLine]:
    """Shifts, nights, weekend days and paid hours per person on the roster, against the
    contract's hours for its length (two queries)."""
    rows = (
        Assignment.objects.filter(roster=roster)
        .values("person_id")
        .annotate(
            shifts=Count("id"),
            nights=Count("id", filter=Q(shift_type__is_night=True)),
            weekend_days=Count("id", filter=Q(date__iso_week_day__gte=6)),
            hours=Sum("shift_type__paid_hours"),
        )
    )
    by_person = {row["person_id"]: row for row in rows}
    people = (
        User.objects.filter(
            Q(pk__in=by_person) | Q(pk__in=StaffProfile.objects.rostered_in(roster.department).values("user_id"))
        )
        .select_related("staff_profile")
        .order_by("display_name", "username")
    )
    lines = []
    for person in people:
        row = by_person.get(person.pk, {})
        profile = getattr(person, "staff_profile", None)
        weekly = profile.contract_hours_per_week if profile else Decimal(40)
        contract = (Decimal(weekly) * roster.length_days / 7).quantize(Decimal("0.1"))
        hours = row.get("hours") or Decimal(0)
        lines.append(
            HoursLine(
                person=person,
                shifts=row.get("shifts", 0),
                nights=row.get("nights", 0),
                weekend_days=row.get("weekend_days", 0),
                hours=hours,
                contract_hours=contract,
                over_contract=max(Decimal(0), hours - contract),
            )
        )
    return lines


def staffed_hours_by_department_month(first: dt.date, last: dt.date) -> list[dict]:
    """Paid hours worked on published rosters from `first` to `last` (dates), per roster
    department, calendar month, and the person's job and grade, whoever asks: what
    `performance` collects as personnel cost (hours × cost rate). The hours are those of
    `hours_worked`, split by the month of each shift. One grouped query."""
    rows = (
        Assignment.objects.published()
        .filter(date__gte=first, date__lte=last)
        .values(
            "roster__department_id",
            "date__year",
            "date__month",
            "person__staff_profile__job",
            "person__staff_profile__grade",
        )
        .annotate(hours=Sum("shift_type__paid_hours"))
        .order_by()
    )
    return [
        {
            "department_id": row["roster__department_id"],
            "month": dt.date(row["date__year"], row["date__month"], 1),
            "job": row["person__staff_profile__job"] or "",
            "grade": row["person__staff_profile__grade"] or "",
            "hours": row["hours"] or Decimal(0),
        }
        for row in rows
    ]


def fte_by_department() -> dict[int, Decimal]:
    """Each department's rostered headcount in full-time equivalents (its active, rostered
    staff's FTE), whoever asks: `performance`'s FTE driver. One grouped query."""
    rows = (
        StaffProfile.objects.filter(is_rostered=True, user__is_active=True, user__department__isnull=False)
        .values("user__department_id")
        .annotate(fte=Sum("fte"))
        .order_by()
    )
    return {row["user__department_id"]: row["fte"] for row in rows if row["fte"]}


def _in_department(qs, department: Department | None, field: str):
    if department is None:
        return qs
    return qs.filter(**{f"{field}__path__startswith": department.path})


def _period_filters(periods: Sequence[Period], field: str = "date") -> list[Q]:
    return [Q(**{f"{field}__gte": start, f"{field}__lte": end}) for start, end in periods]


def metric_rows_by_period(department: Department | None, periods: Sequence[Period]) -> list[dict]:
    """Per period: coverage required and met on published rosters, hours over contract,
    the spread of nights among people, certifications expiring within 60 days of its end,
    shift requests made and honoured. Five queries whatever the number of periods."""
    if not periods:
        return []
    first, last = periods[0][0], periods[-1][1]
    rows = [
        {"required": 0, "met": 0, "over_hours": Decimal(0), "nights": [], "expiring": 0, "requests": 0, "honoured": 0}
        for _p in periods
    ]
    published = _in_department(Roster.objects.filter(status=RosterStatus.PUBLISHED), department, "department")
    rosters = published.filter(first_day__lte=last).values_list("first_day", "length_days", "coverage_by_day")
    for first_day, length, coverage in rosters:
        if first_day + dt.timedelta(days=length) < first:
            continue
        for day, (required, met) in coverage.items():
            date = dt.date.fromisoformat(day)
            for i, (start, end) in enumerate(periods):
                if start <= date <= end:
                    rows[i]["required"] += required
                    rows[i]["met"] += met
    worked = _in_department(
        Assignment.objects.filter(roster__status=RosterStatus.PUBLISHED, date__gte=first, date__lte=last),
        department,
        "roster__department",
    )
    annotations = {}
    for i, q in enumerate(_period_filters(periods)):
        annotations[f"h{i}"] = Sum("shift_type__paid_hours", filter=q)
        annotations[f"n{i}"] = Count("id", filter=q & Q(shift_type__is_night=True))
        annotations[f"w{i}"] = Count("id", filter=q)
    per_person = list(worked.values("person_id").annotate(**annotations))
    weekly = dict(
        StaffProfile.objects.filter(user__in=[r["person_id"] for r in per_person]).values_list(
            "user_id", "contract_hours_per_week"
        )
    )
    for i, (start, end) in enumerate(periods):
        days = (end - start).days + 1
        for row in per_person:
            if not row[f"w{i}"]:
                continue
            contract = Decimal(weekly.get(row["person_id"], 40)) * days / 7
            rows[i]["over_hours"] += max(Decimal(0), (row[f"h{i}"] or 0) - contract)
            rows[i]["nights"].append(row[f"n{i}"])
    certs = _in_department(Certification.objects.all(), department, "person__department")
    counts = certs.aggregate(
        **{
            f"c{i}": Count(
                "id", filter=Q(expires__gt=end, expires__lte=end + dt.timedelta(days=CERTIFICATION_NOTICE_DAYS))
            )
            for i, (_s, end) in enumerate(periods)
        }
    )
    for i in range(len(periods)):
        rows[i]["expiring"] = counts[f"c{i}"]
    same_day = Assignment.objects.filter(
        person=OuterRef("person"), date=OuterRef("date"), roster__status=RosterStatus.PUBLISHED
    )
    requests = (
        _in_department(ShiftRequest.objects.filter(date__gte=first, date__lte=last), department, "person__department")
        .annotate(
            worked_any=Exists(same_day),
            worked_shift=Exists(same_day.filter(shift_type=OuterRef("shift_type"))),
        )
        .values_list("date", "shift_type_id", "wants_to_work", "worked_any", "worked_shift")
    )
    for date, shift_id, wants, any_shift, that_shift in requests:
        worked_it = any_shift if shift_id is None else that_shift
        for i, (start, end) in enumerate(periods):
            if start <= date <= end:
                rows[i]["requests"] += 1
                rows[i]["honoured"] += worked_it == wants
    return rows


def percent(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def night_spread(nights: list[int]) -> Decimal | None:
    """Standard deviation of nights per person among people who worked in the period."""
    if len(nights) < 2:
        return None
    return Decimal(str(round(statistics.pstdev(nights), 2)))


# --- The department cockpit (performance reads these) -----------------------------

COCKPIT_CERTIFICATION_DAYS = 60  # the certification page's default window


def department_expiring_certifications(user, department: Department, *, today: dt.date) -> QuerySet:
    """`expiring_certifications` of the people of `department` and its sub-departments."""
    return expiring_certifications(user, today=today, within=COCKPIT_CERTIFICATION_DAYS).filter(
        person__department__path__startswith=department.path
    )
