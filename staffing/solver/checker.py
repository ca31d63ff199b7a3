"""An independent checker: recomputes every hard rule and the penalty of a roster straight
from the rules' definitions, sharing no code with the solver's model or its scorer.

`check_benchmark` reads the raw benchmark instance (the file's own fields);
`check_problem` reads the hospital `Problem`. Both take plain assignments
(employee, day, shift), so even two shifts on one day can be reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .benchmark import BenchmarkInstance
from .problem import Problem

Assignment = tuple[str, int, str]


@dataclass(frozen=True)
class Flag:
    """One broken rule where a roster shows it: a person's day, a person's whole line
    (`day` None), or a day's coverage (`employee` None).

    `rule` is the rule's code and `params` its numbers and codes (count, limit, shift, …), so
    that a page can say it in the reader's language; `message` is the same in plain English."""

    employee: str | None
    day: int | None
    rule: str
    message: str
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass
class Report:
    penalty: int = 0
    violations: list[str] = field(default_factory=list)
    by_rule: dict[str, int] = field(default_factory=dict)
    flags: list[Flag] = field(default_factory=list)  # the hard violations, located
    soft_flags: list[Flag] = field(default_factory=list)  # unmet requests and minimum coverage

    @property
    def feasible(self) -> bool:
        return not self.violations

    def flag(self, employee: str | None, day: int | None, rule: str, message: str, **params) -> None:
        """A hard violation."""
        self.violations.append(message)
        self.flags.append(Flag(employee, day, rule, message, params))

    def soft(self, employee: str | None, day: int | None, rule: str, message: str, **params) -> None:
        """A soft rule left unmet where a roster shows it (its cost is counted by `add`)."""
        self.soft_flags.append(Flag(employee, day, rule, message, params))

    def add(self, rule: str, amount: int) -> None:
        self.penalty += amount
        self.by_rule[rule] = self.by_rule.get(rule, 0) + amount


def _table(
    assignments: Iterable[Assignment], people: list[str], days: int, report: Report
) -> dict[str, list[str | None]]:
    table: dict[str, list[str | None]] = {p: [None] * days for p in people}
    for person, day, shift in assignments:
        if person not in table:
            report.flag(None, None, "unknown_employee", f"unknown employee {person}", employee=person)
            continue
        if not 0 <= day < days:
            report.flag(person, None, "outside_horizon", f"{person}: day {day} outside the horizon", index=day)
            continue
        if table[person][day] is not None:
            report.flag(person, day, "one_shift_a_day", f"{person}: two shifts on day {day}")
        table[person][day] = shift
    return table


def _runs(worked: list[bool], value: bool) -> list[tuple[int, int]]:
    """(first day, length) of every maximal run of days whose worked flag equals `value`."""
    runs, start = [], None
    for day, flag in enumerate([*worked, not value]):
        if flag == value and start is None:
            start = day
        elif flag != value and start is not None:
            runs.append((start, day - start))
            start = None
    return runs


def _check_runs(
    name: str,
    worked: list[bool],
    *,
    max_work: int | None,
    min_work: int,
    min_off: int,
    report: Report,
    employee: str | None = None,
    before: int = 0,
) -> None:
    """Runs of working days and days off; `before` working days in a row ended the day
    before day 0 and count into a run starting on day 0."""
    employee = name if employee is None else employee
    last = len(worked) - 1
    for start, length in _runs(worked, True):
        if start == 0 and before:
            length += before
            start = -before
        if max_work is not None and length > max_work:
            text = f"{name}: {length} working days in a row from day {start}"
            params = {"count": length, "start": start, "limit": max_work}
            report.flag(employee, start + length - 1, "max_consecutive_days", text, **params)
        touches_edge = start <= 0 or start + length - 1 == last
        if length < min_work and not touches_edge:
            text = f"{name}: only {length} working days in a row from day {start}"
            params = {"count": length, "start": start, "limit": min_work}
            report.flag(employee, start, "min_consecutive_days", text, **params)
    for start, length in _runs(worked, False):
        touches_edge = start == 0 or start + length - 1 == last
        if length < min_off and not touches_edge:
            text = f"{name}: only {length} days off in a row from day {start}"
            params = {"count": length, "start": start, "limit": min_off}
            report.flag(employee, start, "min_consecutive_days_off", text, **params)


def check_benchmark(instance: BenchmarkInstance, assignments: Iterable[Assignment]) -> Report:
    report = Report()
    h = instance.horizon
    table = _table(assignments, [s.id for s in instance.staff], h, report)
    length = {s.id: s.minutes for s in instance.shifts}
    cannot_follow = {s.id: set(s.cannot_follow) for s in instance.shifts}
    for staff in instance.staff:
        line = table[staff.id]
        for day, shift in enumerate(line):
            if shift is not None and shift not in length:
                report.violations.append(f"{staff.id}: unknown shift {shift} on day {day}")
        line = [s if s in length else None for s in line]
        for day in range(h - 1):
            if line[day] is not None and line[day + 1] in cannot_follow[line[day]]:
                report.violations.append(f"{staff.id}: {line[day + 1]} after {line[day]} on day {day + 1}")
        for shift in length:
            count = line.count(shift)
            limit = staff.max_shifts.get(shift, 0)
            if count > limit:
                report.violations.append(f"{staff.id}: {count} shifts {shift}, at most {limit}")
        minutes = sum(length[s] for s in line if s is not None)
        if not staff.min_minutes <= minutes <= staff.max_minutes:
            bounds = f"[{staff.min_minutes}, {staff.max_minutes}]"
            report.violations.append(f"{staff.id}: {minutes} minutes outside {bounds}")
        worked = [s is not None for s in line]
        _check_runs(
            staff.id,
            worked,
            max_work=staff.max_consecutive,
            min_work=staff.min_consecutive,
            min_off=staff.min_consecutive_off,
            report=report,
        )
        weekends = sum(1 for k in range(h // 7) if worked[7 * k + 5] or worked[7 * k + 6])
        if weekends > staff.max_weekends:
            report.violations.append(f"{staff.id}: {weekends} weekends worked, at most {staff.max_weekends}")
        for day in instance.days_off.get(staff.id, ()):
            if worked[day]:
                report.violations.append(f"{staff.id}: works on day off {day}")
    for request in instance.on_requests:
        if table.get(request.employee, [None] * h)[request.day] != request.shift:
            report.add("shift_on_request", request.weight)
    for request in instance.off_requests:
        if table.get(request.employee, [None] * h)[request.day] == request.shift:
            report.add("shift_off_request", request.weight)
    for cover in instance.cover:
        n = sum(1 for line in table.values() if line[cover.day] == cover.shift)
        report.add("cover_under", cover.under_weight * max(0, cover.requirement - n))
        report.add("cover_over", cover.over_weight * max(0, n - cover.requirement))
    return report


def check_problem(problem: Problem, assignments: Iterable[Assignment]) -> Report:
    """Every hard rule of the hospital model and its penalty, from the rules' definitions."""
    report = Report()
    h = problem.days
    shifts = {s.code: s for s in problem.shift_types}
    table = _table(assignments, [e.id for e in problem.employees], h, report)
    forbidden = {(s.code, t) for s in problem.shift_types for t in s.cannot_be_followed_by}
    for emp in problem.employees:
        line = table[emp.id]
        name = emp.label
        for day, code in enumerate(line):
            if code is None:
                continue
            if code not in shifts:
                report.flag(emp.id, day, "unknown_shift", f"{name}: unknown shift {code} on day {day}", shift=code)
            elif day in emp.unavailable_days:
                report.flag(emp.id, day, "leave", f"{name}: works on day {day}, on leave")
            elif code in emp.forbidden_shifts.get(day, ()):
                before = emp.shift_before or "?"
                text = f"{name}: {code} on day {day} too soon after {before} of the previous roster"
                report.flag(emp.id, day, "after_previous_roster", text, shift=code, previous=emp.shift_before)
        line = [c if c in shifts else None for c in line]
        for day in range(h - 1):
            first, second = line[day], line[day + 1]
            if first is None or second is None:
                continue
            if (first, second) in forbidden:
                text = f"{name}: {second} after {first} on day {day + 1}"
                report.flag(emp.id, day + 1, "succession", text, first=first, second=second)
            rest = shifts[first].rest_before(shifts[second])
            if problem.min_rest_minutes is not None and rest is not None and rest < problem.min_rest_minutes:
                text = f"{name}: {rest // 60} h rest before day {day + 1}"
                hours = {"hours": rest // 60, "limit": problem.min_rest_minutes // 60}
                report.flag(emp.id, day + 1, "rest", text, first=first, second=second, **hours)
        for code, limit in emp.max_shifts_per_type.items():
            if line.count(code) > limit:
                text = f"{name}: {line.count(code)} shifts {code}, at most {limit}"
                report.flag(emp.id, None, "shifts_of_type", text, count=line.count(code), shift=code, limit=limit)
        worked_shifts = [c for c in line if c is not None]
        minutes = sum(shifts[c].minutes for c in worked_shifts)
        if minutes < emp.min_minutes or (emp.max_minutes is not None and minutes > emp.max_minutes):
            text = f"{name}: {minutes} minutes outside the contract"
            bounds = {"minutes": minutes, "minimum": emp.min_minutes, "maximum": emp.max_minutes}
            report.flag(emp.id, None, "contract_hours", text, **bounds)
        if len(worked_shifts) < emp.min_shifts or (emp.max_shifts is not None and len(worked_shifts) > emp.max_shifts):
            text = f"{name}: {len(worked_shifts)} shifts outside the contract"
            bounds = {"count": len(worked_shifts), "minimum": emp.min_shifts, "maximum": emp.max_shifts}
            report.flag(emp.id, None, "contract_shifts", text, **bounds)
        worked = [c is not None for c in line]
        _check_runs(
            name,
            worked,
            max_work=emp.max_consecutive_days,
            min_work=emp.min_consecutive_days,
            min_off=emp.min_consecutive_days_off,
            report=report,
            employee=emp.id,
            before=emp.worked_before,
        )
        if emp.max_consecutive_nights is not None:
            nights = [c is not None and shifts[c].is_night for c in line]
            for start, length in _runs(nights, True):
                if start == 0 and emp.nights_before:
                    start, length = -emp.nights_before, length + emp.nights_before
                if length > emp.max_consecutive_nights:
                    report.flag(
                        emp.id,
                        start + length - 1,
                        "max_consecutive_nights",
                        f"{name}: {length} nights in a row from day {start}",
                        count=length,
                        start=start,
                        limit=emp.max_consecutive_nights,
                    )
        weekend_days: dict[int, list[int]] = {}
        for day in range(h):
            weekday = (problem.first_weekday + day) % 7
            if weekday >= 5:
                weekend_days.setdefault((problem.first_weekday + day) // 7, []).append(day)
        weekends = sum(1 for days in weekend_days.values() if any(worked[d] for d in days))
        free = len(weekend_days) - weekends
        if emp.max_weekends is not None and weekends > emp.max_weekends:
            text = f"{name}: {weekends} weekends worked, at most {emp.max_weekends}"
            report.flag(emp.id, None, "max_weekends", text, count=weekends, limit=emp.max_weekends)
        if free < emp.min_free_weekends:
            text = f"{name}: {free} free weekends, at least {emp.min_free_weekends}"
            report.flag(emp.id, None, "min_free_weekends", text, count=free, limit=emp.min_free_weekends)
        if problem.weights.split_weekend:
            for days in weekend_days.values():
                if len(days) == 2 and worked[days[0]] != worked[days[1]]:
                    report.add("split_weekend", problem.weights.split_weekend)
    _check_fairness(problem, table, report)
    by_id = {e.id: e for e in problem.employees}
    for cover in problem.covers:
        weights = problem.weights
        counted = [
            e
            for e, line in table.items()
            if line[cover.day] == cover.shift and (cover.skill is None or by_id[e].has_skill(cover.skill, cover.day))
        ]
        n = len(counted)
        preferred = max(cover.minimum, cover.preferred or 0)
        under = weights.under_minimum if cover.under_weight is None else cover.under_weight
        over = weights.over_cover if cover.over_weight is None else cover.over_weight
        report.add("cover_under_minimum", under * max(0, cover.minimum - n))
        if n < cover.minimum:
            skill = f" with skill {cover.skill}" if cover.skill else ""
            where = f"{problem.name}, " if problem.name else ""
            label = shifts[cover.shift].label if cover.shift in shifts else cover.shift
            text = f"{where}{problem.day_label(cover.day)}, {label}: {n} of {cover.minimum}{skill}"
            params = {"shift": cover.shift, "skill": cover.skill, "assigned": n, "required": cover.minimum}
            report.soft(None, cover.day, "cover_under_minimum", text, **params)
        report.add("cover_under_preferred", weights.under_preferred * max(0, preferred - n))
        report.add("cover_over", over * max(0, n - preferred))
    for request in problem.requests:
        got = table[request.employee][request.day]
        hit = got is not None if request.shift is None else got == request.shift
        what = request.shift or "any shift"
        if request.on and not hit:
            report.add("shift_on_request", request.weight)
            text = f"{request.employee}: asked to work ({what}) on day {request.day}"
            report.soft(request.employee, request.day, "shift_on_request", text, shift=request.shift)
        if not request.on and hit:
            report.add("shift_off_request", request.weight)
            text = f"{request.employee}: asked not to work ({what}) on day {request.day}"
            report.soft(request.employee, request.day, "shift_off_request", text, shift=request.shift)
    return report


def _check_fairness(problem: Problem, table: dict[str, list[str | None]], report: Report) -> None:
    """Spread (most minus fewest) of nights among people who may work a night, and of
    weekends worked among people available on some weekend day."""
    weights = problem.weights
    night_codes = {s.code for s in problem.shift_types if s.is_night}
    weekend = [d for d in range(problem.days) if (problem.first_weekday + d) % 7 >= 5]
    nights, weekends = [], []
    for emp in problem.employees:
        line = table[emp.id]
        available = [d for d in range(problem.days) if d not in emp.unavailable_days]
        may_night = any(emp.max_shifts_per_type.get(code, 1) > 0 for code in night_codes)
        if may_night and available:
            nights.append(sum(1 for c in line if c in night_codes))
        if any(d in weekend for d in available):
            worked = {(problem.first_weekday + d) // 7 for d in weekend if line[d] is not None}
            weekends.append(len(worked))
    if weights.night_fairness and nights:
        report.add("night_fairness", weights.night_fairness * (max(nights) - min(nights)))
    if weights.weekend_fairness and weekends:
        report.add("weekend_fairness", weights.weekend_fairness * (max(weekends) - min(weekends)))
