"""Reads shared by the quality pages, API, metrics and exports.

Rates per 1,000 patient-days and per 100 surgeries take their denominators from
the core's daily census (hospital.selectors); this app keeps no census.
"""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hospital.models import Department, User
from hospital.periods import month_start
from hospital.selectors import census_totals_by_period, ratio
from quality.access import INVESTIGATOR_ROLES
from quality.models import (
    ActionStatus,
    AdverseEvent,
    Category,
    CorrectiveAction,
    DeviceDays,
    EventType,
    Harm,
    InfectionCase,
    InfectionKind,
    InfectionThreshold,
    SurveyAnswer,
)
from quality.models.events import SURGICAL_CATEGORIES, chinese_level

Period = tuple[dt.date, dt.date]

CHINESE_LEVEL_SHORT = {"I": _("Level Ⅰ"), "II": _("Level Ⅱ"), "III": _("Level Ⅲ"), "IV": _("Level Ⅳ")}

# kind -> (device-days field or None for SSI, scale)
HAI_DENOMINATORS = {
    InfectionKind.CLABSI: ("central_line_days", 1000),
    InfectionKind.CAUTI: ("urinary_catheter_days", 1000),
    InfectionKind.VAE: ("ventilator_days", 1000),
    InfectionKind.SSI: (None, 100),  # per 100 operative procedures (census surgeries)
}
DEVICE_FIELDS = ("central_line_days", "urinary_catheter_days", "ventilator_days")


def eligible_investigators():
    """Who may lead an investigation: active quality managers and department heads.

    The triage form offers these, and triage_event refuses anyone else (the API too):
    an investigator reads the whole event, so the role is not for any staff member.
    """
    users = User.objects.filter(is_active=True, groups__name__in=INVESTIGATOR_ROLES)
    return users.distinct().order_by("display_name", "username")


def period_labels(periods: Sequence[Period]) -> list[str]:
    """A chart's or table's column labels: "2026-03" per period."""
    return [start.strftime("%Y-%m") for start, _end in periods]


def _span(periods: Sequence[Period]) -> Period:
    return min(p[0] for p in periods), max(p[1] for p in periods)


def event_counts_by_period(events, periods: Sequence[Period]) -> list[dict[str, int]]:
    """Counts of events (all, near misses, medication errors, surgical) per period, one query."""
    if not periods:
        return []
    start, end = _span(periods)
    aggregates = {}
    for i, (p_start, p_end) in enumerate(periods):
        within = Q(occurred_on__gte=p_start, occurred_on__lte=p_end)
        aggregates[f"all_{i}"] = Count("id", filter=within)
        aggregates[f"near_miss_{i}"] = Count("id", filter=within & Q(event_type=EventType.NEAR_MISS))
        # NCC MERP A is "capacity to cause error", not an error: count incidents and near misses.
        aggregates[f"medication_{i}"] = Count(
            "id", filter=within & Q(category=Category.MEDICATION) & ~Q(event_type=EventType.UNSAFE_CONDITION)
        )
        aggregates[f"surgical_{i}"] = Count("id", filter=within & Q(category__in=SURGICAL_CATEGORIES))
    row = events.occurred_between(start, end).aggregate(**aggregates)
    names = ("all", "near_miss", "medication", "surgical")
    return [{name: row[f"{name}_{i}"] or 0 for name in names} for i in range(len(periods))]


def event_rates_by_period(department: Department | None, periods: Sequence[Period], events=None) -> list[dict]:
    """Per period: counts, census denominators and the rates (None without a denominator). Two queries."""
    events = AdverseEvent.objects.all() if events is None else events
    counts = event_counts_by_period(events.in_department(department), periods)
    census = census_totals_by_period(department, periods)
    rows = []
    for c, t in zip(counts, census, strict=True):
        rows.append(
            {
                **c,
                "patient_days": t["patient_days"],
                "surgeries": t["surgeries"],
                "per_1000": ratio(c["all"], t["patient_days"], scale=1000),
                "near_miss_share": ratio(c["near_miss"], c["all"], scale=100),
                "medication_per_1000": ratio(c["medication"], t["patient_days"], scale=1000),
                "surgical_per_100": ratio(c["surgical"], t["surgeries"], scale=100),
            }
        )
    return rows


def overdue_actions_count(department: Department | None, start: dt.date, end: dt.date) -> Decimal:
    """Actions overdue at the end of the period, or today for the current period: due
    before that day and not done by then (cancelled ones do not count). An action due
    later this month is not overdue yet."""
    end = min(end, timezone.localdate())
    qs = CorrectiveAction.objects.filter(due_date__lt=end).exclude(status=ActionStatus.CANCELLED)
    if department is not None:
        qs = qs.filter(event__department__path__startswith=department.path)
    qs = qs.filter(Q(completed_on__isnull=True) | Q(completed_on__gt=end))
    return Decimal(qs.count())


def pareto(events) -> list[dict]:
    """Events by category, most first, with each category's share and the cumulative share."""
    rows = list(events.values("category").annotate(n=Count("id")).order_by("-n", "category"))
    total = sum(r["n"] for r in rows)
    cumulative = 0
    result = []
    for r in rows:
        cumulative += r["n"]
        result.append(
            {
                "key": r["category"],
                "label": Category(r["category"]).label,
                "count": r["n"],
                "share": ratio(r["n"], total, scale=100),
                "cumulative": ratio(cumulative, total, scale=100),
            }
        )
    return result


def harm_distribution(events) -> list[dict]:
    """Incidents by harm, in the harm scale's order, with the Chinese level beside each."""
    counts = dict(events.values_list("harm").annotate(n=Count("id")).order_by())
    rows = []
    for harm in Harm:
        level = chinese_level(EventType.INCIDENT, harm.value)
        label = f"{harm.label} · {CHINESE_LEVEL_SHORT[level]}" if level else str(harm.label)
        rows.append({"key": harm.value, "label": label, "count": counts.get(harm.value, 0), "level": level})
    return rows


def hai_rates_by_period(department: Department | None, periods: Sequence[Period]) -> list[dict]:
    """NHSN rates and device utilisation ratios per period; three queries in all.

    Device-days are monthly: a period counts the months whose first day falls in it,
    so periods should be whole months. Patient-days and surgeries come from the census.
    """
    if not periods:
        return []
    start, end = _span(periods)
    cases = InfectionCase.objects.in_department(department).filter(onset_date__gte=start, onset_date__lte=end)
    case_aggs = {}
    device_aggs = {}
    for i, (p_start, p_end) in enumerate(periods):
        within = Q(onset_date__gte=p_start, onset_date__lte=p_end)
        for kind in InfectionKind.values:
            case_aggs[f"{kind}_{i}"] = Count("id", filter=within & Q(kind=kind))
        months = Q(month__gte=month_start(p_start), month__lte=p_end)
        for name in DEVICE_FIELDS:
            device_aggs[f"{name}_{i}"] = Sum(name, filter=months)
    case_row = cases.aggregate(**case_aggs)
    device_row = (
        DeviceDays.objects.in_department(department)
        .filter(month__gte=month_start(start), month__lte=end)
        .aggregate(**device_aggs)
    )
    census = census_totals_by_period(department, periods)
    rows = []
    for i, t in enumerate(census):
        devices = {name: device_row[f"{name}_{i}"] for name in DEVICE_FIELDS}
        cases = {kind: case_row[f"{kind}_{i}"] for kind in InfectionKind.values}
        rows.append(_hai_row(t, devices, cases))
    return rows


def _hai_row(census: dict, devices: dict, cases: dict) -> dict:
    """One period's NHSN row from its census totals, device-day sums and case counts."""
    row = {"patient_days": census["patient_days"], "surgeries": census["surgeries"]}
    for name in DEVICE_FIELDS:
        row[name] = devices.get(name) or 0
        row[f"{name}_dur"] = ratio(row[name], census["patient_days"])
    for kind in InfectionKind.values:
        row[f"{kind}_cases"] = cases.get(kind) or 0
    for kind, (field, scale) in HAI_DENOMINATORS.items():
        denominator = row[field] if field else census["surgeries"]
        row[f"{kind}_rate"] = ratio(row[f"{kind}_cases"], denominator, scale=scale)
    return row


def satisfaction_by_period(department: Department | None, periods: Sequence[Period]) -> list[dict]:
    """Share of answers 4 or 5 per period (%), with the number of answers; one query."""
    if not periods:
        return []
    start, end = _span(periods)
    qs = SurveyAnswer.objects.filter(response__responded_on__gte=start, response__responded_on__lte=end)
    if department is not None:
        qs = qs.filter(response__department__path__startswith=department.path)
    aggs = {}
    for i, (p_start, p_end) in enumerate(periods):
        within = Q(response__responded_on__gte=p_start, response__responded_on__lte=p_end)
        aggs[f"all_{i}"] = Count("id", filter=within)
        aggs[f"good_{i}"] = Count("id", filter=within & Q(score__gte=4))
    row = qs.aggregate(**aggs)
    return [
        {
            "answers": row[f"all_{i}"] or 0,
            "satisfied": row[f"good_{i}"] or 0,
            "share": ratio(row[f"good_{i}"] or 0, row[f"all_{i}"] or 0, scale=100),
        }
        for i in range(len(periods))
    ]


def _satisfaction_answers(department: Department | None, period: Period):
    start, end = period
    answers = SurveyAnswer.objects.filter(response__responded_on__gte=start, response__responded_on__lte=end)
    return answers.filter(response__department__path__startswith=department.path) if department else answers


def satisfaction_by_department(department: Department | None, period: Period) -> list[dict]:
    """Answers and share of 4 or 5 (%) per department in the period, by name; one query."""
    good = Count("id", filter=Q(score__gte=4))
    rows = (
        _satisfaction_answers(department, period)
        .values("response__department__name")
        .annotate(n=Count("id"), good=good)
        .order_by("response__department__name")
    )
    return [{**r, "share": ratio(r["good"], r["n"], scale=100)} for r in rows]


def satisfaction_by_question(department: Department | None, period: Period) -> list[dict]:
    """Answers and share of 4 or 5 (%) per survey question in the period; one query."""
    good = Count("id", filter=Q(score__gte=4))
    rows = (
        _satisfaction_answers(department, period)
        .values("question__survey__name", "question__number", "question__text")
        .annotate(n=Count("id"), good=good)
        .order_by("question__survey__name", "question__number")
    )
    return [{**r, "share": ratio(r["good"], r["n"], scale=100)} for r in rows]


def event_counts_by_department(events, departments: Sequence[Department], periods: Sequence[Period]) -> dict:
    """{department pk: [events per period]} counting each department's subtree; one query."""
    if not periods or not departments:
        return {}
    start, end = _span(periods)
    aggs = {}
    for d in departments:
        for i, (p_start, p_end) in enumerate(periods):
            aggs[f"d{d.pk}_{i}"] = Count(
                "id",
                filter=Q(department__path__startswith=d.path, occurred_on__gte=p_start, occurred_on__lte=p_end),
            )
    row = events.occurred_between(start, end).aggregate(**aggs)
    return {d.pk: [row[f"d{d.pk}_{i}"] or 0 for i in range(len(periods))] for d in departments}


def event_rates_by_department(events, departments: Sequence[Department], periods: Sequence[Period]) -> list[dict]:
    """Events per 1,000 patient-days per department and period: one query for the events,
    one census query per department (a fixed number, whatever the number of events)."""
    counts = event_counts_by_department(events, departments, periods)
    rows = []
    for d in departments:
        census = census_totals_by_period(d, periods)
        rows.append(
            {
                "department": d,
                "rates": [ratio(n, t["patient_days"], scale=1000) for n, t in zip(counts[d.pk], census, strict=True)],
            }
        )
    return rows


def hai_rates_by_ward(wards: Sequence[Department], period: Period) -> list[dict]:
    """hai_rates_by_period's row for each ward in one period, with the ward as `department`.

    Each ward counts with its sub-departments, as the census does (its patient-days
    and operations are the subtree's), so a parent's cases and denominators agree.
    One query for cases, one for device-days, then one census query per ward.
    """
    if not wards:
        return []
    start, end = period
    case_aggs, device_aggs = {}, {}
    for ward in wards:
        subtree = Q(department__path__startswith=ward.path)
        for kind in InfectionKind.values:
            case_aggs[f"w{ward.pk}_{kind}"] = Count("id", filter=subtree & Q(kind=kind))
        for name in DEVICE_FIELDS:
            device_aggs[f"w{ward.pk}_{name}"] = Sum(name, filter=subtree)
    case_row = InfectionCase.objects.filter(onset_date__gte=start, onset_date__lte=end).aggregate(**case_aggs)
    device_row = DeviceDays.objects.filter(month__gte=month_start(start), month__lte=end).aggregate(**device_aggs)
    rows = []
    for ward in wards:
        census = census_totals_by_period(ward, [period])[0]
        devices = {name: device_row[f"w{ward.pk}_{name}"] for name in DEVICE_FIELDS}
        cases = {kind: case_row[f"w{ward.pk}_{kind}"] for kind in InfectionKind.values}
        rows.append({"department": ward, **_hai_row(census, devices, cases)})
    return rows


def hai_rates_against_thresholds(wards: Sequence[Department], period: Period) -> list[dict]:
    """hai_rates_by_ward's rows, each with `breaches`: the ward's thresholds (InfectionThreshold)
    that its rate in the period is above, and `alerts`: their kinds, in InfectionKind order.

    The one rule for "rate above threshold": the dashboard flags and the scheduled alert
    both read it. No rate (no denominator) is never above a threshold.
    """
    thresholds: dict[int, dict[str, InfectionThreshold]] = {}
    for threshold in InfectionThreshold.objects.filter(department__in=wards):
        thresholds.setdefault(threshold.department_id, {})[threshold.kind] = threshold
    rows = hai_rates_by_ward(wards, period)
    for row in rows:
        own = thresholds.get(row["department"].pk, {})
        row["breaches"] = [
            own[kind]
            for kind in InfectionKind.values
            if kind in own and row.get(f"{kind}_rate") is not None and row[f"{kind}_rate"] > own[kind].rate
        ]
        row["alerts"] = [threshold.kind for threshold in row["breaches"]]
    return rows
