"""From the database to the solver's plain `Problem` and back.

The people of a roster are the department's rostered staff (and anyone already assigned in
it). Approved leave makes a day unavailable; a skill gated by a certification counts only up
to the day that certification expires (and not at all without one valid on the first day);
the department's work rules (or the hospital default) set the hard limits; shift requests
in the period become weighted soft rules.

What the department's previous roster (published or archived) put on its last days carries
over: a shift too soon after that roster's last shift is forbidden on the first day, and the
working days and nights in a row that ended it count into the first runs (`_history`). The
solver and the checker both read that history as it is.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field

from hospital.models import User
from staffing.models import (
    Assignment,
    Certification,
    LeaveRequest,
    Roster,
    RosterStatus,
    ShiftRequest,
    ShiftType,
    StaffProfile,
    WorkRules,
)
from staffing.services.coverage import coverage_for_roster
from staffing.solver import Cover, Employee, Problem, Weights
from staffing.solver import ShiftRequest as SolverRequest
from staffing.solver import ShiftType as SolverShift

REQUEST_WEIGHT_UNIT = 10  # a weight-1 request costs as much as one person short of preferred
UNDER_MINIMUM_WEIGHT = 10_000
OVER_COVER_WEIGHT = 1  # a shift nobody needs costs a little: no idle extra shifts


@dataclass
class RosterProblem:
    """The solver's problem for one roster, with the way back to the database's rows."""

    roster: Roster
    problem: Problem
    people: dict[str, User]  # employee id (the user's pk as text) -> user
    shift_types: dict[str, ShiftType]  # code -> shift type
    rules: WorkRules
    skill_expiry: dict[tuple[int, str], int | None] = field(default_factory=dict)
    skill_names: dict[str, str] = field(default_factory=dict)  # code -> name
    shift_names: dict[str, str] = field(default_factory=dict)  # code -> name, the previous roster's too
    requirements: dict = field(default_factory=dict)  # date -> coverage requirements (coverage_for_roster)

    def day_of(self, date: dt.date) -> int:
        return (date - self.roster.first_day).days

    def date_of(self, day: int) -> dt.date:
        return self.roster.first_day + dt.timedelta(days=day)

    def has_skill(self, person_id: int, skill: str, date: dt.date) -> bool:
        key = (person_id, skill)
        if key not in self.skill_expiry:
            return False
        expires = self.skill_expiry[key]
        return expires is None or self.day_of(date) < expires

    def assignments(self, rows=None) -> list[tuple[str, int, str]]:
        """The roster's assignments as the checker reads them: (employee id, day, code)."""
        if rows is None:
            rows = Assignment.objects.filter(roster=self.roster).values_list("person_id", "date", "shift_type__code")
        return [(str(person), self.day_of(date), code) for person, date, code in rows]


def work_rules_for(department) -> WorkRules:
    """The department's own work rules, else the hospital default."""
    rules = WorkRules.objects.filter(department=department).first()
    return rules or WorkRules.objects.get(department__isnull=True)


def _shift_types(roster: Roster, requirements) -> list[ShiftType]:
    used = {req.shift_type.pk for reqs in requirements.values() for req in reqs}
    used |= set(Assignment.objects.filter(roster=roster).values_list("shift_type_id", flat=True))
    if not used:
        return list(ShiftType.objects.filter(is_active=True))
    return list(ShiftType.objects.filter(pk__in=used))


def _solver_shift(shift: ShiftType, successions: list) -> SolverShift:
    """Contract limits count the shift's paid hours; rest is measured from its clock times."""
    forbidden = frozenset(second for first, second in successions if first == shift.code)
    return SolverShift(
        code=shift.code,
        minutes=round(shift.paid_hours * 60),
        length_minutes=shift.length_minutes,
        name=shift.name,
        start_minute=shift.start_minute,
        is_night=shift.is_night,
        cannot_be_followed_by=forbidden,
    )


def _people(roster: Roster) -> list[User]:
    rostered = StaffProfile.objects.rostered_in(roster.department).values_list("user_id", flat=True)
    assigned = Assignment.objects.filter(roster=roster).values_list("person_id", flat=True)
    return list(
        User.objects.filter(pk__in={*rostered, *assigned})
        .select_related("staff_profile")
        .prefetch_related("staff_profile__skills")
        .order_by("display_name", "username")
    )


def _leave_days(roster: Roster, people: list[User]) -> dict[int, set[int]]:
    days: dict[int, set[int]] = defaultdict(set)
    leave = LeaveRequest.objects.approved().overlapping(roster.first_day, roster.last_day)
    for person_id, start, end in leave.filter(person__in=people).values_list("person_id", "start", "end"):
        first = max(start, roster.first_day)
        while first <= min(end, roster.last_day):
            days[person_id].add((first - roster.first_day).days)
            first += dt.timedelta(days=1)
    return days


def _skill_expiry(roster: Roster, people: list[User]) -> dict[tuple[int, str], int | None]:
    """(person, skill code) -> the first day (from 0) the skill no longer counts, None if never.

    A skill gated by a certification counts from the first day only with one valid that day,
    and until the last valid one expires; certifications starting later in the period are
    not counted (the roster keeps them out of that skill's slots)."""
    first = roster.first_day
    valid_from_first: dict[tuple[int, str], list[dt.date | None]] = defaultdict(list)
    for cert in Certification.objects.filter(person__in=people).valid_on(first):
        valid_from_first[(cert.person_id, cert.kind)].append(cert.expires)
    expiry: dict[tuple[int, str], int | None] = {}
    for person in people:
        profile = getattr(person, "staff_profile", None)
        if profile is None:
            continue
        for skill in profile.skills.all():
            if not skill.certification_kind:
                expiry[(person.pk, skill.code)] = None
                continue
            ends = valid_from_first.get((person.pk, skill.certification_kind))
            if not ends:
                continue
            if None in ends:
                expiry[(person.pk, skill.code)] = None
                continue
            last = (max(ends) - first).days + 1
            expiry[(person.pk, skill.code)] = None if last >= roster.length_days else last
    return expiry


@dataclass(frozen=True)
class History:
    """What a person's previous roster left at its end (see Employee in staffing.solver.problem)."""

    shift_before: str | None = None
    forbidden_first_day: frozenset[str] = frozenset()
    worked_before: int = 0
    nights_before: int = 0


def _history(
    roster: Roster, people: list[User], rules: WorkRules, solver_shifts, successions
) -> tuple[dict[int, History], dict[str, str]]:
    """Per person, the end of the department's latest earlier roster that is published or
    archived (published first when both start the same day): one query."""
    lookback = max(rules.max_consecutive_days, rules.max_consecutive_nights) + 1
    previous = (
        Roster.objects.filter(
            department_id=roster.department_id,
            status__in=(RosterStatus.PUBLISHED, RosterStatus.ARCHIVED),
            first_day__lt=roster.first_day,
        )
        .order_by("-first_day", "-status")
        .values("pk")[:1]
    )
    rows = Assignment.objects.filter(
        roster__in=previous,
        person__in=people,
        date__gte=roster.first_day - dt.timedelta(days=lookback),
        date__lt=roster.first_day,
    ).select_related("shift_type")
    lines: dict[int, dict[int, ShiftType]] = defaultdict(dict)
    for row in rows:
        lines[row.person_id][(roster.first_day - row.date).days] = row.shift_type
    rest = rules.min_rest_hours * 60
    history = {}
    names = {shift.code: shift.name for line in lines.values() for shift in line.values()}
    for person_id, line in lines.items():
        worked = next(n for n in range(1, lookback + 2) if n not in line) - 1
        nights = next(n for n in range(1, lookback + 2) if n not in line or not line[n].is_night) - 1
        last = line.get(1)
        forbidden: frozenset[str] = frozenset()
        if last is not None:
            before = _solver_shift(last, successions)
            gaps = {s.code: before.rest_before(s) for s in solver_shifts}
            forbidden = frozenset(
                code
                for code, gap in gaps.items()
                if code in before.cannot_be_followed_by or (gap is not None and gap < rest)
            )
        history[person_id] = History(last.code if last else None, forbidden, worked, nights)
    return history, names


def _employee(
    person: User, roster: Roster, rules: WorkRules, leave: set[int], skills, night_codes, history: History
) -> Employee:
    profile = getattr(person, "staff_profile", None)
    hours = float(profile.contract_hours_per_week) if profile else 40.0
    available = roster.length_days - len(leave)
    contract_minutes = hours * 60 * available / 7
    weekends = sum(1 for d in range(roster.length_days) if (roster.first_day.weekday() + d) % 7 == 5)
    max_shifts = None
    if rules.max_shifts_per_week:
        max_shifts = math.ceil(rules.max_shifts_per_week * available / 7)
    return Employee(
        id=str(person.pk),
        name=str(person),
        skills=skills,
        unavailable_days=frozenset(leave),
        max_shifts_per_type={} if profile is None or profile.may_work_nights else dict.fromkeys(night_codes, 0),
        min_minutes=math.floor(contract_minutes * rules.min_hours_percent / 100),
        max_minutes=math.floor(contract_minutes * rules.max_hours_percent / 100),
        max_shifts=max_shifts,
        max_consecutive_days=rules.max_consecutive_days,
        max_consecutive_nights=rules.max_consecutive_nights,
        min_free_weekends=min(weekends, round(rules.min_free_weekends * roster.length_days / 28)),
        forbidden_shifts={0: history.forbidden_first_day} if history.forbidden_first_day else {},
        worked_before=history.worked_before,
        nights_before=history.nights_before,
        shift_before=history.shift_before,
    )


def build_problem(roster: Roster) -> RosterProblem:
    """The solver's problem for `roster` (in a fixed number of queries, whatever its size)."""
    rules = work_rules_for(roster.department)
    requirements = coverage_for_roster(roster)
    shift_types = {s.code: s for s in _shift_types(roster, requirements)}
    successions = [pair for pair in rules.forbidden_successions if len(pair) == 2]
    solver_shifts = tuple(_solver_shift(s, successions) for s in shift_types.values())
    night_codes = [s.code for s in shift_types.values() if s.is_night]
    people = _people(roster)
    leave = _leave_days(roster, people)
    expiry = _skill_expiry(roster, people)
    by_person: dict[int, dict[str, int | None]] = defaultdict(dict)
    for (person_id, skill), last in expiry.items():
        by_person[person_id][skill] = last
    history, history_names = _history(roster, people, rules, solver_shifts, successions)
    employees = tuple(
        _employee(
            p, roster, rules, leave.get(p.pk, set()), by_person.get(p.pk, {}), night_codes, history.get(p.pk, History())
        )
        for p in people
    )
    covers = tuple(
        Cover(
            day=(day - roster.first_day).days,
            shift=req.shift_type.code,
            minimum=req.minimum,
            preferred=req.preferred,
            skill=req.skill.code if req.skill else None,
        )
        for day, reqs in requirements.items()
        for req in reqs
    )
    ids = {p.pk for p in people}
    requests = tuple(
        SolverRequest(
            employee=str(r.person_id),
            day=(r.date - roster.first_day).days,
            shift=r.shift_type.code if r.shift_type_id else None,
            weight=r.weight * REQUEST_WEIGHT_UNIT,
            on=r.wants_to_work,
        )
        for r in ShiftRequest.objects.filter(
            person__in=ids, date__gte=roster.first_day, date__lte=roster.last_day
        ).select_related("shift_type")
        if r.shift_type_id is None or r.shift_type.code in shift_types
    )
    weights = Weights(
        under_minimum=UNDER_MINIMUM_WEIGHT,
        under_preferred=rules.preferred_cover_weight,
        over_cover=OVER_COVER_WEIGHT,
        night_fairness=rules.night_fairness_weight,
        weekend_fairness=rules.weekend_fairness_weight,
        split_weekend=rules.split_weekend_weight,
    )
    problem = Problem(
        days=roster.length_days,
        shift_types=solver_shifts,
        employees=employees,
        covers=covers,
        requests=requests,
        weights=weights,
        first_weekday=roster.first_day.weekday(),
        start_date=roster.first_day,
        min_rest_minutes=rules.min_rest_hours * 60,
        name=roster.department.name,
    )
    return RosterProblem(
        roster=roster,
        problem=problem,
        people={str(p.pk): p for p in people},
        shift_types=shift_types,
        rules=rules,
        skill_expiry=expiry,
        requirements=requirements,
        shift_names={**history_names, **{code: shift.name for code, shift in shift_types.items()}},
        skill_names={req.skill.code: req.skill.name for reqs in requirements.values() for req in reqs if req.skill},
    )
