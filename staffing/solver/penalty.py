"""The soft rules' penalty of a roster, broken down by rule and by person, and the coverage
shortfalls in words. The search uses it to accept a move; the solution reports it."""

from __future__ import annotations

from dataclasses import dataclass

from .compiled import OFF, Compiled, Grid
from .problem import Shortfall

RULES = (
    "cover_under_minimum",
    "cover_under_preferred",
    "cover_over",
    "shift_on_request",
    "shift_off_request",
    "split_weekend",
    "night_fairness",
    "weekend_fairness",
)


@dataclass
class Score:
    total: int
    by_rule: dict[str, int]
    by_employee: dict[str, int]
    shortfalls: list[Shortfall]


def cover_count(compiled: Compiled, grid: Grid, row) -> int:
    people = range(len(compiled.employees)) if row.qualified is None else row.qualified
    return sum(1 for e in people if grid[e][row.day] == row.shift)


def shortfall_message(compiled: Compiled, row, assigned: int) -> str:
    problem = compiled.problem
    shift = problem.shift_types[row.shift].label
    where = f"{problem.name}, " if problem.name else ""
    text = f"{where}{problem.day_label(row.day)}, {shift}: {assigned} of {row.minimum}"
    return text + (f" with skill {row.skill}" if row.skill else "")


def line_penalty(compiled: Compiled, e: int, line: list[int], by_rule: dict[str, int] | None = None) -> int:
    """The soft rules of person e's own line alone: their requests and split weekends (added
    into `by_rule` when given)."""
    on = off = split = 0
    for d, requests in compiled.on_requests[e].items():
        for s, weight in requests:
            if (s == OFF and line[d] == OFF) or (s != OFF and line[d] != s):
                on += weight
    for d, requests in compiled.off_requests[e].items():
        for s, weight in requests:
            if (s == OFF and line[d] != OFF) or (s != OFF and line[d] == s):
                off += weight
    weight = compiled.problem.weights.split_weekend
    if weight:
        for days in compiled.weekends.values():
            if len(days) == 2 and (line[days[0]] == OFF) != (line[days[1]] == OFF):
                split += weight
    if by_rule is not None:
        by_rule["shift_on_request"] += on
        by_rule["shift_off_request"] += off
        by_rule["split_weekend"] += split
    return on + off + split


def score(compiled: Compiled, grid: Grid) -> Score:
    by_rule = dict.fromkeys(RULES, 0)
    by_employee = {emp.id: 0 for emp in compiled.employees}
    shortfalls: list[Shortfall] = []
    working: list[dict[int, int]] = [{} for _ in range(compiled.days)]  # day -> shift -> people
    for line in grid:
        for d, s in enumerate(line):
            if s >= 0:
                working[d][s] = working[d].get(s, 0) + 1
    for row in compiled.covers:
        if row.qualified is None:
            n = working[row.day].get(row.shift, 0)
        else:
            n = cover_count(compiled, grid, row)
        by_rule["cover_under_minimum"] += row.under_weight * max(0, row.minimum - n)
        by_rule["cover_under_preferred"] += row.preferred_weight * max(0, row.preferred - n)
        by_rule["cover_over"] += row.over_weight * max(0, n - row.preferred)
        if n < row.minimum:
            shortfalls.append(
                Shortfall(
                    day=row.day,
                    shift=compiled.codes[row.shift],
                    skill=row.skill,
                    required=row.minimum,
                    assigned=n,
                    message=shortfall_message(compiled, row, n),
                )
            )
    weights = compiled.problem.weights
    nights: list[int] = []
    weekends_worked: list[int] = []
    for e, emp in enumerate(compiled.employees):
        line = grid[e]
        own = line_penalty(compiled, e, line, by_rule)
        by_employee[emp.id] = own
        if compiled.night_eligible[e]:
            nights.append(sum(1 for s in line if s != OFF and compiled.night[s]))
        if compiled.weekend_eligible[e]:
            weekends_worked.append(sum(1 for days in compiled.weekends.values() if any(line[d] != OFF for d in days)))
    if weights.night_fairness and nights:
        by_rule["night_fairness"] = weights.night_fairness * (max(nights) - min(nights))
    if weights.weekend_fairness and weekends_worked:
        by_rule["weekend_fairness"] = weights.weekend_fairness * (max(weekends_worked) - min(weekends_worked))
    return Score(sum(by_rule.values()), by_rule, by_employee, shortfalls)
