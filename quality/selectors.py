"""Reads shared by the quality pages, API, metrics and exports.

Rates per 1,000 patient-days and per 100 surgeries take their denominators from
the core's daily census (hospital.selectors); this app keeps no census.
"""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hospital.models import Department, User
from hospital.periods import month_start
from hospital.selectors import census_totals_by_department, census_totals_by_period, ratio
from hospital.summaries import disjoint, in_ranges, period_case, rollup, split_months
from quality.access import INVESTIGATOR_ROLES
from quality.models import (
    ActionStatus,
    AdverseEvent,
    Category,
    CorrectiveAction,
    DeviceDays,
    EventMonth,
    EventType,
    Harm,
    InfectionCase,
    InfectionKind,
    InfectionMonth,
    InfectionThreshold,
    SatisfactionMonth,
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


def _subtree(department: Department | None, field: str = "department") -> Q:
    return Q() if department is None else Q(**{f"{field}__path__startswith": department.path})


def _add(bucket: dict, key: tuple, row: dict, names: Sequence[str]) -> None:
    sums = bucket.setdefault(key, dict.fromkeys(names, 0))
    for name in names:
        sums[name] += row[name] or 0


def _facts(
    periods: Sequence[Period],
    *,
    summary,
    summary_keys: Sequence[str],
    summary_sums: dict,
    raw,
    raw_keys: Sequence[str],
    raw_sums: dict,
    raw_date: str,
) -> list[dict[tuple, dict[str, int]]]:
    """Per period, {key tuple: {count name: sum}}: whole months from the summary
    (one grouped query), the days left over from the raw rows (one grouped query)."""
    if not disjoint(periods):
        arguments = {
            "summary": summary,
            "summary_keys": summary_keys,
            "summary_sums": summary_sums,
            "raw": raw,
            "raw_keys": raw_keys,
            "raw_sums": raw_sums,
            "raw_date": raw_date,
        }
        return [_facts([period], **arguments)[0] for period in periods]
    whole, partial = split_months(periods)
    result: list[dict] = [{} for _p in periods]
    names = list(summary_sums)
    if whole:
        rows = summary.filter(month__in=list(whole)).values("month", *summary_keys).annotate(**summary_sums).order_by()
        for row in rows:
            _add(result[whole[row["month"]]], tuple(row[k] for k in summary_keys), row, names)
    if partial:
        rows = (
            raw.filter(in_ranges(raw_date, partial))
            .values(*raw_keys, period=period_case(raw_date, partial))
            .annotate(**raw_sums)
            .order_by()
        )
        for row in rows:
            _add(result[row["period"]], tuple(row[k] for k in raw_keys), row, names)
    return result


def event_facts(
    department: Department | None, periods: Sequence[Period], keys: Sequence[str] = ("category", "event_type", "harm")
) -> list[dict[tuple, dict[str, int]]]:
    """Safety events per period by `keys` (fields of both EventMonth and AdverseEvent), {key: {"n": count}};
    the department with its subtree (None: the hospital). Two queries at most."""
    return _facts(
        periods,
        summary=EventMonth.objects.filter(_subtree(department)),
        summary_keys=keys,
        summary_sums={"n": Sum("events")},
        raw=AdverseEvent.objects.filter(_subtree(department)),
        raw_keys=keys,
        raw_sums={"n": Count("id")},
        raw_date="occurred_on",
    )


def _event_counts(facts: dict[tuple, dict]) -> dict[str, int]:
    """all, near misses, medication errors, surgical events from {(category, event_type, …): {"n"}}."""
    counts = {"all": 0, "near_miss": 0, "medication": 0, "surgical": 0}
    for (category, event_type, *_rest), sums in facts.items():
        n = sums["n"]
        counts["all"] += n
        counts["near_miss"] += n if event_type == EventType.NEAR_MISS else 0
        # NCC MERP A is "capacity to cause error", not an error: count incidents and near misses.
        counts["medication"] += n if category == Category.MEDICATION and event_type != EventType.UNSAFE_CONDITION else 0
        counts["surgical"] += n if category in SURGICAL_CATEGORIES else 0
    return counts


def event_counts_by_period(department: Department | None, periods: Sequence[Period]) -> list[dict[str, int]]:
    """Counts of events (all, near misses, medication errors, surgical) per period."""
    return [_event_counts(f) for f in event_facts(department, periods, ("category", "event_type"))]


def _event_rate_rows(counts: Sequence[dict], census: Sequence[dict]) -> list[dict]:
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


def event_rates_by_period(department: Department | None, periods: Sequence[Period]) -> list[dict]:
    """Per period: counts, census denominators and the rates (None without a denominator).
    Three queries: the summary, the days it does not cover, the census."""
    return _event_rate_rows(event_counts_by_period(department, periods), census_totals_by_period(department, periods))


def safety_dashboard(
    department: Department | None, periods: Sequence[Period], wards: Sequence[Department], recent: Sequence[Period]
) -> dict:
    """The safety dashboard's numbers for the department's subtree (None: the hospital).

    Callers pass a department the user may see whole (quality.access.dashboard_scope):
    the summaries count every event of a department, as the dashboard roles see them.
    `monthly`: event_rates_by_period rows; `pareto` and `harms` over all the periods;
    `by_department`: events per 1,000 patient-days of each ward in the `recent` periods.
    """
    facts = event_facts(department, periods)
    monthly = _event_rate_rows([_event_counts(f) for f in facts], census_totals_by_period(department, periods))
    by_category: dict[str, int] = {}
    incidents_by_harm: dict[str, int] = {}
    for period_facts in facts:
        for (category, event_type, harm), sums in period_facts.items():
            by_category[category] = by_category.get(category, 0) + sums["n"]
            if event_type == EventType.INCIDENT:
                incidents_by_harm[harm] = incidents_by_harm.get(harm, 0) + sums["n"]
    return {
        "monthly": monthly,
        "pareto": pareto(by_category),
        "harms": harm_distribution(incidents_by_harm),
        "by_department": event_rates_by_department(wards, recent),
    }


def overdue_actions_count(department: Department | None, start: dt.date, end: dt.date) -> Decimal:
    """Actions overdue at the end of the period, or today for the current period: due
    before that day and not done by then (cancelled ones do not count). An action due
    later this month is not overdue yet."""
    return overdue_actions_by_period(department, [(start, end)])[0]


def overdue_actions_by_period(department: Department | None, periods: Sequence[Period]) -> list[Decimal]:
    """overdue_actions_count for each period, from one grouped query of at most
    (periods + 1)² rows: an action is overdue on the days E with due_date < E <
    completed_on, so with the days sorted it is overdue on a run of them, from the
    first day after its due date to the last day before its completion."""
    if not periods:
        return []
    today = timezone.localdate()
    ends = sorted({min(end, today) for _start, end in periods})
    qs = CorrectiveAction.objects.filter(due_date__lt=ends[-1]).exclude(status=ActionStatus.CANCELLED)
    qs = qs.filter(Q(completed_on__isnull=True) | Q(completed_on__gt=ends[0]))
    if department is not None:
        qs = qs.filter(event__department__path__startswith=department.path)
    n = len(ends)
    # first: how many of the days are on or before the due date (the run starts there);
    # stop: how many are before the completion (the run ends there; not done: all of them).
    first = Case(
        *[When(due_date__lt=end, then=Value(i)) for i, end in enumerate(ends)],
        default=Value(n),
        output_field=IntegerField(),
    )
    stop = Case(
        When(completed_on__isnull=True, then=Value(n)),
        *[When(completed_on__lte=end, then=Value(i)) for i, end in enumerate(ends)],
        default=Value(n),
        output_field=IntegerField(),
    )
    overdue = [0] * n
    for row in qs.values(first=first, stop=stop).annotate(count=Count("id")).order_by():
        for i in range(row["first"], row["stop"]):
            overdue[i] += row["count"]
    by_end = dict(zip(ends, overdue, strict=True))
    return [Decimal(by_end[min(end, today)]) for _start, end in periods]


def pareto(counts: dict[str, int]) -> list[dict]:
    """Events by category ({category: count}), most first, with each category's share and the cumulative share."""
    rows = sorted(((key, n) for key, n in counts.items() if n), key=lambda r: (-r[1], r[0]))
    total = sum(n for _key, n in rows)
    cumulative = 0
    result = []
    for key, n in rows:
        cumulative += n
        result.append(
            {
                "key": key,
                "label": Category(key).label,
                "count": n,
                "share": ratio(n, total, scale=100),
                "cumulative": ratio(cumulative, total, scale=100),
            }
        )
    return result


def harm_distribution(counts: dict[str, int]) -> list[dict]:
    """Incidents by harm ({harm: count}), in the harm scale's order, with the Chinese level beside each."""
    rows = []
    for harm in Harm:
        level = chinese_level(EventType.INCIDENT, harm.value)
        label = f"{harm.label} · {CHINESE_LEVEL_SHORT[level]}" if level else str(harm.label)
        rows.append({"key": harm.value, "label": label, "count": counts.get(harm.value, 0), "level": level})
    return rows


def _infection_facts(department: Department | None, periods: Sequence[Period], keys: Sequence[str], raw_scope: Q):
    return _facts(
        periods,
        summary=InfectionMonth.objects.filter(raw_scope),
        summary_keys=keys,
        summary_sums={"n": Sum("cases")},
        raw=InfectionCase.objects.filter(raw_scope),
        raw_keys=keys,
        raw_sums={"n": Count("id")},
        raw_date="onset_date",
    )


def _device_days(scope: Q, periods: Sequence[Period], keys: Sequence[str] = ()) -> list[dict]:
    """Device-day sums per period (DeviceDays is monthly: a period counts the months whose
    first day falls in it), grouped by `keys`; one query."""
    ranges = [(month_start(start), end, i) for i, (start, end) in enumerate(periods)]
    sums = {name: Sum(name) for name in DEVICE_FIELDS}
    return list(
        DeviceDays.objects.filter(scope, in_ranges("month", ranges))
        .values(*keys, period=period_case("month", ranges))
        .annotate(**sums)
        .order_by()
    )


def hai_rates_by_period(department: Department | None, periods: Sequence[Period]) -> list[dict]:
    """NHSN rates and device utilisation ratios per period; four queries at most.

    Device-days are monthly: a period counts the months whose first day falls in it,
    so periods should be whole months. Patient-days and surgeries come from the census.
    """
    if not periods:
        return []
    if not disjoint(periods):
        return [hai_rates_by_period(department, [period])[0] for period in periods]
    cases = _infection_facts(department, periods, ("kind",), _subtree(department))
    devices = {row["period"]: row for row in _device_days(_subtree(department), periods)}
    census = census_totals_by_period(department, periods)
    rows = []
    for i, t in enumerate(census):
        kinds = {kind: sums["n"] for (kind,), sums in cases[i].items()}
        rows.append(_hai_row(t, devices.get(i, {}), kinds))
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


def _satisfaction_facts(department: Department | None, periods: Sequence[Period], keys: Sequence[str]):
    """Answers and good answers (4 or 5) per period by `keys` (fields of SatisfactionMonth;
    the raw side reads them through the response)."""
    raw_keys = [k if k.startswith("question") else f"response__{k}" for k in keys]
    return _facts(
        periods,
        summary=SatisfactionMonth.objects.filter(_subtree(department)),
        summary_keys=keys,
        summary_sums={"n": Sum("answers"), "good": Sum("good")},
        raw=SurveyAnswer.objects.filter(_subtree(department, "response__department")),
        raw_keys=raw_keys,
        raw_sums={"n": Count("id"), "good": Count("id", filter=Q(score__gte=4))},
        raw_date="response__responded_on",
    )


def satisfaction_by_period(department: Department | None, periods: Sequence[Period]) -> list[dict]:
    """Share of answers 4 or 5 per period (%), with the number of answers; two queries at most."""
    if not periods:
        return []
    if not disjoint(periods):
        return [satisfaction_by_period(department, [period])[0] for period in periods]
    rows = []
    for facts in _satisfaction_facts(department, periods, ()):
        sums = facts.get((), {"n": 0, "good": 0})
        rows.append(
            {"answers": sums["n"], "satisfied": sums["good"], "share": ratio(sums["good"], sums["n"], scale=100)}
        )
    return rows


def satisfaction_by_department(department: Department | None, period: Period) -> list[dict]:
    """Answers and share of 4 or 5 (%) per department in the period, by name."""
    facts = _satisfaction_facts(department, [period], ("department__name",))[0]
    return [
        {
            "response__department__name": name,
            "n": s["n"],
            "good": s["good"],
            "share": ratio(s["good"], s["n"], scale=100),
        }
        for (name,), s in sorted(facts.items())
    ]


def satisfaction_by_question(department: Department | None, period: Period) -> list[dict]:
    """Answers and share of 4 or 5 (%) per survey question in the period."""
    keys = ("question__survey__name", "question__number", "question__text")
    facts = _satisfaction_facts(department, [period], keys)[0]
    return [
        {
            **dict(zip(keys, key, strict=True)),
            "n": s["n"],
            "good": s["good"],
            "share": ratio(s["good"], s["n"], scale=100),
        }
        for key, s in sorted(facts.items())
    ]


def event_rates_by_department(departments: Sequence[Department], periods: Sequence[Period]) -> list[dict]:
    """Events per 1,000 patient-days per department (with its subtree) and period: events
    and census each from grouped queries, rolled up the tree by path in Python."""
    if not periods or not departments:
        return []
    scope = Q(pk__in=[])
    for d in departments:
        scope |= _subtree(d)
    facts = _facts(
        periods,
        summary=EventMonth.objects.filter(scope),
        summary_keys=("department__path",),
        summary_sums={"n": Sum("events")},
        raw=AdverseEvent.objects.filter(scope),
        raw_keys=("department__path",),
        raw_sums={"n": Count("id")},
        raw_date="occurred_on",
    )
    census = census_totals_by_department(departments, periods)
    rows = []
    for d in departments:
        counts = [
            sum(s["n"] for (path,), s in period_facts.items() if path.startswith(d.path)) for period_facts in facts
        ]
        rates = [ratio(n, t["patient_days"], scale=1000) for n, t in zip(counts, census[d.pk], strict=True)]
        rows.append({"department": d, "rates": rates})
    return rows


def hai_rates_by_ward(wards: Sequence[Department], period: Period) -> list[dict]:
    """hai_rates_by_period's row for each ward in one period, with the ward as `department`.

    Each ward counts with its sub-departments, as the census does (its patient-days
    and operations are the subtree's), so a parent's cases and denominators agree.
    Cases, device-days and census each from grouped queries, rolled up by path.
    """
    if not wards:
        return []
    scope = Q(pk__in=[])
    for ward in wards:
        scope |= _subtree(ward)
    cases = _infection_facts(None, [period], ("department__path", "kind"), scope)[0]
    devices = _device_days(scope, [period], ("department__path",))
    census = census_totals_by_department(wards, [period])
    rows = []
    for ward in wards:
        kinds: dict[str, int] = {}
        for (path, kind), sums in cases.items():
            if path.startswith(ward.path):
                kinds[kind] = kinds.get(kind, 0) + sums["n"]
        device_sums = rollup(devices, [ward], path="department__path", fields=DEVICE_FIELDS)[ward.pk]
        rows.append({"department": ward, **_hai_row(census[ward.pk][0], device_sums, kinds)})
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


# --- The department cockpit (performance reads these) -----------------------------


def department_open_actions(user, department: Department):
    """Open corrective and preventive actions on the events of `department` and its
    sub-departments that the user may see, soonest due first (the action tracker's rows
    with ?department=)."""
    return (
        CorrectiveAction.objects.visible_to(user)
        .open()
        .filter(department_path__startswith=department.path)
        .select_related("event", "owner")
        .order_by("due_date", "id")
    )
