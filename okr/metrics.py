"""The KPIs okr gives the metric registry: OKR progress, share on track, check-in freshness.

Each reads the key results of the cycles overlapping the period as they stood on
the period's last day (latest check-in up to then), so the dashboard's monthly
trend shows how progress grew rather than today's value twelve times.
"""

import datetime as dt
from decimal import Decimal

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from hospital.metric_registry import Direction, Metric, register
from okr.models import CheckIn, Confidence, KeyResult, ObjectiveLevel, ObjectiveStatus
from okr.scoring import key_result_progress, weighted_progress

FRESH_DAYS = 14
HUNDRED = Decimal(100)


def _key_results_qs(department, start: dt.date, end: dt.date, *, hospital_level_only: bool):
    qs = KeyResult.objects.filter(
        objective__cycle__start__lte=end,
        objective__cycle__end__gte=start,
        objective__status__in=[ObjectiveStatus.ACTIVE, ObjectiveStatus.CLOSED],
    ).exclude(objective__level=ObjectiveLevel.INDIVIDUAL)
    if department is not None:
        qs = qs.filter(objective__department__path__startswith=department.path)
    elif hospital_level_only:
        qs = qs.filter(objective__level=ObjectiveLevel.HOSPITAL)
    return qs


KEY_RESULT_FIELDS = ("objective_id", "kind", "baseline", "target", "lower", "upper", "weight")


def _key_results_as_of(department, start: dt.date, end: dt.date, *, hospital_level_only: bool):
    latest = CheckIn.objects.filter(key_result=OuterRef("pk"), date__lte=end).order_by("-date", "-id")
    qs = _key_results_qs(department, start, end, hospital_level_only=hospital_level_only)
    return list(
        qs.annotate(
            value_then=Subquery(latest.values("value")[:1]),
            confidence_then=Subquery(latest.values("confidence")[:1]),
            checked_on=Subquery(latest.values("date")[:1]),
        ).values(*KEY_RESULT_FIELDS, "value_then", "confidence_then", "checked_on")
    )


def _key_results_by_period(department, periods, *, hospital_level_only: bool) -> list[list[dict]]:
    """_key_results_as_of for every period from two queries: the key results of the cycles
    overlapping any period, and their check-ins up to the last period's end."""
    start, end = min(p[0] for p in periods), max(p[1] for p in periods)
    qs = _key_results_qs(department, start, end, hospital_level_only=hospital_level_only)
    key_results = list(qs.values("id", *KEY_RESULT_FIELDS, "objective__cycle__start", "objective__cycle__end"))
    history: dict[int, list[tuple]] = {}
    check_ins = CheckIn.objects.filter(key_result__in=[kr["id"] for kr in key_results], date__lte=end)
    for row in check_ins.order_by("key_result_id", "date", "id").values_list(
        "key_result_id", "date", "value", "confidence"
    ):
        history.setdefault(row[0], []).append(row[1:])
    result = []
    for p_start, p_end in periods:
        rows = []
        for kr in key_results:
            if kr["objective__cycle__start"] > p_end or kr["objective__cycle__end"] < p_start:
                continue
            then = None
            for checked in history.get(kr["id"], ()):  # by date, then id: the last one up to p_end
                if checked[0] > p_end:
                    break
                then = checked
            row = {name: kr[name] for name in KEY_RESULT_FIELDS}
            row["checked_on"], row["value_then"], row["confidence_then"] = then if then else (None, None, None)
            rows.append(row)
        result.append(rows)
    return result


def okr_progress(department, start: dt.date, end: dt.date) -> Decimal | None:
    """Mean progress (%) of the hospital's objectives (or the department's), each the
    weighted mean of its key results."""
    return _progress(_key_results_as_of(department, start, end, hospital_level_only=True))


def _progress(rows) -> Decimal | None:
    if not rows:
        return None
    by_objective: dict[int, list[tuple[Decimal, Decimal]]] = {}
    for row in rows:
        progress = key_result_progress(
            kind=row["kind"],
            value=row["value_then"],
            baseline=row["baseline"],
            target=row["target"],
            lower=row["lower"],
            upper=row["upper"],
        )
        by_objective.setdefault(row["objective_id"], []).append((progress, row["weight"]))
    return weighted_progress((weighted_progress(items), Decimal(1)) for items in by_objective.values())


def _share(rows, predicate) -> Decimal | None:
    if not rows:
        return None
    return (Decimal(sum(1 for row in rows if predicate(row))) * HUNDRED / Decimal(len(rows))).quantize(Decimal("0.1"))


def _on_track(rows, _end) -> Decimal | None:
    return _share(rows, lambda row: row["confidence_then"] == Confidence.ON_TRACK)


def _fresh(rows, end) -> Decimal | None:
    fresh_from = end - dt.timedelta(days=FRESH_DAYS - 1)
    return _share(rows, lambda row: row["checked_on"] is not None and row["checked_on"] >= fresh_from)


def on_track_share(department, start: dt.date, end: dt.date) -> Decimal | None:
    """% of key results whose latest check-in says on track (none yet: not on track)."""
    return _on_track(_key_results_as_of(department, start, end, hospital_level_only=False), end)


def check_in_freshness(department, start: dt.date, end: dt.date) -> Decimal | None:
    """% of key results with a check-in in the 14 days up to the period's end."""
    return _fresh(_key_results_as_of(department, start, end, hospital_level_only=False), end)


# All periods at once (the dashboard's twelve months): two queries instead of a
# subquery per key result and period.
def okr_progress_series(department, periods) -> list[Decimal | None]:
    return [_progress(rows) for rows in _key_results_by_period(department, periods, hospital_level_only=True)]


def on_track_share_series(department, periods) -> list[Decimal | None]:
    by_period = _key_results_by_period(department, periods, hospital_level_only=False)
    return [_on_track(rows, end) for rows, (_start, end) in zip(by_period, periods, strict=True)]


def check_in_freshness_series(department, periods) -> list[Decimal | None]:
    by_period = _key_results_by_period(department, periods, hospital_level_only=False)
    return [_fresh(rows, end) for rows, (_start, end) in zip(by_period, periods, strict=True)]


OKR_METRICS = [
    Metric(
        key="okr.progress",
        label=_("OKR progress"),
        unit="%",
        direction=Direction.HIGHER_IS_BETTER,
        url_name="okr:cascade",
        compute=okr_progress,
        compute_series=okr_progress_series,
        description=_("Mean progress of the hospital's (or the department's) objectives."),
    ),
    Metric(
        key="okr.on_track_share",
        label=_("Key results on track"),
        unit="%",
        direction=Direction.HIGHER_IS_BETTER,
        url_name="okr:cascade",
        compute=on_track_share,
        compute_series=on_track_share_series,
        description=_("Share of key results whose latest check-in is on track."),
    ),
    Metric(
        key="okr.checkin_freshness",
        label=_("Key results checked in (14 days)"),
        unit="%",
        direction=Direction.HIGHER_IS_BETTER,
        url_name="okr:cascade",
        compute=check_in_freshness,
        compute_series=check_in_freshness_series,
        description=_("Share of key results with a check-in in the last 14 days."),
    ),
]


def register_metrics() -> None:
    for metric in OKR_METRICS:
        register(metric)
