"""Solving a `Problem`: a constructive start, quick moves, the linear relaxation over people's
lines, then large-neighbourhood search on CP-SAT.

1. Construction. Every hard rule concerns one person (coverage is soft), so each person's
   line is built on its own, in turn, against the coverage still missing: by CP-SAT while
   that stays cheap, else by a greedy in Python (`greedy.py`), else by CP-SAT in two steps
   (a pattern of working days, then its shift types). The roster keeps every hard rule from
   the start, even on year-long instances where a full model finds nothing in a minute.
2. Quick moves in Python (`moves.py`): change a shift's type, move a shift a few days.
3. The relaxation (`columns.py`, when no soft rule but coverage spans people): column
   generation on all workers for up to RELAXATION_SHARE of the time, skipped when one
   person's pricing or its first rounds project past that. Its bound may prove the roster
   optimal (the search then stops); CP-SAT rounds it (the days where a person's lines in use
   differ are chosen, every other day taken from the relaxation); and its cell values guide a
   kind of part.
4. Large-neighbourhood search on `workers` threads. Repeatedly free a part of the roster and
   re-optimise it with CP-SAT (one worker, full linear relaxation), the rest held fixed and
   the part hinted with the current roster. The kinds of part:
   - a window of days for everyone;
   - a few people over a long window, or a fifth to a half of them over a shorter one;
   - around an uncovered shift: people who could fill it (those with room for it first) and
     people at work that day, over a window of days or over the whole horizon, where their
     limits on minutes and weekends bind;
   - around an unmet request: its person and people who could take over that day's work;
   - the weekends (with a Friday or Monday beside some, and half the time the days around a
     weekend with a shift short) of many people: weekends are few per person, so covering
     them means trading weekends between many lines at once;
   - a trade: those weekends, plus the whole lines of someone with a weekend (or half of one)
     to spare, or who could best fill a weekend shift still short, and of someone with hours
     to spare;
   - guided by the relaxation: for some people, the days on which the relaxation does not put
     its whole weight on what they work now.
   A move is kept when the re-scored roster is no worse. Each kind of part has its own
   size, growing while parts are solved to optimality quickly and shrinking when they time
   out; after spells without a better roster a part gets more time, so sizes grow.
5. On small problems the full model then runs for the last quarter of the time (or from when
   the search has gone a quarter of the time without a better roster), hinted with the best
   roster; it may prove optimality.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from .columns import ColumnGeneration, applies, proves
from .compiled import OFF, Compiled, Grid
from .construction import Construction
from .model import build
from .moves import improve_by_moves
from .penalty import score
from .problem import Problem, Roster, Solution

Progress = Callable[[float, int], None]

FULL_MODEL_CELLS = 3000  # employees x days x shift types below which the full model is tried
# Decision variables in a first part. Sizes adapt from there (growing while parts are solved
# quickly, shrinking when they time out); starting small wastes fewer parts that time out on a
# busy machine (Instance 8, same CPU time: 3960 from 1500 variables, 1943 from 600).
START_VARIABLES = 600
# Column generation gets up to this share of the time to converge (it is skipped when one
# person's pricing or its first rounds project past that).
RELAXATION_SHARE = 0.45
PROBED = 4  # people a worker prices to estimate a round's time
EXPECTED_ROUNDS = 20  # rounds to (nearly) converge on the benchmark's Instances 4-11 from a first roster: 19-30
# Seconds at most for rounding the relaxation, and share of the time left. Rounding only gives
# the search a first roster near the relaxation; guided parts then do the rest of its work
# faster (at 40 s, 3 s of rounding against 10: Instance 12 4057 / 4059 against 4254 / 4168).
ROUNDING_LIMIT, ROUNDING_SHARE = 3.0, 0.3


@dataclass(frozen=True)
class Part:
    """What a move frees: `employees` over days [first, last) (only `only_days` among them when
    given), the employees in `lines` over the whole horizon, and each employee in `cells` on
    the days it lists."""

    employees: list[int]
    first: int
    last: int
    only_days: frozenset[int] | None = None
    lines: tuple[int, ...] = ()
    cells: dict[int, list[int]] | None = None

    @property
    def people(self) -> list[int]:
        return sorted({*self.employees, *self.lines, *(self.cells or ())})


class _Search(Construction):
    def __init__(
        self,
        problem: Problem,
        time_limit: float,
        workers: int,
        seed: int,
        progress: Progress | None,
        full_model: bool | None,
        cpu_time: bool = False,
    ):
        # The time limit is wall-clock, or with `cpu_time` the process's CPU time shared by the
        # workers, so that a run on a busy machine gets the same computing as on a quiet one.
        self.workers = max(1, workers)
        self.clock = (lambda: time.process_time() / self.workers) if cpu_time else time.monotonic
        self.started = self.clock()
        self.deadline = self.started + time_limit
        self.compiled = Compiled(problem)
        self.rng = random.Random(seed)
        self.seed = seed
        self.progress = progress
        self.log: list[str] = []
        cells = len(problem.employees) * problem.days * len(problem.shift_types)
        self.full_model = cells <= FULL_MODEL_CELLS if full_model is None else full_model
        self.part_limit = 0.5  # seconds for a part, building included
        self.timing = {"build": 0.0, "solve": 0.0, "score": 0.0}
        self.version = 0  # of the current roster, counting accepted moves
        self.short_found: tuple[tuple[int, int] | None, list] = (None, [])
        self.optimal = False
        self.guide: list[list[dict[int, float]]] | None = None  # the relaxation's cell values
        self.bound: float | None = None  # the relaxation's: no roster costs less

    def remaining(self) -> float:
        return self.deadline - self.clock()

    def note(self, text: str) -> None:
        self.log.append(f"{self.clock() - self.started:7.2f}s {text}")

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
        working_days: dict[int, set[int]] | None = None,
        dive: bool = False,
        only_days: frozenset[int] | None = None,
        lines: tuple[int, ...] = (),
        cells: dict[int, list[int]] | None = None,
    ) -> tuple[Grid | None, bool]:
        """Re-optimise a part; returns the new grid (None without a solution) and whether
        the part was solved to optimality (or proved infeasible). A part that `must` be
        solved (the construction) may run past the deadline."""
        began = time.monotonic()
        part = build(
            self.compiled,
            grid,
            employees,
            first,
            last,
            working_days=working_days,
            only_days=only_days,
            lines=lines,
            cells=cells,
        )
        self.timing["build"] += time.monotonic() - began
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = limit if must else max(0.05, min(limit, self.remaining()))
        # Parts are small: one worker with the full linear relaxation (linearization level 2)
        # proves them optimal many times faster than the default portfolio.
        solver.parameters.num_workers = 1
        solver.parameters.linearization_level = 2
        solver.parameters.random_seed = seed
        if dive:
            # A first roster fast: day by day, shifts of middle length first (they leave the
            # most room for the limits on minutes), stopping at the first solution.
            minutes = self.compiled.minutes
            middle = sorted(minutes)[len(minutes) // 2]
            order = sorted(part.x, key=lambda key: (key[1], key[0], abs(minutes[key[2]] - middle), key[2]))
            part.model.add_decision_strategy(
                [part.x[key] for key in order], cp_model.CHOOSE_FIRST, cp_model.SELECT_MAX_VALUE
            )
            solver.parameters.search_branching = cp_model.FIXED_SEARCH
            solver.parameters.stop_after_first_solution = True
        began = time.monotonic()
        status = solver.solve(part.model)
        self.timing["solve"] += time.monotonic() - began
        if status == cp_model.INFEASIBLE:
            return None, True
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None, False
        return part.read(solver, grid), status == cp_model.OPTIMAL

    def neighbourhood(self, kind: str, size: float) -> Part:
        """A part of about `size` cells (employees x days) of the given kind."""
        if kind in ("weekends", "trades"):
            return self.weekends_part(size, trade=kind == "trades")
        if kind == "wishes":
            return Part(*self.wish_part(size))
        if kind == "guided":
            return self.guided_part(size)
        return Part(*self.window_part(kind, size))

    def weekends_part(self, size: float, trade: bool = False) -> Part:
        """Weekends, with a Friday or Monday beside some, of many people over the horizon: the
        weekends each person may work are few, so covering them means trading weekends
        between many lines at once, which windows of days cannot do. A `trade` also frees the
        whole line of someone with a weekend to spare and of someone with hours to spare:
        the first can then take a weekend shift and give a weekday one to the second."""
        c = self.compiled
        n = len(c.employees)
        days: set[int] = set()
        for weekend in c.weekends.values():
            days.update(weekend)
            for d in (weekend[0] - 1, weekend[-1] + 1):
                if 0 <= d < c.days and self.rng.random() < 0.5:
                    days.add(d)
        # Half the time also the days around one weekend with a shift still short: whoever
        # takes it may have to move the run of days that leads into it.
        weekend_rows = [row for row in self.short_rows() if c.weekend_of[row.day] is not None]
        if weekend_rows and self.rng.random() < 0.5:
            weekend = c.weekends[c.weekend_of[self.rng.choice(weekend_rows).day]]
            reach = self.rng.randint(2, 4)
            days.update(range(max(0, weekend[0] - reach), min(c.days, weekend[-1] + reach + 1)))
        lines = self.trade_lines() if trade else ()
        count = max(2, min(n, round((size - len(lines) * c.days) / max(1, len(days)))))
        people = sorted(self.rng.sample(range(n), count))
        return Part(people, min(days), max(days) + 1, frozenset(days), lines)

    def guided_part(self, size: float) -> Part:
        """The cells where the roster parts from the linear relaxation (`columns.py`): for some
        people, the days on which the relaxation does not put their whole weight on what they
        work now. Rounding the relaxation there, with everything else as it is, is often
        what a window of days or people cannot reach."""
        c, grid, guide = self.compiled, self.grid, self.guide
        apart = {}
        for e in range(len(c.employees)):
            days = [d for d in range(c.days) if guide[e][d].get(grid[e][d], 0.0) < 1 - 1e-6]
            if days:
                apart[e] = days
        if not apart:
            return Part(*self.window_part("mixed", size))
        people = list(apart)
        self.rng.shuffle(people)
        cells: dict[int, list[int]] = {}
        count = 0
        for e in people:
            if count >= size:
                break
            cells[e] = apart[e]
            count += len(apart[e])
        return Part([], 0, 0, cells=cells)

    def trade_lines(self) -> tuple[int, ...]:
        c, grid = self.compiled, self.grid
        shortest = min(c.minutes)
        spare_weekend, spare_hours = [], []
        for e, line in enumerate(grid):
            emp, most = c.employees[e], c.max_weekends[e]
            worked = self.weekends_worked(line)
            # A weekend worked on one day only, the other free, is half a weekend to spare.
            split = any(
                any(line[d] != OFF for d in days) and any(line[d] == OFF and c.allowed[e][d] for d in days)
                for days in c.weekends.values()
            )
            if most is None or worked < most or split:
                spare_weekend.append(e)
            minutes = sum(c.minutes[s] for s in line if s != OFF)
            shifts = sum(1 for s in line if s != OFF)
            if (emp.max_minutes is None or minutes + shortest <= emp.max_minutes) and (
                emp.max_shifts is None or shifts < emp.max_shifts
            ):
                spare_hours.append(e)
        # Half the time, instead of anyone with a weekend to spare, who could best fill a
        # weekend shift still short.
        weekend_rows = [row for row in self.short_rows() if c.weekend_of[row.day] is not None]
        if weekend_rows and self.rng.random() < 0.5:
            spare_weekend = self.candidates(self.fillable_row(weekend_rows))[:1] or spare_weekend
        chosen = {self.rng.choice(group) for group in (spare_weekend, spare_hours) if group}
        return tuple(sorted(chosen))

    def unmet_requests(self) -> list[tuple[int, int, int, bool]]:
        """(person, day, shift or OFF, wanted) of every request the current roster leaves unmet."""
        c, grid = self.compiled, self.grid
        unmet = []
        for e in range(len(c.employees)):
            for wanted, by_day in ((True, c.on_requests[e]), (False, c.off_requests[e])):
                for d, requests in by_day.items():
                    s = grid[e][d]
                    for t, _weight in requests:
                        works = s != OFF if t == OFF else s == t
                        if works != wanted:
                            unmet.append((e, d, t, wanted))
        return unmet

    def wish_part(self, size: float) -> tuple[list[int], int, int]:
        """A part around one unmet request: its person and people who could take over (or hand
        over) that day's work, over a window of days around it."""
        unmet = self.unmet_requests()
        if not unmet:
            return self.window_part("mixed", size)
        c, grid = self.compiled, self.grid
        n, h = len(c.employees), c.days
        e, d, t, wanted = self.rng.choice(unmet)
        count = max(2, min(n, round(self.rng.uniform(0.1, 0.3) * n)))
        width = max(1, min(h, round(size / count)))
        first = max(0, min(h - width, d - self.rng.randrange(width)))
        shift = t if t != OFF else grid[e][d]
        # Someone who could do the shift the person wants (or leaves): idle that day if the
        # person is to give it up, at work on it if the person is to take it.
        partners = [
            p
            for p in range(n)
            if p != e and shift != OFF and shift in c.allowed[p][d] and (grid[p][d] == OFF) != wanted
        ]
        self.rng.shuffle(partners)
        others = [p for p in range(n) if p != e and p not in partners]
        self.rng.shuffle(others)
        chosen = [e, *partners[: max(1, count // 2)]]
        chosen += others[: max(0, count - len(chosen))]
        return sorted(set(chosen)), first, first + width

    def window_part(self, kind: str, size: float) -> tuple[list[int], int, int]:
        c = self.compiled
        n, h = len(c.employees), c.days
        if kind == "days":  # a window of days, everyone
            width = max(1, min(h, round(size / n)))
            first = self.rng.randrange(0, h - width + 1)
            return list(range(n)), first, first + width
        if kind in ("focus", "lines"):
            return self.focused(size, whole=kind == "lines")
        if kind == "people":  # a few people over as long a window as the size allows
            count = min(n, max(self.rng.randint(2, 4), round(size / h)))
        else:  # a fifth to a half of the people over a shorter window
            count = max(2, min(n, round(self.rng.uniform(0.2, 0.5) * n)))
        width = max(2, min(h, round(size / count)))
        first = self.rng.randrange(0, h - width + 1)
        return sorted(self.rng.sample(range(n), count)), first, first + width

    def short_rows(self) -> list:
        """The coverage rows short of their minimum, else of their preferred number (kept until
        the roster changes: on year-long problems finding them takes longer than a part)."""
        key = (id(self.grid), self.version)
        if self.short_found[0] != key:
            self.short_found = (key, self._find_short_rows())
        return self.short_found[1]

    def _find_short_rows(self) -> list:
        c, grid = self.compiled, self.grid
        short = []
        working: list[dict[int, int]] = [{} for _ in range(c.days)]
        for line in grid:
            for d, s in enumerate(line):
                if s >= 0:
                    working[d][s] = working[d].get(s, 0) + 1
        for row in c.covers:
            if row.qualified is None:
                have = working[row.day].get(row.shift, 0)
            else:
                have = sum(1 for e in row.qualified if grid[e][row.day] == row.shift)
            if have < row.preferred:
                short.append((have < row.minimum, row))
        return [row for is_urgent, row in short if is_urgent] or [row for _, row in short]

    def candidates(self, row) -> list[int]:
        """People off on the row's day who may work its shift, those with the most room for it
        first (they can take it without handing one of theirs to somebody else)."""
        c, grid = self.compiled, self.grid
        idle = [
            e
            for e in range(len(c.employees))
            if grid[e][row.day] < 0
            and row.shift in c.allowed[e][row.day]
            and (row.qualified is None or e in row.qualified)
        ]
        self.rng.shuffle(idle)
        idle.sort(key=lambda e: -self.room(e, row.day, row.shift))
        return idle

    def fillable_row(self, rows: list, tries: int = 5):
        """One of `rows`, preferring one that somebody off that day has room to fill: a shift
        short because everyone who may work it has used up their limit for it (a night when
        all nights are spent) cannot be filled by any part, and is the last to try."""
        for _ in range(tries):
            row = self.rng.choice(rows)
            candidates = self.candidates(row)
            if candidates and self.room(candidates[0], row.day, row.shift) > 0:
                return row
        return row

    def focused(self, size: float, whole: bool = False) -> tuple[list[int], int, int]:
        """A part around one uncovered need: a window of days (the whole horizon when `whole`)
        around a (day, shift) short of its minimum (else of its preferred number, else a random
        day), with people who could fill it and some who work that day."""
        c, grid = self.compiled, self.grid
        n, h = len(c.employees), c.days
        short = self.short_rows()
        if not short:
            return self.window_part("mixed", size)
        row = self.fillable_row(short)
        if whole:  # the people around it over the whole horizon: limits over the horizon bind
            count = max(2, min(n, round(size / h)))
        else:
            count = max(2, min(n, round(self.rng.uniform(0.2, 0.5) * n)))
        width = max(1, min(h, round(size / count)))
        first = max(0, min(h - width, row.day - self.rng.randrange(width)))
        idle = self.candidates(row)
        busy = [e for e in range(n) if grid[e][row.day] >= 0]
        self.rng.shuffle(busy)
        others = [e for e in range(n) if e not in idle and e not in busy]
        self.rng.shuffle(others)
        chosen = set(idle[: max(1, count // 2)])
        # Then people at work that day; when too few work, more of the others, so that the
        # part keeps its size.
        for e in busy + idle + others:
            if len(chosen) >= count:
                break
            chosen.add(e)
        return sorted(chosen), first, first + width

    def weekends_worked(self, line: list[int]) -> int:
        return sum(1 for days in self.compiled.weekends.values() if any(line[d] != OFF for d in days))

    def room(self, e: int, day: int, shift: int) -> int:
        """How freely person e could work one more `shift` on `day` within their limits over
        the horizon: 0 when their weekends or that shift type are used up (only their own line
        could free them), 1 when their hours or shifts are (another person in the part could
        take one of theirs), 2 when nothing stands in the way."""
        c, line = self.compiled, self.grid[e]
        emp = c.employees[e]
        weekend, most = c.weekend_of[day], c.max_weekends[e]
        new_weekend = weekend is not None and all(line[d] == OFF for d in c.weekends[weekend])
        if new_weekend and most is not None and self.weekends_worked(line) >= most:
            return 0
        of_type = c.max_per_type[e][shift]
        if of_type is not None and line.count(shift) >= of_type:
            return 0
        minutes = sum(c.minutes[s] for s in line if s >= 0) + c.minutes[shift]
        shifts = sum(1 for s in line if s >= 0) + 1
        if (emp.max_minutes is not None and minutes > emp.max_minutes) or (
            emp.max_shifts is not None and shifts > emp.max_shifts
        ):
            return 1
        return 2

    def improve(self, grid: Grid, best: int) -> tuple[Grid, int]:
        """Large-neighbourhood search on `workers` threads, each solving its own part with one
        CP-SAT worker. A finished part is merged into the current roster unless one of its
        people was changed meanwhile by another thread (their hard rules would no longer be
        guaranteed); the merged roster is re-scored and kept when no worse."""
        c = self.compiled
        total = len(c.employees) * c.days
        # Each kind of part keeps its own size: it grows while parts are solved to
        # optimality quickly and shrinks when they time out.
        # Start near START_VARIABLES decision variables a part, whatever the number of shift types.
        per_cell = sum(len(a) for allowed in c.allowed for a in allowed) / max(1, total)
        start = max(8.0, min(float(total), START_VARIABLES / max(1.0, per_cell)))
        self.sizes = {
            "days": max(start, float(len(c.employees))),
            "people": start,
            "mixed": start,
            "focus": start,
            "lines": start,
        }
        if c.weekends:
            self.sizes["trades"] = start + 2 * c.days
        if any(c.on_requests) or any(c.off_requests):
            self.sizes["wishes"] = start
        if c.weekends and c.max_weekends and any(limit is not None for limit in c.max_weekends):
            self.sizes["weekends"] = start
        if self.guide is not None:
            self.sizes["guided"] = start
        self.grid, self.best = grid, best
        self.improved_at = self.clock()
        self.version = 0
        self.changed: list[set[int]] = []  # people changed by each accepted move, by version
        self.tried = self.solved = self.discarded = 0
        self.lock = threading.Lock()
        threads = [threading.Thread(target=self.lns_worker) for _ in range(max(1, self.workers))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.note(", ".join(f"{k} {v:.1f}s" for k, v in self.timing.items()))
        self.note(
            f"LNS: {self.tried} parts, {self.solved} solved to optimality, {self.discarded} overtaken, sizes "
            + ", ".join(f"{k} {v:.0f}" for k, v in self.sizes.items())
        )
        return self.grid, self.best

    def lns_worker(self) -> None:
        c = self.compiled
        total = len(c.employees) * c.days
        while self.remaining() > 0.2 and not self.optimal:
            if self.full_model and self.time_to_polish():
                return
            with self.lock:
                kind = self.rng.choice(tuple(self.sizes))
                part = self.neighbourhood(kind, self.sizes[kind])
                grid, version = self.grid, self.version
                seed = self.rng.randrange(1 << 30)
            limit = self.current_part_limit()
            began = time.monotonic()
            new, optimal = self.solve_part(
                grid,
                part.employees,
                part.first,
                part.last,
                limit,
                seed=seed,
                only_days=part.only_days,
                lines=part.lines,
                cells=part.cells,
            )
            spent = time.monotonic() - began  # building included
            quick = optimal and spent < limit / 3
            with self.lock:
                self.tried += 1
                self.solved += optimal
                if quick:
                    self.sizes[kind] = min(total, self.sizes[kind] * 1.05)
                elif not optimal or spent > limit:
                    self.sizes[kind] = max(8.0, self.sizes[kind] * 0.85)
                if new is None:
                    continue
                moved = {e for e in part.people if new[e] != grid[e]}
                if not moved:
                    continue
                if self.version != version:
                    # Only the lines this part changed are taken; each must be unchanged
                    # meanwhile, so that it still keeps its person's hard rules.
                    if any(e in changed for changed in self.changed[version:] for e in moved):
                        self.discarded += 1
                        continue
                    merged = list(self.grid)
                    for e in moved:
                        merged[e] = new[e]
                    new = merged
                began = time.monotonic()
                value = score(c, new).total
                self.timing["score"] += time.monotonic() - began
                if value <= self.best:
                    if value < self.best:
                        self.note(
                            f"LNS {kind} {len(part.people)} people x days {part.first}-{part.last}: "
                            f"{self.best} -> {value}"
                        )
                        self.report(value)
                        self.improved_at = self.clock()
                        self.optimal = self.optimal or self.proven(value)
                    self.grid, self.best = new, value
                    self.version += 1
                    self.changed.append(moved)

    def current_part_limit(self) -> float:
        """The time for a part: doubled for each spell without a better roster (up to four
        times), so that parts, whose sizes follow their time, grow to reach what small ones
        cannot; back to the start on the next better roster."""
        patience = max(2.0, 0.05 * (self.deadline - self.started))
        spells = int((self.clock() - self.improved_at) // patience)
        return self.part_limit * 2 ** min(2, spells)

    def time_to_polish(self) -> bool:
        """The full model takes over for the last quarter of the time, or earlier once the
        search has gone a quarter of the time without a better roster (it then has the time
        to prove optimality on small problems)."""
        quarter = 0.25 * (self.deadline - self.started)
        return self.remaining() < quarter or self.clock() - self.improved_at > quarter

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
            if value < best:
                self.report(value)
            if value <= best:
                grid, best = new, value
            if status == cp_model.OPTIMAL:
                self.optimal = True
        self.note(f"full model: {best} ({solver.status_name(status)})")
        return grid, best

    def relax(self, grid: Grid, best: int) -> tuple[Grid, int]:
        """Column generation (`columns.py`) on all workers, for up to RELAXATION_SHARE of the
        time: the relaxation's bound (which may prove the roster optimal), its cell values to
        guide the search, and a roster rounded from it. Skipped when one person's pricing, or
        the first rounds, project past its share of the time."""
        c = self.compiled
        span = self.deadline - self.started
        relaxation = ColumnGeneration(c, self.workers, self.seed, self.clock)
        try:
            relaxation.add_grid(grid)
            deadline = self.clock() + RELAXATION_SHARE * span
            # One person first: on the longest horizons a wider probe would cost seconds.
            # Then a few per worker, as one person's pricing time varies twofold.
            likely = relaxation.round_time()
            if self.clock() + EXPECTED_ROUNDS * likely <= deadline + RELAXATION_SHARE * span:
                likely = relaxation.round_time(PROBED * self.workers)
            if self.clock() + EXPECTED_ROUNDS * likely > deadline:
                self.note(f"relaxation skipped: {likely:.2f}s a round likely")
                return grid, best
            began = self.clock()
            converged = relaxation.converge(deadline, rounds=2)
            rate = (self.clock() - began) / max(1, relaxation.rounds)
            if not converged and self.clock() + EXPECTED_ROUNDS * rate > deadline:
                self.note(f"relaxation skipped: {rate:.2f}s a round")
                return grid, best
            converged = converged or relaxation.converge(deadline)
            self.guide = relaxation.cell_values()
            self.note(
                f"relaxation: {relaxation.value:.1f}, bound {relaxation.bound:.1f}, {relaxation.rounds} rounds, "
                f"{sum(map(len, relaxation.pool))} lines" + ("" if converged else " (not converged)")
            )
            # Short of converging, the relaxation is still close enough to round.
            grid, best = self.round_relaxation(relaxation, grid, best)
            if proves(relaxation.value, best) and not relaxation.proves(best):
                # The relaxation's value would prove this roster optimal: converge it fully.
                relaxation.converge(deadline, close_enough=0.0)
            self.bound = relaxation.bound
            self.optimal = self.proven(best)
        finally:
            relaxation.close()
        return grid, best

    def proven(self, penalty: int) -> bool:
        """Whether the relaxation's bound shows no roster costs less than `penalty`."""
        return self.bound is not None and proves(self.bound, penalty)

    def round_relaxation(self, relaxation: ColumnGeneration, grid: Grid, best: int) -> tuple[Grid, int]:
        """The relaxation rounded: on every worker, CP-SAT chooses the days where each person's
        lines in use differ, every other day as the relaxation has it."""
        rounded, split = relaxation.rounding()
        part = build(self.compiled, rounded, [], 0, 0, cells=split)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.1, min(ROUNDING_LIMIT, ROUNDING_SHARE * self.remaining()))
        solver.parameters.num_workers = self.workers
        solver.parameters.random_seed = self.seed
        status = solver.solve(part.model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            self.note(f"rounding: {solver.status_name(status)}")
            return grid, best
        new = part.read(solver, rounded)
        value = score(self.compiled, new).total
        self.note(f"rounding: {value} ({sum(map(len, split.values()))} cells chosen)")
        if value < best:
            self.report(value)
            return new, value
        return grid, best

    def report(self, value: int) -> None:
        if self.progress is not None:
            self.progress(self.clock() - self.started, value)

    def run(self, initial: Roster | None) -> Solution:
        c = self.compiled
        grid = c.from_roster(initial) if initial else c.empty_grid()
        grid = self.construct(grid)
        best = score(c, grid).total
        self.note(f"constructed: {best}")
        moved = improve_by_moves(c, grid, time.monotonic() + 0.15 * self.remaining())
        value = score(c, moved).total
        if value < best:
            self.report(value)
        if value <= best:
            grid, best = moved, value
        self.note(f"after quick moves: {best}")
        self.report(best)
        if applies(c):
            grid, best = self.relax(grid, best)
        if not self.optimal:
            grid, best = self.improve(grid, best)
        if self.full_model and self.remaining() > 0.2 and not self.optimal:
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
    cpu_time: bool = False,
) -> Solution:
    """The best roster found within `time_limit` seconds on `workers` CP-SAT workers.

    Every hard rule holds in the returned roster; raises `RulesCannotBeMet` when one
    person's own rules admit no roster. Minimum coverage that cannot be met is reported in
    `Solution.shortfalls`, in words. `progress(elapsed_seconds, penalty)` is called on each
    improvement. With `cpu_time` the limit counts the process's CPU seconds per worker instead
    of wall-clock seconds (for benchmarks on a shared machine).
    """
    return _Search(problem, time_limit, workers, seed, progress, full_model, cpu_time).run(initial)
