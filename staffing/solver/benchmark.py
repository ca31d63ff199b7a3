"""Reader for the Shift Scheduling Benchmark format (Curtois & Qu, Instances 1-24) and its
mapping onto the solver's `Problem`.

The raw instance (`BenchmarkInstance`) keeps the file's own fields so that the independent
checker can score a roster from them without going through the solver's model.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from .problem import Cover, Employee, Problem, Roster, ShiftRequest, ShiftType, Weights

SECTIONS = (
    "SECTION_HORIZON",
    "SECTION_SHIFTS",
    "SECTION_STAFF",
    "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS",
    "SECTION_SHIFT_OFF_REQUESTS",
    "SECTION_COVER",
)


class BenchmarkFormatError(ValueError):
    pass


@dataclass(frozen=True)
class BenchmarkShift:
    id: str
    minutes: int
    cannot_follow: tuple[str, ...]


@dataclass(frozen=True)
class BenchmarkStaff:
    id: str
    max_shifts: dict[str, int]
    max_minutes: int
    min_minutes: int
    max_consecutive: int
    min_consecutive: int
    min_consecutive_off: int
    max_weekends: int


@dataclass(frozen=True)
class BenchmarkRequest:
    employee: str
    day: int
    shift: str
    weight: int


@dataclass(frozen=True)
class BenchmarkCover:
    day: int
    shift: str
    requirement: int
    under_weight: int
    over_weight: int


@dataclass
class BenchmarkInstance:
    name: str
    horizon: int
    shifts: list[BenchmarkShift] = field(default_factory=list)
    staff: list[BenchmarkStaff] = field(default_factory=list)
    days_off: dict[str, set[int]] = field(default_factory=dict)
    on_requests: list[BenchmarkRequest] = field(default_factory=list)
    off_requests: list[BenchmarkRequest] = field(default_factory=list)
    cover: list[BenchmarkCover] = field(default_factory=list)


def _sections(text: str) -> dict[str, list[list[str]]]:
    sections: dict[str, list[list[str]]] = {}
    current: list[list[str]] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            if line not in SECTIONS:
                raise BenchmarkFormatError(f"unknown section {line}")
            current = sections.setdefault(line, [])
            continue
        if current is None:
            raise BenchmarkFormatError(f"data before the first section: {line!r}")
        current.append([part.strip() for part in line.split(",")])
    missing = [name for name in SECTIONS if name not in sections]
    if missing:
        raise BenchmarkFormatError(f"missing sections: {', '.join(missing)}")
    return sections


def parse_instance(text: str, name: str = "") -> BenchmarkInstance:
    sections = _sections(text)
    try:
        instance = BenchmarkInstance(name=name, horizon=int(sections["SECTION_HORIZON"][0][0]))
        for row in sections["SECTION_SHIFTS"]:
            forbidden = tuple(s for s in (row[2] if len(row) > 2 else "").split("|") if s)
            instance.shifts.append(BenchmarkShift(row[0], int(row[1]), forbidden))
        for row in sections["SECTION_STAFF"]:
            limits = {}
            for pair in row[1].split("|"):
                key, value = pair.split("=")
                limits[key] = int(value)
            instance.staff.append(BenchmarkStaff(row[0], limits, *(int(v) for v in row[2:8])))
        for row in sections["SECTION_DAYS_OFF"]:
            instance.days_off.setdefault(row[0], set()).update(int(d) for d in row[1:] if d)
        for key, target in (
            ("SECTION_SHIFT_ON_REQUESTS", instance.on_requests),
            ("SECTION_SHIFT_OFF_REQUESTS", instance.off_requests),
        ):
            for row in sections[key]:
                target.append(BenchmarkRequest(row[0], int(row[1]), row[2], int(row[3])))
        for row in sections["SECTION_COVER"]:
            instance.cover.append(BenchmarkCover(int(row[0]), row[1], *(int(v) for v in row[2:5])))
    except (IndexError, ValueError) as error:
        raise BenchmarkFormatError(f"malformed line: {error}") from error
    return instance


def read_instance(path: str | Path) -> BenchmarkInstance:
    path = Path(path)
    return parse_instance(path.read_text(encoding="ascii"), name=path.stem)


def to_problem(instance: BenchmarkInstance) -> Problem:
    """The benchmark's rules on the solver's constraint set: cover rows become soft coverage
    (minimum = requirement, the file's weights), requests become weighted shift requests,
    staff limits become hard limits, days off become unavailable days."""
    shifts = tuple(
        ShiftType(code=s.id, minutes=s.minutes, cannot_be_followed_by=frozenset(s.cannot_follow))
        for s in instance.shifts
    )
    employees = tuple(
        Employee(
            id=s.id,
            unavailable_days=frozenset(instance.days_off.get(s.id, ())),
            max_shifts_per_type={code: s.max_shifts.get(code, 0) for code in (t.id for t in instance.shifts)},
            min_minutes=s.min_minutes,
            max_minutes=s.max_minutes,
            max_consecutive_days=s.max_consecutive,
            min_consecutive_days=s.min_consecutive,
            min_consecutive_days_off=s.min_consecutive_off,
            max_weekends=s.max_weekends,
        )
        for s in instance.staff
    )
    covers = tuple(
        Cover(day=c.day, shift=c.shift, minimum=c.requirement, under_weight=c.under_weight, over_weight=c.over_weight)
        for c in instance.cover
    )
    requests = tuple(
        ShiftRequest(employee=r.employee, day=r.day, shift=r.shift, weight=r.weight, on=on)
        for on, group in ((True, instance.on_requests), (False, instance.off_requests))
        for r in group
    )
    return Problem(
        days=instance.horizon,
        shift_types=shifts,
        employees=employees,
        covers=covers,
        requests=requests,
        weights=Weights(under_minimum=100, under_preferred=0, over_cover=1),
        name=instance.name,
    )


def roster_csv(roster: Roster) -> str:
    """`employee,day,shift` lines, days off absent."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for employee, shifts in roster.items():
        for day, shift in enumerate(shifts):
            if shift is not None:
                writer.writerow([employee, day, shift])
    return out.getvalue()


def parse_roster_csv(text: str, instance: BenchmarkInstance) -> Roster:
    roster: Roster = {s.id: [None] * instance.horizon for s in instance.staff}
    for row in csv.reader(io.StringIO(text)):
        if row:
            roster[row[0]][int(row[1])] = row[2]
    return roster
