"""The CP-SAT model of a roster, or of a part of it with the rest held fixed.

`build` frees the cells (employee, day) of some employees over a window of days (or chosen
days in it, such as the weekends), and of some others over the whole horizon, and keeps
every other cell as it is in the current grid. Every hard rule of a free employee is posted,
with the fixed days entering as constants; rules that only touch fixed cells are left out.
Freeing everyone over the whole horizon gives the full model. The same code therefore
builds a one-person model (the constructive start), the neighbourhoods of the search and
the full model.

Hard rules are constraints; coverage, requests, split weekends and fairness are objective
terms whose constants (from fixed cells) are left out, so a move is judged by re-scoring
the whole roster (`penalty.score`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from .compiled import OFF, Compiled, Grid

Literal = cp_model.IntVar | int


@dataclass
class SubModel:
    model: cp_model.CpModel
    employees: list[int]
    first_day: int
    last_day: int  # exclusive
    x: dict[tuple[int, int, int], cp_model.IntVar] = field(default_factory=dict)
    free_days: dict[int, list[int]] = field(default_factory=dict)  # employee -> their free days

    def read(self, solver: cp_model.CpSolver, grid: Grid) -> Grid:
        """A copy of `grid` with the free cells taken from the solver's solution."""
        new = [list(line) for line in grid]
        for e, days in self.free_days.items():
            for d in days:
                new[e][d] = OFF
        for (e, d, s), var in self.x.items():
            if solver.boolean_value(var):
                new[e][d] = s
        return new


def set_hints(model: cp_model.CpModel, values: Mapping[int, int]) -> None:
    """Hint variables (by index) with values, in one write: `add_hint` one variable at a
    time is a tenth of a model's building time."""
    hint = model.proto.solution_hint
    hint.vars.extend(values.keys())
    hint.values.extend(values.values())


class _Builder:
    def __init__(
        self,
        compiled: Compiled,
        grid: Grid,
        employees: Sequence[int],
        first: int,
        last: int,
        only_days: frozenset[int] | None = None,
        lines: Sequence[int] = (),
        cells: Mapping[int, Sequence[int]] | None = None,
    ):
        self.c = compiled
        self.grid = grid
        window = [d for d in range(first, last) if only_days is None or d in only_days]
        whole = list(range(compiled.days))
        self.free_days = dict.fromkeys(employees, window) | dict.fromkeys(lines, whole)
        for e, days in (cells or {}).items():
            self.free_days[e] = sorted(set(self.free_days.get(e, ())) | set(days))
        self.free_sets = {e: set(days) for e, days in self.free_days.items()}
        self.span = {e: (days[0], days[-1] + 1) if days else (0, 0) for e, days in self.free_days.items()}
        self.free = set(self.free_days)
        self.employees = list(self.free_days)
        self.first = min((a for a, _ in self.span.values()), default=first)
        self.last = max((b for _, b in self.span.values()), default=last)
        self.m = cp_model.CpModel()
        self.x: dict[tuple[int, int, int], cp_model.IntVar] = {}
        self.work: dict[tuple[int, int], cp_model.IntVar] = {}
        self.objective: list[tuple[cp_model.IntVar, int]] = []
        self.hinted: dict[int, int] = {}

    # --- cells -------------------------------------------------------------------------
    def is_free(self, e: int, d: int) -> bool:
        days = self.free_sets.get(e)
        return days is not None and d in days

    def works(self, e: int, d: int) -> Literal:
        if d < 0 or d >= self.c.days:
            return 0
        if self.is_free(e, d):
            return self.work.get((e, d), 0)
        return int(self.grid[e][d] != OFF)

    def assigned(self, e: int, d: int, s: int) -> Literal:
        if self.is_free(e, d):
            return self.x.get((e, d, s), 0)
        return int(self.grid[e][d] == s)

    def nights(self, e: int, d: int) -> tuple[list[cp_model.IntVar], int]:
        if self.is_free(e, d):
            return [self.x[e, d, s] for s in self.c.night_shifts if (e, d, s) in self.x], 0
        s = self.grid[e][d]
        return [], int(s != OFF and self.c.night[s])

    # --- helpers -----------------------------------------------------------------------
    def hint(self, var: cp_model.IntVar, value: int) -> None:
        """Hint every variable with its value in the current roster: CP-SAT then starts from
        a complete solution instead of searching for one around a partial hint."""
        self.hinted[var.index] = int(value)  # written into the model at once by `build`

    def current(self, term: Literal) -> int:
        return term if isinstance(term, int) else self.hinted[term.index]

    def at_most(self, terms: list[Literal], bound: int) -> None:
        variables = [t for t in terms if not isinstance(t, int)]
        constant = sum(t for t in terms if isinstance(t, int))
        if len(variables) + constant > bound:
            self.m.add(sum(variables) <= bound - constant)

    def clause(self, positive: list[Literal], negative: list[Literal]) -> None:
        """Post OR(positive) or OR(not negative); constants simplify it."""
        literals = []
        for lit in positive:
            if isinstance(lit, int):
                if lit:
                    return
            else:
                literals.append(lit)
        for lit in negative:
            if isinstance(lit, int):
                if not lit:
                    return
            else:
                literals.append(lit.Not())
        self.m.add_bool_or(literals)

    def either(self, literals: list[Literal]) -> Literal:
        """A literal equal to OR(literals)."""
        if any(isinstance(lit, int) and lit for lit in literals):
            return 1
        variables = [lit for lit in literals if not isinstance(lit, int)]
        if not variables:
            return 0
        if len(variables) == 1:
            return variables[0]
        result = self.m.new_bool_var("")
        self.m.add_max_equality(result, variables)
        self.hint(result, max(self.current(v) for v in variables))
        return result

    def window_days(self, e: int, span: int) -> range:
        """First days `a` of windows [a, a + span) that meet e's free days and fit the horizon."""
        first, last = self.span[e]
        return range(max(0, first - span + 1), min(last, self.c.days - span + 1))

    # --- building ----------------------------------------------------------------------
    def build(self) -> SubModel:
        self.cells()
        for e in self.employees:
            self.employee_rules(e)
        self.covers()
        self.fairness()
        self.m.minimize(sum(coef * var for var, coef in self.objective))
        set_hints(self.m, self.hinted)
        return SubModel(self.m, self.employees, self.first, self.last, self.x, self.free_days)

    def cells(self) -> None:
        for e in self.employees:
            for d in self.free_days[e]:
                allowed = self.c.allowed[e][d]
                if not allowed:
                    continue
                current = self.grid[e][d]
                variables = []
                for s in allowed:
                    var = self.m.new_bool_var("")
                    self.hint(var, current == s)
                    self.x[e, d, s] = var
                    variables.append(var)
                if len(variables) == 1:
                    self.work[e, d] = variables[0]
                else:
                    work = self.m.new_bool_var("")
                    self.hint(work, current != OFF)
                    self.m.add(sum(variables) == work)
                    self.work[e, d] = work

    def employee_rules(self, e: int) -> None:
        c, emp, line = self.c, self.c.employees[e], self.grid[e]
        days = self.free_days[e]
        outside = [s for d, s in enumerate(line) if not self.is_free(e, d)]
        # Limits over the horizon: per shift type, minutes, number of shifts.
        for s, limit in enumerate(c.max_per_type[e]):
            if limit is not None and limit > 0:
                self.at_most([self.x[e, d, s] for d in days if (e, d, s) in self.x] + [outside.count(s)], limit)
        fixed_minutes = sum(c.minutes[s] for s in outside if s != OFF)
        terms = [(self.x[e, d, s], c.minutes[s]) for d in days for s in c.allowed[e][d]]
        lowest, highest = (
            fixed_minutes,
            fixed_minutes + sum(max((c.minutes[s] for s in c.allowed[e][d]), default=0) for d in days),
        )
        upper = emp.max_minutes if emp.max_minutes is not None else highest
        if emp.min_minutes > lowest or upper < highest:
            expr = sum(coef * var for var, coef in terms)
            self.m.add_linear_constraint(expr, emp.min_minutes - fixed_minutes, upper - fixed_minutes)
        fixed_shifts = sum(1 for s in outside if s != OFF)
        work_vars = [self.work[e, d] for d in days if (e, d) in self.work]
        upper = emp.max_shifts if emp.max_shifts is not None else fixed_shifts + len(work_vars)
        if emp.min_shifts > fixed_shifts or upper < fixed_shifts + len(work_vars):
            self.m.add_linear_constraint(sum(work_vars), emp.min_shifts - fixed_shifts, upper - fixed_shifts)
        self.successions(e)
        self.runs(e)
        self.weekend_rules(e)
        self.requests(e)

    def successions(self, e: int) -> None:
        c, x = self.c, self.x
        first, last = self.span[e]
        for d in range(max(0, first - 1), min(last, c.days - 1)):
            if self.is_free(e, d):
                lefts = [(s, x[e, d, s]) for s in c.allowed[e][d] if c.forbid_next[s]]
            else:
                s = self.grid[e][d]
                lefts = [(s, 1)] if s != OFF and c.forbid_next[s] else []
            if not lefts:
                continue
            next_free = self.is_free(e, d + 1)
            following = self.grid[e][d + 1]
            for s, left in lefts:
                if next_free:
                    right = [x[e, d + 1, t] for t in c.forbid_next[s] if (e, d + 1, t) in x]
                    if not right:
                        continue
                    if isinstance(left, int):
                        for var in right:
                            self.m.add(var == 0)
                    else:
                        self.m.add(sum(right) + left <= 1)
                elif following in c.forbid_next[s] and not isinstance(left, int):
                    self.m.add(left == 0)

    def runs(self, e: int) -> None:
        c, emp = self.c, self.c.employees[e]
        k = emp.max_consecutive_days
        if k is not None and k < c.days:
            for a in self.window_days(e, k + 1):
                self.at_most([self.works(e, d) for d in range(a, a + k + 1)], k)
            if emp.worked_before:
                # The run that ended the previous roster goes on: its days count into the first.
                room = max(0, k - emp.worked_before)
                self.at_most([self.works(e, d) for d in range(room + 1)], room)
        k = emp.max_consecutive_nights
        if k is not None and k < c.days and c.night_shifts:
            for a in self.window_days(e, k + 1):
                self.at_most(self.night_terms(e, range(a, a + k + 1)), k)
            if emp.nights_before:
                room = max(0, k - emp.nights_before)
                self.at_most(self.night_terms(e, range(room + 1)), room)
        # A run of length L starting on day a is forbidden when it is shorter than the
        # minimum and touches neither edge: the days a-1 and a+L exist and bound it.
        first, last = self.span[e]
        for minimum, working in ((emp.min_consecutive_days, True), (emp.min_consecutive_days_off, False)):
            for length in range(1, minimum):
                for a in range(max(1, first - length), min(last + 1, c.days - length)):
                    inside = [self.works(e, d) for d in range(a, a + length)]
                    bounds = [self.works(e, a - 1), self.works(e, a + length)]
                    if working:
                        self.clause(bounds, inside)
                    else:
                        self.clause(inside, bounds)

    def night_terms(self, e: int, days: range) -> list[Literal]:
        terms: list[Literal] = []
        for d in days:
            variables, constant = self.nights(e, d)
            terms.extend(variables)
            terms.append(constant)
        return terms

    def weekend_literals(self, e: int) -> list[Literal]:
        return [self.either([self.works(e, d) for d in days]) for days in self.c.weekends.values()]

    def weekend_rules(self, e: int) -> None:
        c, weights = self.c, self.c.problem.weights
        limit = c.max_weekends[e]
        touched = [days for days in c.weekends.values() if any(self.is_free(e, d) for d in days)]
        if limit is not None and limit < len(c.weekends):
            self.at_most(self.weekend_literals(e), limit)
            # Implied: the weekend days worked fit in `limit` weekends. CP-SAT's presolve turns
            # the weekend literals into clauses, which the linear relaxation does not see; this
            # row gives it the capacity of weekends (often what bounds the coverage).
            widest = max(len(days) for days in c.weekends.values())
            self.at_most([self.works(e, d) for days in c.weekends.values() for d in days], limit * widest)
        if weights.split_weekend:
            for days in touched:
                if len(days) != 2:
                    continue
                sat, sun = self.works(e, days[0]), self.works(e, days[1])
                if isinstance(sat, int) and isinstance(sun, int):
                    continue
                split = self.m.new_bool_var("")
                self.hint(split, abs(self.current(sat) - self.current(sun)))
                self.m.add(split >= sat - sun)
                self.m.add(split >= sun - sat)
                self.objective.append((split, weights.split_weekend))

    def requests(self, e: int) -> None:
        for wanted, requests_by_day in ((True, self.c.on_requests[e]), (False, self.c.off_requests[e])):
            for d, requests in requests_by_day.items():
                if not self.is_free(e, d):
                    continue
                for s, weight in requests:
                    lit = self.works(e, d) if s == OFF else self.assigned(e, d, s)
                    if isinstance(lit, int):
                        continue
                    # An unmet on-request costs weight*(1 - lit): the constant is dropped.
                    self.objective.append((lit, -weight if wanted else weight))

    def covers(self) -> None:
        c = self.c
        days = sorted(set().union(*self.free_sets.values())) if self.free_sets else []
        for d in days:
            if not c.covers_by_day[d]:
                continue
            fixed = [e for e in range(len(c.employees)) if not self.is_free(e, d)]
            working: dict[int, int] = {}  # shift -> people on it among the fixed cells
            for e in fixed:
                s = self.grid[e][d]
                if s >= 0:
                    working[s] = working.get(s, 0) + 1
            free = [e for e in self.employees if self.is_free(e, d)]
            for row in c.covers_by_day[d]:
                if row.qualified is None:
                    constant = working.get(row.shift, 0)
                    variables = [self.x[e, d, row.shift] for e in free if (e, d, row.shift) in self.x]
                else:
                    constant = sum(1 for e in fixed if e in row.qualified and self.grid[e][d] == row.shift)
                    variables = [
                        self.x[e, d, row.shift] for e in free if e in row.qualified and (e, d, row.shift) in self.x
                    ]
                if not variables:
                    continue
                count = sum(variables)
                staffed = sum(self.current(v) for v in variables)
                for target, weight in ((row.minimum, row.under_weight), (row.preferred, row.preferred_weight)):
                    if weight and target - constant > 0:
                        missing = self.m.new_int_var(0, target - constant, "")
                        self.hint(missing, max(0, target - constant - staffed))
                        self.m.add(missing + count >= target - constant)
                        self.objective.append((missing, weight))
                if row.over_weight:
                    excess = self.m.new_int_var(0, len(variables), "")
                    self.hint(excess, max(0, staffed - max(0, row.preferred - constant)))
                    # Staff already above the target on fixed cells are a constant excess.
                    self.m.add(excess >= count - max(0, row.preferred - constant))
                    self.objective.append((excess, row.over_weight))

    def fairness(self) -> None:
        c, weights = self.c, self.c.problem.weights
        counts: list[list[Literal]] = []
        if weights.night_fairness:
            for e in range(len(c.employees)):
                if c.night_eligible[e]:
                    terms: list[Literal] = []
                    for d in range(c.days):
                        variables, constant = self.nights(e, d)
                        terms.extend(variables)
                        terms.append(constant)
                    counts.append(terms)
            self.spread(counts, weights.night_fairness)
        if weights.weekend_fairness:
            counts = [self.weekend_literals(e) for e in range(len(c.employees)) if c.weekend_eligible[e]]
            self.spread(counts, weights.weekend_fairness)

    def spread(self, counts: list[list[Literal]], weight: int) -> None:
        if not counts:
            return
        top = max(len(terms) for terms in counts)
        highest = self.m.new_int_var(0, top, "")
        lowest = self.m.new_int_var(0, top, "")
        totals = [sum(self.current(t) for t in terms) for terms in counts]
        self.hint(highest, max(totals))
        self.hint(lowest, min(totals))
        for terms in counts:
            self.m.add(highest >= sum(terms))
            self.m.add(lowest <= sum(terms))
        self.objective.append((highest, weight))
        self.objective.append((lowest, -weight))


def build(
    compiled: Compiled,
    grid: Grid,
    employees: Sequence[int],
    first_day: int,
    last_day: int,
    *,
    working_days: dict[int, set[int]] | None = None,
    only_days: frozenset[int] | None = None,
    lines: Sequence[int] = (),
    cells: Mapping[int, Sequence[int]] | None = None,
) -> SubModel:
    """The model with the given employees free over days [first_day, last_day), or only over
    `only_days` among them when given (e.g. the weekends of a month), the employees in
    `lines` free over the whole horizon, and each employee in `cells` on the days it lists.
    `working_days` (employee -> days) fixes who works when, leaving only the shift types free."""
    builder = _Builder(compiled, grid, employees, first_day, last_day, only_days, lines, cells)
    part = builder.build()
    for e, days in (working_days or {}).items():
        for d in builder.free_days[e]:
            work = builder.works(e, d)
            if isinstance(work, int):
                if work != (d in days):
                    builder.m.add_bool_or([])  # a fixed cell contradicts the pattern
            else:
                builder.m.add(work == int(d in days))
    return part


PRICE_SCALE = 1000  # CP-SAT wants whole coefficients: prices are kept to a thousandth


class _LineBuilder(_Builder):
    """One person alone over the whole horizon, with no coverage terms (they span people)."""

    def __init__(self, compiled: Compiled, e: int):
        super().__init__(compiled, compiled.empty_grid(), (), 0, 0, lines=(e,))

    def covers(self) -> None:
        pass  # priced instead: `LineModel.price`

    def fairness(self) -> None:
        pass  # spans people: a line alone has none


class LineModel:
    """Person e's line alone under all their hard rules: the pricing problem of column
    generation (`columns.py`). Built once; each pricing only sets the objective: their own
    soft rules less the `prices` (day, shift) -> value of the shifts worked, scaled by
    PRICE_SCALE. The objective drops the constants of unmet requests, so a line's cost is
    recomputed from the line."""

    def __init__(self, compiled: Compiled, e: int):
        builder = _LineBuilder(compiled, e)
        part = builder.build()
        self.model = part.model
        self.own = [(var, round(coef * PRICE_SCALE)) for var, coef in builder.objective]
        self.cells = [((d, s), var) for (_e, d, s), var in part.x.items()]
        self.days = compiled.days

    def price(self, prices: Mapping[tuple[int, int], float]) -> None:
        variables = [var for var, _coef in self.own]
        coefficients = [coef for _var, coef in self.own]
        for cell, var in self.cells:
            price = round(prices.get(cell, 0.0) * PRICE_SCALE)
            if price:
                variables.append(var)
                coefficients.append(-price)
        self.model.clear_objective()
        self.model.minimize(cp_model.LinearExpr.weighted_sum(variables, coefficients))

    def hint(self, line: Sequence[int]) -> None:
        """Start the next search from `line` (the person's last best)."""
        self.model.clear_hints()
        set_hints(self.model, {var.index: int(line[d] == s) for (d, s), var in self.cells})

    def read(self, solver: cp_model.CpSolver | cp_model.CpSolverSolutionCallback) -> tuple[int, ...]:
        line = [OFF] * self.days
        for (d, s), var in self.cells:
            if solver.boolean_value(var):
                line[d] = s
        return tuple(line)
