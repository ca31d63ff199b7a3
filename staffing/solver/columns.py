"""Column generation: the roster as one line (column) per person, its linear relaxation over
lines generated on demand, and rosters read from that relaxation.

Every hard rule concerns one person, and the soft rules split into coverage (shared) and each
person's own (requests, split weekends). So a roster is a choice of one line per person, and
the linear relaxation of that choice (the master: lines weighted between 0 and 1, coverage
counted from them) is close to the best roster's penalty: on the benchmark's Instances 5 and 6
it is 1140.6 and 1949.0 against best known 1143 and 1950. Lines are added by pricing: each
person's CP-SAT model (`model.LineModel`) with every shift earning the master's dual price.
Night and weekend fairness span people and have no place here (`applies`).

- `converge` solves the master to optimality or a deadline; the duals are smoothed (Wentges:
  priced at a mix of the best-bound duals and the master's), which takes fewer rounds.
- `cell_values`: how much of each (person, day, shift) the relaxation uses. The search frees the
  cells where its roster disagrees (`search._Search.guided_part`).
- `rounding`: the most used line of each person, and the days on which their lines in use
  differ; CP-SAT chooses those days (`search._Search.round_relaxation`).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import repeat

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from .compiled import OFF, Compiled, Grid
from .model import PRICE_SCALE, LineModel
from .penalty import line_penalty

Line = tuple[int, ...]
SMOOTHING = 0.5  # weight of the best-bound duals in the prices of a round
TOLERANCE = 1e-6
CLOSE_ENOUGH = 1e-3  # converged when the bound is within this share of the master's value


def applies(compiled: Compiled) -> bool:
    weights = compiled.problem.weights
    return not weights.night_fairness and not weights.weekend_fairness


def proves(bound: float, penalty: int) -> bool:
    """Whether a lower `bound` shows no roster costs less than `penalty` (penalties are whole)."""
    return math.ceil(bound - TOLERANCE) >= penalty


@dataclass
class Pricing:
    """What pricing one person found: lines (best last) and a lower bound on the least
    reduced cost of any of their lines, before their convexity dual."""

    lines: list[Line]
    bound: float


class _Lines(cp_model.CpSolverSolutionCallback):
    """Every line CP-SAT finds on its way to the best: more columns from one pricing."""

    def __init__(self, line_model: LineModel):
        super().__init__()
        self.line_model = line_model
        self.found: list[Line] = []

    def on_solution_callback(self) -> None:
        self.found.append(self.line_model.read(self))


class ColumnGeneration:
    def __init__(self, compiled: Compiled, workers: int, seed: int = 0, clock: Callable[[], float] = time.monotonic):
        self.c = compiled
        self.clock = clock
        self.seed = seed
        self.executor = ThreadPoolExecutor(max(1, workers))
        self.lp = pywraplp.Solver.CreateSolver("GLOP")
        n = len(compiled.employees)
        self.pool: list[dict[Line, pywraplp.Variable]] = [{} for _ in range(n)]
        self.line_models: list[LineModel | None] = [None] * n  # built on first pricing
        self.cost: dict[tuple[int, Line], int] = {}
        self.convexity = [self.lp.Constraint(1, 1) for _ in range(n)]
        self.objective = self.lp.Objective()
        self.objective.SetMinimization()
        # Cover rows by (day, shift): each with its constraints (minimum, preferred, excess).
        self.rows: dict[tuple[int, int], list[tuple[object, list]]] = {}
        self.row_constraints: list = []
        for row in compiled.covers:
            constraints = []
            for target, weight in ((row.minimum, row.under_weight), (row.preferred, row.preferred_weight)):
                if weight and target > 0:
                    constraints.append(self._slack_row(target, weight, below=True))
            if row.over_weight:
                constraints.append(self._slack_row(row.preferred, row.over_weight, below=False))
            self.rows.setdefault((row.day, row.shift), []).append((row, constraints))
        self.value = float("inf")  # of the master's last solution
        self.bound = float("-inf")  # best Lagrangian lower bound found
        self.rounds = 0

    def _slack_row(self, target: int, weight: int, below: bool):
        """`count + short >= target` (or `count - excess <= target`), the slack costing `weight`."""
        lp = self.lp
        slack = lp.NumVar(0, lp.infinity(), "")
        self.objective.SetCoefficient(slack, weight)
        if below:
            constraint = lp.Constraint(target, lp.infinity())
            constraint.SetCoefficient(slack, 1)
        else:
            constraint = lp.Constraint(-lp.infinity(), target)
            constraint.SetCoefficient(slack, -1)
        self.row_constraints.append((constraint, target))
        return constraint

    # --- columns ---------------------------------------------------------------------
    def counted(self, e: int, d: int, s: int) -> list:
        """The master's constraints a shift s of person e on day d counts in."""
        return [
            constraint
            for row, constraints in self.rows.get((d, s), ())
            if row.qualified is None or e in row.qualified
            for constraint in constraints
        ]

    def add(self, e: int, line: Line) -> bool:
        if line in self.pool[e]:
            return False
        var = self.lp.NumVar(0, self.lp.infinity(), "")
        cost = line_penalty(self.c, e, list(line))
        self.cost[e, line] = cost
        self.objective.SetCoefficient(var, cost)
        self.convexity[e].SetCoefficient(var, 1)
        for d, s in enumerate(line):
            if s != OFF:
                for constraint in self.counted(e, d, s):
                    constraint.SetCoefficient(var, 1)
        self.pool[e][line] = var
        return True

    def add_grid(self, grid: Grid) -> None:
        for e, line in enumerate(grid):
            self.add(e, tuple(line))

    # --- the master --------------------------------------------------------------------
    def solve_master(self) -> bool:
        status = self.lp.Solve()
        if status != pywraplp.Solver.OPTIMAL:
            return False
        self.value = self.objective.Value()
        return True

    def duals(self) -> dict:
        return {constraint: constraint.dual_value() for constraint, _ in self.row_constraints} | {
            constraint: constraint.dual_value() for constraint in self.convexity
        }

    def prices(self, e: int, duals: dict) -> dict[tuple[int, int], float]:
        """What each (day, shift) earns person e under `duals`."""
        prices = {}
        for (d, s), rows in self.rows.items():
            total = sum(
                duals[constraint]
                for row, constraints in rows
                if row.qualified is None or e in row.qualified
                for constraint in constraints
            )
            if abs(total) > TOLERANCE:
                prices[d, s] = total
        return prices

    def reduced_cost(self, e: int, line: Line, prices: dict[tuple[int, int], float]) -> float:
        earned = sum(prices.get((d, s), 0.0) for d, s in enumerate(line) if s != OFF)
        return line_penalty(self.c, e, list(line)) - earned

    def price_at(self, e: int, duals: dict, limit: float) -> Pricing | None:
        return self.price(e, self.prices(e, duals), limit)

    def price(self, e: int, prices: dict[tuple[int, int], float], limit: float) -> Pricing | None:
        line_model = self.line_models[e]
        if line_model is None:
            line_model = self.line_models[e] = LineModel(self.c, e)
        line_model.price(prices)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = limit
        solver.parameters.num_workers = 1
        solver.parameters.linearization_level = 2
        solver.parameters.random_seed = self.seed
        found = _Lines(line_model)
        status = solver.solve(line_model.model, found)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        # The objective leaves out each request's constant: the bound is shifted by the gap
        # between the best line's objective and its true reduced cost, and lowered by what
        # rounding the prices to PRICE_SCALE may have hidden (half a unit a shift worked).
        best = found.found[-1]
        line_model.hint(best)
        shift = self.reduced_cost(e, best, prices) - solver.objective_value / PRICE_SCALE
        rounding = 0.5 * self.c.days / PRICE_SCALE
        return Pricing(found.found, solver.best_objective_bound / PRICE_SCALE + shift - rounding)

    def round_time(self, people: int = 1) -> float:
        """Seconds a round of pricing is likely to take: the first `people` priced at the
        master's duals, on the workers, scaled to everyone."""
        if not self.solve_master():
            return float("inf")
        duals = self.duals()
        probed = range(min(len(self.pool), people))
        began = self.clock()
        list(self.executor.map(self.price_at, probed, repeat(duals), repeat(1.0)))
        return (self.clock() - began) * len(self.pool) / len(probed)

    def converge(
        self, deadline: float, rounds: int = 1000, limit: float = 1.0, close_enough: float = CLOSE_ENOUGH
    ) -> bool:
        """Add lines until none would lower the master, or the bound comes within `close_enough`
        of its value (True), or until the deadline or the number of rounds (False). The master
        is then solved over the lines found."""
        centre, centre_bound = None, float("-inf")
        smoothing = SMOOTHING
        for _ in range(rounds):
            if not self.solve_master():
                return False
            if self.clock() > deadline:
                return False
            self.rounds += 1
            duals = self.duals()
            if centre is None or not smoothing:
                mixed = duals
            else:
                mixed = {k: smoothing * centre[k] + (1 - smoothing) * v for k, v in duals.items()}
            people = range(len(self.c.employees))
            priced = zip(people, self.executor.map(self.price_at, people, repeat(mixed), repeat(limit)), strict=True)
            # The Lagrangian bound at the prices used: a valid lower bound on every roster.
            bound = sum(mixed[constraint] * target for constraint, target in self.row_constraints)
            added = 0
            for e, result in priced:
                if result is None:
                    bound = float("-inf")
                    continue
                bound += result.bound
                prices = self.prices(e, duals)
                for line in result.lines:
                    if self.reduced_cost(e, line, prices) - duals[self.convexity[e]] < -TOLERANCE:
                        added += self.add(e, line)
            if bound > self.bound:
                self.bound = bound
            if bound > centre_bound:
                centre, centre_bound = mixed, bound
            if added:
                smoothing = SMOOTHING
            elif mixed is not duals:
                smoothing = 0.0  # mispriced: the mix found nothing the master wants; its own duals next
            else:
                self.solve_master()
                return True
            if self.value - centre_bound <= close_enough * abs(self.value) + TOLERANCE:
                self.solve_master()
                return True
        self.solve_master()
        return False

    # --- reading the relaxation ----------------------------------------------------------
    def weights(self) -> list[list[tuple[Line, float]]]:
        """Each person's lines the master uses, with their weight."""
        return [
            [(line, var.solution_value()) for line, var in lines.items() if var.solution_value() > TOLERANCE]
            for lines in self.pool
        ]

    def cell_values(self) -> list[list[dict[int, float]]]:
        """values[e][d][s]: the weight of the lines of e that work shift s on day d (OFF: off)."""
        values = [[{} for _ in range(self.c.days)] for _ in self.pool]
        for e, weighted in enumerate(self.weights()):
            for line, weight in weighted:
                for d, s in enumerate(line):
                    values[e][d][s] = values[e][d].get(s, 0.0) + weight
        return values

    def rounding(self) -> tuple[Grid, dict[int, list[int]]]:
        """The relaxation rounded: each person's most used line, and the days on which their
        lines in use differ (where a roster close to the relaxation still has to choose)."""
        grid, split = [], {}
        for e, weighted in enumerate(self.weights()):
            lines = [line for line, _weight in weighted] or list(self.pool[e])[:1]
            grid.append(list(max(weighted, key=lambda item: item[1])[0] if weighted else lines[0]))
            days = [d for d in range(self.c.days) if len({line[d] for line in lines}) > 1]
            if days:
                split[e] = days
        return grid, split

    def proves(self, penalty: int) -> bool:
        """Whether the bound shows no roster costs less than `penalty`."""
        return proves(self.bound, penalty)

    def close(self) -> None:
        self.executor.shutdown(wait=False)
