"""Quick moves in Python between the first roster and the CP-SAT search: give a person working
on an overstaffed shift the understaffed shift of the same day, or move one of their shifts a
few days to an understaffed one. Each move is kept only when the penalty falls and the
person's line keeps every hard rule (`line_is_valid`). On year-long instances they repair in
seconds what CP-SAT parts would take minutes to find.
"""

from __future__ import annotations

import time

from .compiled import OFF, Compiled, Grid
from .greedy import line_is_valid


class CoverBook:
    """People on each (day, shift) and the penalty of each coverage row, kept up to date."""

    def __init__(self, c: Compiled, grid: Grid):
        self.c = c
        self.grid = grid
        self.working = [[0] * len(c.codes) for _ in range(c.days)]
        for line in grid:
            for d, s in enumerate(line):
                if s != OFF:
                    self.working[d][s] += 1
        self.rows = [[[] for _ in c.codes] for _ in range(c.days)]
        for row in c.covers:
            self.rows[row.day][row.shift].append(row)

    def count(self, row, e: int | None = None, change: int = 0) -> int:
        if row.qualified is None:
            return self.working[row.day][row.shift] + change
        n = sum(1 for p in row.qualified if self.grid[p][row.day] == row.shift)
        return n + (change if e in row.qualified else 0)

    @staticmethod
    def cost(row, n: int) -> int:
        return (
            row.under_weight * max(0, row.minimum - n)
            + row.preferred_weight * max(0, row.preferred - n)
            + row.over_weight * max(0, n - row.preferred)
        )

    def delta(self, e: int, d: int, s: int, change: int) -> int:
        """Change in coverage penalty when e joins (+1) or leaves (-1) shift s on day d."""
        if s == OFF:
            return 0
        total = 0
        for row in self.rows[d][s]:
            if row.qualified is not None and e not in row.qualified:
                continue
            n = self.count(row)
            total += self.cost(row, n + change) - self.cost(row, n)
        return total

    def request_cost(self, e: int, d: int, s: int) -> int:
        c = self.c
        cost = 0
        for t, weight in c.on_requests[e].get(d, ()):
            if (t == OFF and s == OFF) or (t != OFF and s != t):
                cost += weight
        for t, weight in c.off_requests[e].get(d, ()):
            if (t == OFF and s != OFF) or (t != OFF and s == t):
                cost += weight
        return cost

    def set(self, e: int, d: int, s: int) -> None:
        old = self.grid[e][d]
        if old != OFF:
            self.working[d][old] -= 1
        if s != OFF:
            self.working[d][s] += 1
        self.grid[e][d] = s

    def change_cost(self, e: int, d: int, s: int) -> int:
        """Penalty change of setting e's day d to s (coverage and e's requests)."""
        old = self.grid[e][d]
        if old == s:
            return 0
        cost = self.delta(e, d, old, -1) + self.request_cost(e, d, s) - self.request_cost(e, d, old)
        if old != OFF:
            self.working[d][old] -= 1
            self.grid[e][d] = OFF
        cost += self.delta(e, d, s, +1)
        if old != OFF:
            self.working[d][old] += 1
            self.grid[e][d] = old
        return cost


def improve_by_moves(c: Compiled, grid: Grid, deadline: float, reach: int = 3) -> Grid:
    """Apply improving moves until none is left or the deadline passes; returns a new grid.
    Only problems whose soft rules are coverage and requests use it (fairness and split
    weekends are global and left to CP-SAT)."""
    weights = c.problem.weights
    if weights.night_fairness or weights.weekend_fairness or weights.split_weekend:
        return grid
    book = CoverBook(c, [list(line) for line in grid])
    improved = True
    while improved and time.monotonic() < deadline:
        improved = False
        for e in range(len(c.employees)):
            if time.monotonic() > deadline:
                break
            line = book.grid[e]
            for d in range(c.days):
                current = line[d]
                options = [(t, d) for t in c.allowed[e][d] if t != current]
                if current != OFF:  # move this shift to a nearby day off
                    options += [
                        (current, d2)
                        for d2 in range(max(0, d - reach), min(c.days, d + reach + 1))
                        if line[d2] == OFF and current in c.allowed[e][d2]
                    ]
                for t, d2 in options:
                    if d2 == d:
                        gain = book.change_cost(e, d, t)
                        if gain >= 0:
                            continue
                        line[d] = t
                        if line_is_valid(c, e, line):
                            line[d] = current
                            book.set(e, d, t)
                            improved = True
                            break
                        line[d] = current
                    else:
                        gain = book.change_cost(e, d, OFF)
                        book.set(e, d, OFF)
                        gain += book.change_cost(e, d2, t)
                        book.set(e, d2, t)
                        if gain < 0 and line_is_valid(c, e, line):
                            improved = True
                            break
                        book.set(e, d2, OFF)
                        book.set(e, d, current)
    return book.grid
