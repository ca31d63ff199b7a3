"""A `Problem` turned into integer indexes once, for the model builder and the scorer.

A roster is held here as a grid: `grid[e][d]` is the index of the shift type employee `e`
works on day `d`, or -1 for a day off.
"""

from __future__ import annotations

from dataclasses import dataclass

from .problem import Problem, Roster

OFF = -1
Grid = list[list[int]]


@dataclass(frozen=True)
class CoverRow:
    index: int
    day: int
    shift: int
    skill: str | None
    minimum: int
    preferred: int
    under_weight: int
    preferred_weight: int
    over_weight: int
    qualified: frozenset[int] | None  # employees counted; None = everyone


class Compiled:
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.days = problem.days
        self.codes = [s.code for s in problem.shift_types]
        self.shift_index = {code: i for i, code in enumerate(self.codes)}
        self.minutes = [s.minutes for s in problem.shift_types]
        self.night = [s.is_night for s in problem.shift_types]
        self.night_shifts = [i for i, night in enumerate(self.night) if night]
        self.forbid_next: list[list[int]] = [[] for _ in self.codes]
        for first, second in sorted(problem.forbidden_successions()):
            self.forbid_next[self.shift_index[first]].append(self.shift_index[second])
        self.employees = list(problem.employees)
        self.employee_index = {emp.id: i for i, emp in enumerate(self.employees)}
        self.weekends = problem.weekends()
        self.weekend_of = [problem.weekend_of(d) for d in range(self.days)]
        self._compile_employees()
        self._compile_requests()
        self._compile_covers()

    def _compile_employees(self) -> None:
        problem = self.problem
        self.allowed: list[list[tuple[int, ...]]] = []
        self.max_per_type: list[list[int | None]] = []
        self.max_weekends: list[int | None] = []
        for emp in self.employees:
            limits = [emp.max_shifts_per_type.get(code) for code in self.codes]
            usable = tuple(s for s, limit in enumerate(limits) if limit is None or limit > 0)
            self.allowed.append([self._allowed_on(emp, d, usable) for d in range(problem.days)])
            self.max_per_type.append(limits)
            caps = []
            if emp.max_weekends is not None:
                caps.append(emp.max_weekends)
            if emp.min_free_weekends:
                caps.append(max(0, len(self.weekends) - emp.min_free_weekends))
            self.max_weekends.append(min(caps) if caps else None)
        self.night_eligible = [any(s in self.night_shifts for day in allowed for s in day) for allowed in self.allowed]
        self.weekend_eligible = [
            any(allowed[d] for days in self.weekends.values() for d in days) for allowed in self.allowed
        ]

    def _allowed_on(self, emp, day: int, usable: tuple[int, ...]) -> tuple[int, ...]:
        """The shift types `emp` may work on `day`: none on leave, and none that the previous
        roster's last shift forbids (rest, succession)."""
        if day in emp.unavailable_days:
            return ()
        forbidden = emp.forbidden_shifts.get(day, ())
        return tuple(s for s in usable if self.codes[s] not in forbidden)

    def _compile_requests(self) -> None:
        # on_requests[e][d] / off_requests[e][d]: list of (shift index or OFF for "any", weight)
        n = len(self.employees)
        self.on_requests: list[dict[int, list[tuple[int, int]]]] = [{} for _ in range(n)]
        self.off_requests: list[dict[int, list[tuple[int, int]]]] = [{} for _ in range(n)]
        for request in self.problem.requests:
            e = self.employee_index[request.employee]
            s = OFF if request.shift is None else self.shift_index[request.shift]
            target = self.on_requests if request.on else self.off_requests
            target[e].setdefault(request.day, []).append((s, request.weight))

    def _compile_covers(self) -> None:
        weights = self.problem.weights
        self.covers: list[CoverRow] = []
        self.covers_by_day: list[list[CoverRow]] = [[] for _ in range(self.days)]
        for i, cover in enumerate(self.problem.covers):
            qualified = None
            if cover.skill is not None:
                qualified = frozenset(
                    e for e, emp in enumerate(self.employees) if emp.has_skill(cover.skill, cover.day)
                )
            row = CoverRow(
                index=i,
                day=cover.day,
                shift=self.shift_index[cover.shift],
                skill=cover.skill,
                minimum=cover.minimum,
                preferred=max(cover.minimum, cover.preferred or 0),
                under_weight=weights.under_minimum if cover.under_weight is None else cover.under_weight,
                preferred_weight=weights.under_preferred,
                over_weight=weights.over_cover if cover.over_weight is None else cover.over_weight,
                qualified=qualified,
            )
            self.covers.append(row)
            self.covers_by_day[cover.day].append(row)

    def empty_grid(self) -> Grid:
        return [[OFF] * self.days for _ in self.employees]

    def to_roster(self, grid: Grid) -> Roster:
        return {emp.id: [None if s == OFF else self.codes[s] for s in grid[e]] for e, emp in enumerate(self.employees)}

    def from_roster(self, roster: Roster) -> Grid:
        grid = self.empty_grid()
        for e, emp in enumerate(self.employees):
            for d, code in enumerate(roster.get(emp.id, [])):
                if code is not None:
                    grid[e][d] = self.shift_index[code]
        return grid
