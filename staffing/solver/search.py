"""Solving a `Problem`: a constructive start, then large-neighbourhood search on CP-SAT.

1. Construction. Every hard rule concerns one person (coverage is soft), so each person's
   line is solved on its own by CP-SAT, in turn, against the coverage still missing: the
   roster is feasible from the start, even on year-long instances where a full model finds
   nothing in a minute.
2. Large-neighbourhood search. Repeatedly free a part of the roster (a window of days for
   everyone, a few people over the whole horizon, or a few people over a window), keep the
   rest fixed, and re-optimise the part with CP-SAT, hinted with the current roster. A move
   is kept when the re-scored roster is no worse. The size of a part adapts: it grows while
   parts are solved to optimality quickly and shrinks when they time out.
3. On small problems the full model is then solved from the best roster as a hint, which can
   prove optimality.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable

from ortools.sat.python import cp_model

from .compiled import Compiled, Grid
from .model import build
from .penalty import score
from .problem import Problem, Roster, Solution


class RulesCannotBeMet(ValueError):
    """A person's own hard rules (leave, contract limits, runs) admit no roster at all."""

    def __init__(self, employee: str):
        super().__init__(f"No roster for {employee} satisfies their hard rules (leave, contract, runs).")
        self.employee = employee


Progress = Callable[[float, int], None]

FULL_MODEL_CELLS = 3000  # employees x days x shift types below which the full model is tried


class _Search:
    def __init__(
        self,
        problem: Problem,
        time_limit: float,
        workers: int,
        seed: int,
        progress: Progress | None,
        full_model: bool | None,
    ):
        self.started = time.monotonic()
        self.deadline = self.started + time_limit
        self.compiled = Compiled(problem)
        self.workers = workers
        self.rng = random.Random(seed)
        self.seed = seed
        self.progress = progress
        self.log: list[str] = []
        cells = len(problem.employees) * problem.days * len(problem.shift_types)
        self.full_model = cells <= FULL_MODEL_CELLS if full_model is None else full_model
        self.lower_bound: int | None = None
        self.part_limit = 0.3
        self.optimal = False

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def note(self, text: str) -> None:
        self.log.append(f"{time.monotonic() - self.started:7.2f}s {text}")

    def solve_part(
        self,
        grid: Grid,
        employees: list[int],
        first: int,
        last: int,
        limit: float,
        *,
        must: bool = False,
        seed: int = 0,
    ) -> tuple[Grid | None, bool]:
        """Re-optimise a part; returns the new grid (None without a solution) and whether
        the part was solved to optimality (or proved infeasible). A part that `must` be
        solved (the construction) may run past the deadline."""
        part = build(self.compiled, grid, employees, first, last)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = limit if must else max(0.05, min(limit, self.remaining()))
        # Parts are small: one worker with the full linear relaxation (linearization level 2)
        # proves them optimal many times faster than the default portfolio.
        solver.parameters.num_workers = 1
        solver.parameters.linearization_level = 2
        solver.parameters.random_seed = seed
        status = solver.solve(part.model)
        if status == cp_model.INFEASIBLE:
            return None, True
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None, False
        return part.read(solver, grid), status == cp_model.OPTIMAL

    def construct(self, grid: Grid) -> Grid:
        n = len(self.compiled.employees)
        order = list(range(n))
        for position, e in enumerate(order):
            share = max(0.2, 0.3 * self.remaining() / (n - position))
            new, proved = self.solve_part(grid, [e], 0, self.compiled.days, share, must=True)
            if new is None and not proved:
                new, proved = self.solve_part(grid, [e], 0, self.compiled.days, 30.0, must=True)
            if new is None:
                raise RulesCannotBeMet(self.compiled.employees[e].label)
            grid = new
        return grid

    def neighbourhood(self, kind: str, size: float) -> tuple[list[int], int, int]:
        """A part of about `size` cells (employees x days) of the given kind."""
        c = self.compiled
        n, h = len(c.employees), c.days
        if kind == "days":  # a window of days, everyone
            width = max(2, min(h, round(size / n)))
            first = self.rng.randrange(0, h - width + 1)
            return list(range(n)), first, first + width
        if kind == "people":  # some people, whole horizon
            count = max(2, min(n, round(size / h)))
            return sorted(self.rng.sample(range(n), count)), 0, h
        # some people over a window
        count = max(2, min(n, round(self.rng.uniform(0.2, 0.6) * n)))
        width = max(2, min(h, round(size / count)))
        first = self.rng.randrange(0, h - width + 1)
        return sorted(self.rng.sample(range(n), count)), first, first + width

    def improve(self, grid: Grid, best: int) -> tuple[Grid, int]:
        """Large-neighbourhood search on `workers` threads, each solving its own part with one
        CP-SAT worker. A finished part is merged into the current roster unless one of its
        people was changed meanwhile by another thread (their hard rules would no longer be
        guaranteed); the merged roster is re-scored and kept when no worse."""
        c = self.compiled
        total = len(c.employees) * c.days
        # Each kind of part keeps its own size: it grows while parts are solved to
        # optimality quickly and shrinks when they time out.
        self.sizes = {
            "days": float(min(total, 4 * len(c.employees))),
            "people": float(min(total, 3 * c.days)),
            "mixed": float(min(total, 60)),
        }
        self.grid, self.best = grid, best
        self.version = 0
        self.changed: list[set[int]] = []  # people changed by each accepted move, by version
        self.tried = self.solved = 0
        self.lock = threading.Lock()
        threads = [threading.Thread(target=self.lns_worker) for _ in range(max(1, self.workers))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.note(
            f"LNS: {self.tried} parts, {self.solved} solved to optimality, sizes "
            + ", ".join(f"{k} {v:.0f}" for k, v in self.sizes.items())
        )
        return self.grid, self.best

    def lns_worker(self) -> None:
        c = self.compiled
        total = len(c.employees) * c.days
        while self.remaining() > 0.2 and not self.optimal:
            if self.full_model and self.remaining() < self.polish_time():
                return
            with self.lock:
                kind = self.rng.choice(tuple(self.sizes))
                employees, first, last = self.neighbourhood(kind, self.sizes[kind])
                grid, version = self.grid, self.version
                seed = self.rng.randrange(1 << 30)
            began = time.monotonic()
            new, optimal = self.solve_part(grid, employees, first, last, self.part_limit, seed=seed)
            quick = optimal and time.monotonic() - began < self.part_limit / 3
            with self.lock:
                self.tried += 1
                self.solved += optimal
                if quick:
                    self.sizes[kind] = min(total, self.sizes[kind] * 1.05)
                elif not optimal:
                    self.sizes[kind] = max(8.0, self.sizes[kind] * 0.85)
                if new is None:
                    continue
                if self.version != version:
                    if any(e in changed for changed in self.changed[version:] for e in employees):
                        continue
                    merged = [list(line) for line in self.grid]
                    for e in employees:
                        merged[e][first:last] = new[e][first:last]
                    new = merged
                moved = {e for e in employees if new[e] != self.grid[e]}
                if not moved:
                    continue
                value = score(c, new).total
                if value <= self.best:
                    if value < self.best:
                        self.note(f"LNS {kind} {len(employees)} people x days {first}-{last}: {self.best} -> {value}")
                        self.report(value)
                    self.grid, self.best = new, value
                    self.version += 1
                    self.changed.append(moved)

    def polish_time(self) -> float:
        return 0.5 * (self.deadline - self.started)

    def polish(self, grid: Grid, best: int) -> tuple[Grid, int]:
        """The full model, hinted with the best roster; it may prove optimality."""
        c = self.compiled
        part = build(c, grid, list(range(len(c.employees))), 0, c.days)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.1, self.remaining())
        solver.parameters.num_workers = self.workers
        solver.parameters.random_seed = self.seed
        status = solver.solve(part.model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            new = part.read(solver, grid)
            value = score(c, new).total
            if value <= best:
                grid, best = new, value
            if status == cp_model.OPTIMAL:
                self.optimal = True
        self.note(f"full model: {best} ({solver.status_name(status)})")
        return grid, best

    def report(self, value: int) -> None:
        if self.progress is not None:
            self.progress(time.monotonic() - self.started, value)

    def run(self, initial: Roster | None) -> Solution:
        c = self.compiled
        grid = c.from_roster(initial) if initial else c.empty_grid()
        grid = self.construct(grid)
        best = score(c, grid).total
        self.note(f"constructed: {best}")
        self.report(best)
        grid, best = self.improve(grid, best)
        if self.full_model and self.remaining() > 0.2:
            grid, best = self.polish(grid, best)
        result = score(c, grid)
        return Solution(
            roster=c.to_roster(grid),
            penalty=result.total,
            by_rule=result.by_rule,
            by_employee=result.by_employee,
            shortfalls=result.shortfalls,
            status="optimal" if self.optimal else "feasible",
            log=self.log,
        )


def solve(
    problem: Problem,
    *,
    time_limit: float = 10.0,
    workers: int = 2,
    seed: int = 0,
    initial: Roster | None = None,
    progress: Progress | None = None,
    full_model: bool | None = None,
) -> Solution:
    """The best roster found within `time_limit` seconds on `workers` CP-SAT workers.

    Every hard rule holds in the returned roster; raises `RulesCannotBeMet` when one
    person's own rules admit no roster. Minimum coverage that cannot be met is reported in
    `Solution.shortfalls`, in words. `progress(elapsed_seconds, penalty)` is called on each
    improvement.
    """
    return _Search(problem, time_limit, workers, seed, progress, full_model).run(initial)
