"""Reads of the staffing app with more than one table: hours per person, and the rows the
registered metrics read (staffing.metrics), a fixed number of queries for any number of
periods."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum

from hospital.models import Department, User
from hospital.periods import Period
from staffing.models import Assignment, Certification, Roster, RosterStatus, ShiftRequest, StaffProfile

CERTIFICATION_NOTICE_DAYS = 60


@dataclass(frozen=True)
class HoursLine:
    person: User
    shifts: int
    nights: int
    weekend_days: int
    hours: Decimal
    contract_hours: Decimal
    over_contract: Decimal


def hours_worked(roster: Roster) -> list[HoursLine]:
    """Shifts, nights, weekend days and paid hours per person on the roster, against the
    contract's hours for its length (two queries)."""
    rows = (
        Assignment.objects.filter(roster=roster)
        .values("person_id")
        .annotate(
            shifts=Count("id"),
            nights=Count("id", filter=Q(shift_type__is_night=True)),
            weekend_days=Count("id", filter=Q(date__iso_week_day__gte=6)),
            hours=Sum("shift_type__paid_hours"),
        )
    )
    by_person = {row["person_id"]: row for row in rows}
    people = (
        User.objects.filter(
            Q(pk__in=by_person) | Q(pk__in=StaffProfile.objects.rostered_in(roster.department).values("user_id"))
        )
        .select_related("staff_profile")
        .order_by("display_name", "username")
    )
    lines = []
    for person in people:
        row = by_person.get(person.pk, {})
        profile = getattr(person, "staff_profile", None)
        weekly = profile.contract_hours_per_week if profile else Decimal(40)
        contract = (Decimal(weekly) * roster.length_days / 7).quantize(Decimal("0.1"))
        hours = row.get("hours") or Decimal(0)
        lines.append(
            HoursLine(
                person=person,
                shifts=row.get("shifts", 0),
                nights=row.get("nights", 0),
                weekend_days=row.get("weekend_days", 0),
                hours=hours,
                contract_hours=contract,
                over_contract=max(Decimal(0), hours - contract),
            )
        )
    return lines


def _in_department(qs, department: Department | None, field: str):
    if department is None:
        return qs
    return qs.filter(**{f"{field}__path__startswith": department.path})


def _period_filters(periods: Sequence[Period], field: str = "date") -> list[Q]:
    return [Q(**{f"{field}__gte": start, f"{field}__lte": end}) for start, end in periods]


def metric_rows_by_period(department: Department | None, periods: Sequence[Period]) -> list[dict]:
    """Per period: coverage required and met on published rosters, hours over contract,
    the spread of nights among people, certifications expiring within 60 days of its end,
    shift requests made and honoured. Five queries whatever the number of periods."""
    if not periods:
        return []
    first, last = periods[0][0], periods[-1][1]
    rows = [
        {"required": 0, "met": 0, "over_hours": Decimal(0), "nights": [], "expiring": 0, "requests": 0, "honoured": 0}
        for _p in periods
    ]
    published = _in_department(Roster.objects.filter(status=RosterStatus.PUBLISHED), department, "department")
    rosters = published.filter(first_day__lte=last).values_list("first_day", "length_days", "coverage_by_day")
    for first_day, length, coverage in rosters:
        if first_day + dt.timedelta(days=length) < first:
            continue
        for day, (required, met) in coverage.items():
            date = dt.date.fromisoformat(day)
            for i, (start, end) in enumerate(periods):
                if start <= date <= end:
                    rows[i]["required"] += required
                    rows[i]["met"] += met
    worked = _in_department(
        Assignment.objects.filter(roster__status=RosterStatus.PUBLISHED, date__gte=first, date__lte=last),
        department,
        "roster__department",
    )
    annotations = {}
    for i, q in enumerate(_period_filters(periods)):
        annotations[f"h{i}"] = Sum("shift_type__paid_hours", filter=q)
        annotations[f"n{i}"] = Count("id", filter=q & Q(shift_type__is_night=True))
        annotations[f"w{i}"] = Count("id", filter=q)
    per_person = list(worked.values("person_id").annotate(**annotations))
    weekly = dict(
        StaffProfile.objects.filter(user__in=[r["person_id"] for r in per_person]).values_list(
            "user_id", "contract_hours_per_week"
        )
    )
    for i, (start, end) in enumerate(periods):
        days = (end - start).days + 1
        for row in per_person:
            if not row[f"w{i}"]:
                continue
            contract = Decimal(weekly.get(row["person_id"], 40)) * days / 7
            rows[i]["over_hours"] += max(Decimal(0), (row[f"h{i}"] or 0) - contract)
            rows[i]["nights"].append(row[f"n{i}"])
    certs = _in_department(Certification.objects.all(), department, "person__department")
    counts = certs.aggregate(
        **{
            f"c{i}": Count(
                "id", filter=Q(expires__gt=end, expires__lte=end + dt.timedelta(days=CERTIFICATION_NOTICE_DAYS))
            )
            for i, (_s, end) in enumerate(periods)
        }
    )
    for i in range(len(periods)):
        rows[i]["expiring"] = counts[f"c{i}"]
    same_day = Assignment.objects.filter(
        person=OuterRef("person"), date=OuterRef("date"), roster__status=RosterStatus.PUBLISHED
    )
    requests = (
        _in_department(ShiftRequest.objects.filter(date__gte=first, date__lte=last), department, "person__department")
        .annotate(
            worked_any=Exists(same_day),
            worked_shift=Exists(same_day.filter(shift_type=OuterRef("shift_type"))),
        )
        .values_list("date", "shift_type_id", "wants_to_work", "worked_any", "worked_shift")
    )
    for date, shift_id, wants, any_shift, that_shift in requests:
        worked_it = any_shift if shift_id is None else that_shift
        for i, (start, end) in enumerate(periods):
            if start <= date <= end:
                rows[i]["requests"] += 1
                rows[i]["honoured"] += worked_it == wants
    return rows


def percent(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def night_spread(nights: list[int]) -> Decimal | None:
    """Standard deviation of nights per person among people who worked in the period."""
    if len(nights) < 2:
        return None
    return Decimal(str(round(statistics.pstdev(nights), 2)))
