"""The first roster: each person's line in turn, against the coverage still missing.

Every hard rule concerns one person (coverage is soft), so lines can be built one at a time
and the roster keeps every hard rule from the start. A line comes from CP-SAT while that
stays cheap, else from the greedy in Python (`greedy.py`), else from a CP-SAT pattern of
working days filled with shift types. Mixed into the search (`search._Search`), whose
`solve_part`, `remaining`, `note`, `rng`, `seed`, `part_limit` and `compiled` it uses.
"""

from __future__ import annotations

import math
from dataclasses import replace

from ortools.sat.python import cp_model

from .compiled import OFF, Compiled, Grid
from .greedy import LineBuilder
from .model import build
from .problem import Problem, ShiftType


class RulesCannotBeMet(ValueError):
    """A person's own hard rules (leave, contract limits, runs) admit no roster at all."""

    def __init__(self, employee: str):
        super().__init__(f"No roster for {employee} satisfies their hard rules (leave, contract, runs).")
        self.employee = employee


# Greedy variants tried in turn for one line, from the best lines to the likeliest to succeed:
# (start a block later when behind on hours, spread weekends, eagerness to work).
GREEDY_ATTEMPTS = (
    (True, True, 0.9),
    (True, True, 0.7),
    (False, True, 0.9),
    (False, True, 0.5),
    (False, False, 0.7),
    (False, False, 0.3),
    (False, False, 0.0),
    (False, False, 0.0),
    (False, False, 0.0),
)


class Construction:
    def construct(self, grid: Grid) -> Grid:
        """Each person's line in turn, against the coverage still missing: first by the greedy
        (milliseconds), and when it fails, by CP-SAT as a pattern of working days (runs,
        weekends, number of shifts), then its shift types with that pattern fixed."""
        c = self.compiled
        n = len(c.employees)
        lines = LineBuilder(c, self.rng)
        placed = [[0] * len(c.codes) for _ in range(c.days)]
        for e in range(n):
            for d, s in enumerate(grid[e]):
                if s != OFF:
                    placed[d][s] += 1
        greedy = exact = 0
        spent_exact = 0.0
        for position, e in enumerate(range(n)):
            for d, s in enumerate(grid[e]):
                if s != OFF:
                    placed[d][s] -= 1
            line = None
            # CP-SAT gives the better line; it is used while the whole construction it
            # projects stays within a fifth of the time left.
            if spent_exact / max(1, exact) * (n - position) < 0.2 * self.remaining():
                began = self.clock()
                new, _ = self.solve_part(grid, [e], 0, c.days, 0.5 * self.part_limit)
                spent_exact += self.clock() - began
                exact += 1
                if new is not None:
                    line = new[e]
            if line is None:
                value = self.line_value(e, placed)
                for delay, spread, eagerness in GREEDY_ATTEMPTS:
                    lines.delay_when_behind = delay
                    lines.spread_weekends = spread
                    line = lines.build(e, value, eagerness)
                    if line is not None:
                        greedy += 1
                        break
            if line is not None:
                grid = [*grid[:e], line, *grid[e + 1 :]]
            else:
                grid = self.construct_line(grid, e, max(0.3, 0.3 * self.remaining() / (n - position)), placed)
            for d, s in enumerate(grid[e]):
                if s != OFF:
                    placed[d][s] += 1
        self.note(f"construction: {greedy} of {n} lines by the greedy")
        return grid

    def line_value(self, e: int, placed: list[list[int]]) -> list[list[float]]:
        """What one more shift s on day d is worth for person e: the coverage it fills (or
        overfills) and e's own requests."""
        c = self.compiled
        value = [[0.0] * len(c.codes) for _ in range(c.days)]
        for row in c.covers:
            if row.qualified is not None and e not in row.qualified:
                continue
            have = placed[row.day][row.shift]
            if have < row.minimum:
                worth = row.under_weight + row.preferred_weight
            elif have < row.preferred:
                worth = row.preferred_weight
            else:
                worth = -row.over_weight
            value[row.day][row.shift] += worth
        for sign, requests in ((1, c.on_requests[e]), (-1, c.off_requests[e])):
            for d, wishes in requests.items():
                for s, weight in wishes:
                    for t in range(len(c.codes)) if s == OFF else (s,):
                        value[d][t] += sign * weight
        return value

    def construct_line(self, grid: Grid, e: int, share: float, placed: list[list[int]]) -> Grid:
        """One person's line when the greedy failed: a pattern of working days from CP-SAT,
        filled with shift types in Python, else by CP-SAT; last, the whole line by CP-SAT."""
        value = self.line_value(e, placed)
        patterns = []
        for attempt in range(3):  # cheap first: a dive aimed at middle lengths, any count, full search
            pattern = self.working_pattern(e, share, attempt)
            if pattern is None:
                continue
            line = LineBuilder(self.compiled, self.rng).fill(e, pattern, value)
            if line is not None:
                return [*grid[:e], line, *grid[e + 1 :]]
            patterns.append(pattern)
        for pattern in patterns:
            for dive in (False, True):
                new, _ = self.solve_part(
                    grid, [e], 0, self.compiled.days, max(share, 2.0), must=True, working_days={e: pattern}, dive=dive
                )
                if new is not None:
                    return new
        new, proved = self.solve_part(grid, [e], 0, self.compiled.days, 60.0, must=True)
        if new is None:
            if proved:
                raise RulesCannotBeMet(self.compiled.employees[e].label)
            raise RuntimeError(f"no line found in time for {self.compiled.employees[e].label}")
        return new

    def working_pattern(self, e: int, limit: float, attempt: int) -> set[int] | None:
        """Days employee `e` could work, honouring every rule about working days alone."""
        c = self.compiled
        emp = c.employees[e]
        lengths = [c.minutes[s] for s in range(len(c.codes)) if c.max_per_type[e][s] != 0]
        if not lengths:
            return set()
        fewest = max(emp.min_shifts, -(-emp.min_minutes // max(lengths)))
        most = c.days
        if emp.max_shifts is not None:
            most = min(most, emp.max_shifts)
        if emp.max_minutes is not None:
            most = min(most, emp.max_minutes // min(lengths))
        if all(limit is not None for limit in c.max_per_type[e]):
            most = min(most, sum(c.max_per_type[e]))
        if attempt != 1:
            # Aim at a number of shifts whose minutes fit with shifts of a middle length, so
            # that the types can still be chosen (the extremes need every shift long or short).
            typical = sorted(lengths)[len(lengths) // 2] if attempt == 0 else sum(lengths) / len(lengths)
            low = max(fewest, math.ceil(emp.min_minutes / typical))
            high = min(most, math.floor(emp.max_minutes / typical)) if emp.max_minutes is not None else most
            if low <= high:
                fewest, most = low, high
        person = replace(
            emp,
            unavailable_days=frozenset(d for d in range(c.days) if not c.allowed[e][d]),
            forbidden_shifts={},
            max_shifts_per_type={},
            min_minutes=0,
            max_minutes=None,
            min_shifts=fewest,
            max_shifts=most,
            max_consecutive_nights=None,
        )
        day = ShiftType(code="W", minutes=1)
        pattern_problem = Problem(
            days=c.days, shift_types=(day,), employees=(person,), first_weekday=c.problem.first_weekday
        )
        compiled = Compiled(pattern_problem)
        part = build(compiled, compiled.empty_grid(), [0], 0, c.days)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(limit, 1.0 if attempt < 2 else 5.0)
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = self.seed + attempt
        if attempt < 2:
            # Working first, day by day: a greedy dive that propagation keeps within the rules.
            works = list(part.x.values())
            part.model.add_decision_strategy(works, cp_model.CHOOSE_FIRST, cp_model.SELECT_MAX_VALUE)
            solver.parameters.search_branching = cp_model.FIXED_SEARCH
        else:  # the full search, with the linear relaxation that counts days well
            solver.parameters.linearization_level = 2
        status = solver.solve(part.model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        line = part.read(solver, compiled.empty_grid())[0]
        return {d for d, s in enumerate(line) if s >= 0}
