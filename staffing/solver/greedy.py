"""A fast first line for one person, built block by block in Python, and the check of one
person's hard rules on a line.

On year-long instances a CP-SAT model of even one person's line takes seconds to build and
solve; this greedy takes milliseconds. It walks the horizon in blocks: a run of working days
(as long as the rules allow and the coverage still missing rewards), then the shortest rest the
rules demand. When it falls behind the person's minimum hours it works every block it can.
It may fail (then the caller falls back to CP-SAT), but never returns a line that breaks a
hard rule: `line_is_valid` is checked on every line it returns.
"""

from __future__ import annotations

import math
import random

from .compiled import OFF, Compiled


def line_is_valid(c: Compiled, e: int, line: list[int]) -> bool:
    """Every hard rule of person `e` holds on `line` (same rules as the CP-SAT model)."""
    emp = c.employees[e]
    h = c.days
    for d, s in enumerate(line):
        if s != OFF and s not in c.allowed[e][d]:
            return False
        if d + 1 < h and s != OFF and line[d + 1] in c.forbid_next[s]:
            return False
    for s, limit in enumerate(c.max_per_type[e]):
        if limit is not None and line.count(s) > limit:
            return False
    minutes = sum(c.minutes[s] for s in line if s != OFF)
    shifts = sum(1 for s in line if s != OFF)
    if minutes < emp.min_minutes or (emp.max_minutes is not None and minutes > emp.max_minutes):
        return False
    if shifts < emp.min_shifts or (emp.max_shifts is not None and shifts > emp.max_shifts):
        return False
    limit = c.max_weekends[e]
    if limit is not None:
        worked = sum(1 for days in c.weekends.values() if any(line[d] != OFF for d in days))
        if worked > limit:
            return False
    return _runs_valid(c, e, line)


def _runs_valid(c: Compiled, e: int, line: list[int]) -> bool:
    emp = c.employees[e]
    h = c.days
    start = 0
    for d in range(1, h + 1):
        if d < h and (line[d] != OFF) == (line[start] != OFF):
            continue
        length, working = d - start, line[start] != OFF
        inner = start > 0 and d < h
        if working:
            before = emp.worked_before if start == 0 else 0  # the previous roster's last run goes on
            if emp.max_consecutive_days is not None and length + before > emp.max_consecutive_days:
                return False
            if inner and length < emp.min_consecutive_days:
                return False
        elif inner and length < emp.min_consecutive_days_off:
            return False
        start = d
    if emp.max_consecutive_nights is not None:
        run = emp.nights_before
        for s in line:
            run = run + 1 if s != OFF and c.night[s] else 0
            if run > emp.max_consecutive_nights:
                return False
    return True


class LineBuilder:
    """Greedy lines for one problem; `value[d][s]` rewards putting someone on shift s on day d."""

    def __init__(self, c: Compiled, rng: random.Random):
        self.c = c
        self.rng = rng
        count = len(c.codes)
        self.follows = [[t not in c.forbid_next[s] for t in range(count)] for s in range(count)]
        self.followers = [sum(row) for row in self.follows]
        self.value: list[list[float]] = []
        self.spread_weekends = True
        self.delay_when_behind = True
        self.weekend_order = {k: i for i, k in enumerate(sorted(c.weekends))}

    def weekend_quota(self, weekend: int, limit: int) -> int:
        total = len(self.weekend_order)
        return math.ceil(limit * (self.weekend_order[weekend] + 1) / total) + 1

    def build(self, e: int, value: list[list[float]], eagerness: float) -> list[int] | None:
        c, emp, h = self.c, self.c.employees[e], self.c.days
        self.value = value
        longest = emp.max_consecutive_days or h
        first_longest = max(0, longest - emp.worked_before)  # the previous roster's last run goes on
        shortest = max(1, emp.min_consecutive_days)
        rest = max(1, emp.min_consecutive_days_off)
        max_minutes = emp.max_minutes if emp.max_minutes is not None else 10**9
        max_shifts = emp.max_shifts if emp.max_shifts is not None else h
        weekend_limit = c.max_weekends[e] if c.max_weekends[e] is not None else h
        lengths = [c.minutes[s] for s in range(len(c.codes)) if c.max_per_type[e][s] != 0]
        if not lengths:
            line = [OFF] * h
            return line if line_is_valid(c, e, line) else None
        pace = max(lengths) * longest / (longest + rest)  # most minutes a day can average
        line = [OFF] * h
        counts = [0] * len(c.codes)
        state = {"minutes": 0, "shifts": 0, "weekends": set()}
        d = 0
        while d < h:
            remaining_need = emp.min_minutes - state["minutes"]
            behind = remaining_need > eagerness * pace * (h - d)
            critical = remaining_need > 0.97 * pace * (h - d)
            best = None  # (gain, start, length, chain)
            # A block may start up to two days later when that pays (e.g. to take a whole
            # weekend); people then do not all work the same days.
            delay = 0 if critical or (behind and not self.delay_when_behind) else 2
            for start in range(d, min(h, d + 1 + delay)):
                chain = self.chain(
                    e,
                    start,
                    min(first_longest if start == 0 else longest, h - start),
                    line,
                    counts,
                    state,
                    max_minutes,
                    max_shifts,
                    weekend_limit,
                )
                chosen = None
                gain = 0.0
                for length, s in enumerate(chain, start=1):
                    gain += value[start + length - 1][s]
                    allowed_length = length >= shortest or start == 0 or start + length == h
                    if allowed_length and (chosen is None or gain > chosen[0] or behind):
                        chosen = (gain, length)
                if chosen is not None and (best is None or chosen[0] > best[0]):
                    best = (chosen[0], start, chosen[1], chain)
            if best is not None and (behind or best[0] > 0):
                _, start, length, chain = best
                for i, s in enumerate(chain[:length]):
                    line[start + i] = s
                    counts[s] += 1
                    state["minutes"] += c.minutes[s]
                    state["shifts"] += 1
                    weekend = c.weekend_of[start + i]
                    if weekend is not None:
                        state["weekends"].add(weekend)
                d = start + length + rest
            else:
                d += 1
        return line if line_is_valid(c, e, line) else None

    def fill(self, e: int, days: set[int], value: list[list[float]]) -> list[int] | None:
        """Shift types for a fixed pattern of working days, run by run."""
        c = self.c
        self.value = value
        spread, self.spread_weekends = self.spread_weekends, False
        line = [OFF] * c.days
        counts = [0] * len(c.codes)
        state = {"minutes": 0, "shifts": 0, "weekends": set()}
        emp = c.employees[e]
        max_minutes = emp.max_minutes if emp.max_minutes is not None else 10**9
        try:
            d = 0
            while d < c.days:
                if d not in days:
                    d += 1
                    continue
                length = 1
                while d + length in days:
                    length += 1
                chain = self.chain(e, d, length, line, counts, state, max_minutes, c.days, c.days)
                if len(chain) < length:
                    return None
                for i, s in enumerate(chain):
                    line[d + i] = s
                    counts[s] += 1
                    state["minutes"] += c.minutes[s]
                    state["shifts"] += 1
                d += length
        finally:
            self.spread_weekends = spread
        return line if line_is_valid(c, e, line) else None

    def chain(self, e, first, length, line, counts, state, max_minutes, max_shifts, weekend_limit) -> list[int]:
        """Shift types for as many days from `first` (up to `length`) as the rules allow in one
        run; every prefix of the chain is itself a valid run of that length."""
        c = self.c
        if first > 0 and line[first - 1] != OFF:
            return []
        weekends = set(state["weekends"])
        chosen: list[int] = []
        used = list(counts)
        minutes = state["minutes"]
        nights = c.employees[e].nights_before if first == 0 else 0
        night_limit = c.employees[e].max_consecutive_nights
        follows = self.follows
        for i, d in enumerate(range(first, first + length)):
            if not c.allowed[e][d] or state["shifts"] + i + 1 > max_shifts:
                break
            weekend = c.weekend_of[d]
            if weekend is not None and weekend not in weekends:
                if len(weekends) + 1 > weekend_limit:
                    break
                # Spread the weekends allowed over the horizon, so that the last weeks keep some.
                if self.spread_weekends and len(weekends) + 1 > self.weekend_quota(weekend, weekend_limit):
                    break
            previous = chosen[-1] if chosen else OFF
            options = [
                s
                for s in c.allowed[e][d]
                if (previous == OFF or follows[previous][s])
                and (c.max_per_type[e][s] is None or used[s] < c.max_per_type[e][s])
                and minutes + c.minutes[s] <= max_minutes
                and not (night_limit is not None and c.night[s] and nights >= night_limit)
            ]
            if not options:
                break
            # Best value first; among equals, the type that leaves the most shift types for
            # the next day and has the most room left under its limit (fewer dead ends).
            s = max(
                options,
                key=lambda t: (
                    self.value[d][t],
                    self.followers[t],
                    -used[t] if c.max_per_type[e][t] is None else c.max_per_type[e][t] - used[t],
                    self.rng.random(),
                ),
            )
            if weekend is not None:
                weekends.add(weekend)
            chosen.append(s)
            used[s] += 1
            minutes += c.minutes[s]
            nights = nights + 1 if c.night[s] else 0
        return chosen
