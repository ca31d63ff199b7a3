"""The rostering problem as plain data: what the solver reads.

Nothing here knows Django. The hospital's services and the benchmark reader both build a
`Problem`; the solver returns a `Solution`. Days are counted from 0 (the roster's first day).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True)
class ShiftType:
    """A kind of shift. `start_minute` counts from midnight of the day the shift belongs to,
    so a night shift starting at 22:00 has 1320 and may run past midnight.
    `cannot_be_followed_by` lists shift codes forbidden on the next day (forbidden successions).
    `minutes` are the minutes counted against the contract (the paid hours); `length_minutes`,
    when given, is the clock time from start to end that rest between shifts is measured
    from (None: the same as `minutes`)."""

    code: str
    minutes: int
    name: str = ""
    start_minute: int | None = None
    is_night: bool = False
    cannot_be_followed_by: frozenset[str] = frozenset()
    length_minutes: int | None = None

    @property
    def label(self) -> str:
        return self.name or self.code

    @property
    def clock_minutes(self) -> int:
        return self.minutes if self.length_minutes is None else self.length_minutes

    def rest_before(self, following: ShiftType) -> int | None:
        """Minutes from the end of this shift to the start of `following` on the next day
        (None when a start time is unknown)."""
        if self.start_minute is None or following.start_minute is None:
            return None
        return MINUTES_PER_DAY + following.start_minute - (self.start_minute + self.clock_minutes)


@dataclass(frozen=True)
class Employee:
    """One person and their hard limits over the roster's horizon.

    `unavailable_days`: approved leave and fixed days off. `skills` maps a skill to the first
    day on which it no longer counts (its certification expires), or None when it never does.
    `max_shifts_per_type`: a missing type is unlimited, 0 forbids it.
    Minimum run lengths (working days, days off) are not enforced for runs touching the first
    or last day of the horizon, whose history is unknown.

    What came before day 0 (the previous roster): `forbidden_shifts` maps a day to the shift
    codes that may not be worked that day (day 0 after the previous roster's last shift,
    `shift_before`, by rest or a forbidden succession); `worked_before` and `nights_before`
    are the working days and nights in a row that ended the day before day 0, counted into
    the first run against `max_consecutive_days` and `max_consecutive_nights`.
    """

    id: str
    name: str = ""
    skills: Mapping[str, int | None] = field(default_factory=dict)
    unavailable_days: frozenset[int] = frozenset()
    max_shifts_per_type: Mapping[str, int] = field(default_factory=dict)
    min_minutes: int = 0
    max_minutes: int | None = None
    min_shifts: int = 0
    max_shifts: int | None = None
    max_consecutive_days: int | None = None
    min_consecutive_days: int = 1
    min_consecutive_days_off: int = 1
    max_consecutive_nights: int | None = None
    max_weekends: int | None = None
    min_free_weekends: int = 0
    forbidden_shifts: Mapping[int, frozenset[str]] = field(default_factory=dict)
    worked_before: int = 0
    nights_before: int = 0
    shift_before: str | None = None

    @property
    def label(self) -> str:
        return self.name or self.id

    def has_skill(self, skill: str, day: int) -> bool:
        if skill not in self.skills:
            return False
        expires = self.skills[skill]
        return expires is None or day < expires


@dataclass(frozen=True)
class Cover:
    """Staff needed on `day` for `shift`, counting only holders of `skill` when given.

    Below `minimum` costs `under_weight` per person missing (a shortfall reported in words);
    below `preferred` costs `preferred_weight` per person; above max(minimum, preferred)
    costs `over_weight` per person. A weight of None takes the problem's default.
    """

    day: int
    shift: str
    minimum: int
    preferred: int | None = None
    skill: str | None = None
    under_weight: int | None = None
    over_weight: int | None = None


@dataclass(frozen=True)
class ShiftRequest:
    """A person asks to work (`on=True`) or not to work a shift on a day. `shift=None` means
    any shift: "I want to work that day" or "I want that day off"."""

    employee: str
    day: int
    shift: str | None
    weight: int
    on: bool


@dataclass(frozen=True)
class Weights:
    """Penalty per unit of each soft rule. Minimum coverage is soft with a large weight so
    that an impossible roster still yields the best one and its shortfalls."""

    under_minimum: int = 10_000
    under_preferred: int = 10
    over_cover: int = 0
    night_fairness: int = 0
    weekend_fairness: int = 0
    split_weekend: int = 0


@dataclass(frozen=True)
class Problem:
    days: int
    shift_types: tuple[ShiftType, ...]
    employees: tuple[Employee, ...]
    covers: tuple[Cover, ...] = ()
    requests: tuple[ShiftRequest, ...] = ()
    weights: Weights = Weights()
    first_weekday: int = 0
    start_date: datetime.date | None = None
    min_rest_minutes: int | None = None
    name: str = ""

    def shift(self, code: str) -> ShiftType:
        for shift_type in self.shift_types:
            if shift_type.code == code:
                return shift_type
        raise KeyError(code)

    def weekday(self, day: int) -> int:
        return (self.first_weekday + day) % 7

    def weekend_of(self, day: int) -> int | None:
        """Index of the weekend a Saturday or Sunday belongs to, None on weekdays."""
        if self.weekday(day) < 5:
            return None
        return (self.first_weekday + day) // 7

    def weekends(self) -> dict[int, list[int]]:
        found: dict[int, list[int]] = {}
        for day in range(self.days):
            weekend = self.weekend_of(day)
            if weekend is not None:
                found.setdefault(weekend, []).append(day)
        return found

    def day_label(self, day: int) -> str:
        if self.start_date is not None:
            date = self.start_date + datetime.timedelta(days=day)
            return f"{WEEKDAY_NAMES[date.weekday()]} {date.day} {date:%b}"
        return f"{WEEKDAY_NAMES[self.weekday(day)]} (day {day})"

    def forbidden_successions(self) -> set[tuple[str, str]]:
        """Pairs (shift, next day's shift) that may not follow each other: the listed ones and
        those leaving less than `min_rest_minutes` between the end of one and start of the next."""
        pairs = {(s.code, nxt) for s in self.shift_types for nxt in s.cannot_be_followed_by}
        if self.min_rest_minutes is not None:
            for first in self.shift_types:
                for second in self.shift_types:
                    rest = first.rest_before(second)
                    if rest is not None and rest < self.min_rest_minutes:
                        pairs.add((first.code, second.code))
        return pairs


Roster = dict[str, list[str | None]]
"""Employee id -> the shift code of each day (None for a day off)."""


@dataclass(frozen=True)
class Shortfall:
    day: int
    shift: str
    skill: str | None
    required: int
    assigned: int
    message: str


@dataclass
class Solution:
    roster: Roster
    penalty: int
    by_rule: dict[str, int]
    by_employee: dict[str, int]
    shortfalls: list[Shortfall]
    status: str  # "optimal" when the full model proved no roster costs less, else "feasible"
    log: list[str] = field(default_factory=list)

    def assignments(self) -> list[tuple[str, int, str]]:
        return [
            (employee, day, shift)
            for employee, shifts in self.roster.items()
            for day, shift in enumerate(shifts)
            if shift is not None
        ]
