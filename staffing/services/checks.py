"""Every hard and soft rule of a roster, re-checked after any change.

No second rule engine: the roster becomes the solver's plain problem (services.problem) and
its assignments are read by the solver's independent checker (staffing.solver.checker),
whose findings are placed back on the roster's cells: a person's day, a person's whole line,
or a day's coverage.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import gettext_lazy as _

from staffing.models import Assignment, Roster
from staffing.services.coverage import CoverageLine, coverage_for_roster
from staffing.services.messages import Wording
from staffing.services.problem import RosterProblem, build_problem
from staffing.solver.checker import Flag, check_problem

RULE_LABELS = {
    "one_shift_a_day": _("More than one shift a day"),
    "unknown_shift": _("Shift type not used by this department"),
    "unknown_employee": _("Person not on this roster"),
    "outside_horizon": _("Day outside the roster"),
    "leave": _("Works during approved leave"),
    "after_previous_roster": _("Too soon after the previous roster"),
    "succession": _("Forbidden succession of shifts"),
    "rest": _("Too little rest between shifts"),
    "shifts_of_type": _("Too many shifts of one type"),
    "contract_hours": _("Hours outside the contract's limits"),
    "contract_shifts": _("Too many shifts for the contract"),
    "max_consecutive_days": _("Too many working days in a row"),
    "min_consecutive_days": _("Too few working days in a row"),
    "min_consecutive_days_off": _("Too few days off in a row"),
    "max_consecutive_nights": _("Too many nights in a row"),
    "max_weekends": _("Too many weekends worked"),
    "min_free_weekends": _("Too few free weekends"),
    "cover_under_minimum": _("Below minimum coverage"),
    "shift_on_request": _("Request to work not honoured"),
    "shift_off_request": _("Request for time off not honoured"),
}


@dataclass(frozen=True)
class Violation:
    person_id: int | None
    date: dt.date | None
    rule: str
    message: str
    is_hard: bool

    @property
    def label(self) -> str:
        return str(RULE_LABELS.get(self.rule, self.rule))

    def as_dict(self) -> dict:
        return {
            "person": self.person_id,
            "date": self.date.isoformat() if self.date else None,
            "rule": self.rule,
            "label": self.label,
            "message": self.message,
            "is_hard": self.is_hard,
        }


@dataclass
class RosterCheck:
    violations: list[Violation]
    penalty: int
    by_rule: dict[str, int]
    shortfalls: list[str]
    bundle: RosterProblem = field(repr=False)

    @property
    def hard(self) -> list[Violation]:
        return [v for v in self.violations if v.is_hard]

    @property
    def has_hard_violations(self) -> bool:
        return any(v.is_hard for v in self.violations)

    @cached_property
    def by_cell(self) -> dict[tuple[int, dt.date], list[Violation]]:
        """The violations of a person's day (grouped once: a grid reads it for every cell)."""
        cells: dict[tuple[int, dt.date], list[Violation]] = defaultdict(list)
        for v in self.violations:
            if v.person_id is not None and v.date is not None:
                cells[(v.person_id, v.date)].append(v)
        return dict(cells)

    @cached_property
    def by_person(self) -> dict[int, list[Violation]]:
        """Rules over a person's whole roster (hours, weekends), not one day."""
        people: dict[int, list[Violation]] = defaultdict(list)
        for v in self.violations:
            if v.person_id is not None and v.date is None:
                people[v.person_id].append(v)
        return dict(people)


def _violation(bundle: RosterProblem, wording: Wording, flag: Flag, *, is_hard: bool) -> Violation:
    """A checker's finding placed on the roster, said in the active language."""
    person = bundle.people.get(flag.employee) if flag.employee else None
    date = bundle.date_of(flag.day) if flag.day is not None else None
    return Violation(person.pk if person else None, date, flag.rule, wording(flag), is_hard)


def check_roster(roster: Roster, *, assignments=None, bundle: RosterProblem | None = None) -> RosterCheck:
    """Every hard rule (leave, skills and certifications, rest and successions, runs of days
    and nights, contract limits, weekends) and every soft rule's penalty of the roster as it
    stands, or of `assignments` ((person pk, date, shift code) rows) instead of the stored ones."""
    bundle = bundle or build_problem(roster)
    report = check_problem(bundle.problem, bundle.assignments(assignments))
    wording = Wording(bundle)
    violations = [_violation(bundle, wording, f, is_hard=True) for f in report.flags]
    violations += [_violation(bundle, wording, f, is_hard=False) for f in report.soft_flags]
    shortfalls = [v.message for v in violations if v.rule == "cover_under_minimum"]
    return RosterCheck(violations, report.penalty, report.by_rule, shortfalls, bundle)


def coverage_report(roster: Roster, *, bundle: RosterProblem | None = None) -> list[CoverageLine]:
    """Required against assigned for every day, shift and skill of the roster; a skill slot
    counts only holders of the skill whose certification is valid that day."""
    bundle = bundle or build_problem(roster)
    working: dict[tuple[dt.date, int], list[int]] = defaultdict(list)
    rows = Assignment.objects.filter(roster=roster).values_list("person_id", "date", "shift_type_id")
    for person_id, day, shift_id in rows:
        working[(day, shift_id)].append(person_id)
    lines = []
    for day, requirements in (bundle.requirements or coverage_for_roster(roster)).items():
        for req in requirements:
            people = working.get((day, req.shift_type.pk), [])
            if req.skill is not None:
                people = [p for p in people if bundle.has_skill(p, req.skill.code, day)]
            lines.append(CoverageLine(day, req.shift_type, req.skill, req.minimum, req.preferred, len(people)))
    return lines


def coverage_by_day(lines: list[CoverageLine]) -> dict[str, list[int]]:
    """{"YYYY-MM-DD": [staff required, of them assigned]} from a coverage report: what the
    coverage fulfilment metric reads from published rosters."""
    days: dict[str, list[int]] = {}
    for line in lines:
        day = days.setdefault(line.date.isoformat(), [0, 0])
        day[0] += line.minimum
        day[1] += min(line.assigned, line.minimum)
    return days
