"""The arithmetic of OKRs (docs/standards.md, section 1): progress, objective progress, scores.

Pure functions on numbers, so that services, pages, the API and the exports
give the same answer, and tests can check it by hand.
"""

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from okr.models import Confidence, KeyResultKind, ObjectiveKind

HUNDRED = Decimal(100)
ZERO = Decimal(0)
ONE = Decimal(1)
TWO_PLACES = Decimal("0.01")
ONE_PLACE = Decimal("0.1")


def _clamp(value: Decimal, low: Decimal, high: Decimal) -> Decimal:
    return max(low, min(high, value))


def is_within(value: Decimal, lower: Decimal | None, upper: Decimal | None) -> bool:
    """Keep-within: met when the value is inside the bounds (a missing bound is open)."""
    return (lower is None or value >= lower) and (upper is None or value <= upper)


def key_result_progress(
    *,
    kind: str,
    value: Decimal | None,
    baseline: Decimal | None = None,
    target: Decimal | None = None,
    lower: Decimal | None = None,
    upper: Decimal | None = None,
) -> Decimal:
    """Progress in percent, 0–100, rounded to 0.01.

    increase/decrease: (value − baseline) ÷ (target − baseline), clamped; for
    "decrease to" both differences are negative, so 0.3% → 0.1% at 0.2% is 50%.
    range: 100 when within the bounds, else 0. milestone: 100 when done (value ≥ 1).
    No value yet: 0.
    """
    if value is None:
        return ZERO
    value = Decimal(value)
    if kind == KeyResultKind.MILESTONE:
        return HUNDRED if value >= ONE else ZERO
    if kind == KeyResultKind.RANGE:
        return HUNDRED if is_within(value, lower, upper) else ZERO
    if baseline is None or target is None or target == baseline:
        return ZERO
    share = (value - Decimal(baseline)) / (Decimal(target) - Decimal(baseline))
    return (_clamp(share, ZERO, ONE) * HUNDRED).quantize(TWO_PLACES, ROUND_HALF_UP)


def weighted_progress(items: Iterable[tuple[Decimal, Decimal]]) -> Decimal:
    """Weighted mean of (progress, weight) pairs; 0 when there is nothing to weigh."""
    total = weights = ZERO
    for progress, weight in items:
        total += Decimal(progress) * Decimal(weight)
        weights += Decimal(weight)
    if not weights:
        return ZERO
    return (total / weights).quantize(TWO_PLACES, ROUND_HALF_UP)


def objective_progress(key_results: Iterable) -> Decimal:
    """An objective's progress: the weighted mean of its key results' progress."""
    return weighted_progress((kr.progress, kr.weight) for kr in key_results)


def progress_score(progress: Decimal) -> Decimal:
    """End-of-cycle score on 0.0–1.0 (one decimal, the usual grading) from a progress in percent."""
    return (Decimal(progress) / HUNDRED).quantize(ONE_PLACE, ROUND_HALF_UP)


def range_score(values: Iterable[Decimal], lower: Decimal | None, upper: Decimal | None) -> Decimal | None:
    """Keep-within is met or not per period: the score is the share of periods met."""
    values = [Decimal(v) for v in values if v is not None]
    if not values:
        return None
    met = sum(1 for v in values if is_within(v, lower, upper))
    return (Decimal(met) / Decimal(len(values))).quantize(ONE_PLACE, ROUND_HALF_UP)


def objective_score(scores: Iterable[tuple[Decimal, Decimal]]) -> Decimal:
    """Weighted mean of (score, weight) pairs, on 0.0–1.0 with one decimal."""
    return (weighted_progress(scores)).quantize(ONE_PLACE, ROUND_HALF_UP)


def suggested_score(
    *,
    kind: str,
    progress: Decimal,
    lower: Decimal | None = None,
    upper: Decimal | None = None,
    range_values: Iterable[Decimal | None] = (),
) -> Decimal:
    """The score the numbers give at the end of a cycle: progress ÷ 100 (one decimal), or for
    keep-within the share of check-ins within the bounds (0 without check-ins)."""
    if kind == KeyResultKind.RANGE:
        score = range_score(range_values, lower, upper)
        return score if score is not None else ZERO
    return progress_score(progress)


def score_colour(score: Decimal | None) -> str:
    """0.0–0.3 red, 0.4–0.6 yellow, 0.7–1.0 green (Bootstrap contextual names)."""
    if score is None:
        return "secondary"
    if score >= Decimal("0.7"):
        return "success"
    if score >= Decimal("0.4"):
        return "warning"
    return "danger"


def expected_score(kind: str) -> Decimal:
    """Committed OKRs are expected at 1.0; aspirational ones at about 0.7."""
    return ONE if kind == ObjectiveKind.COMMITTED else Decimal("0.7")


def meets_expectation(score: Decimal | None, kind: str) -> bool:
    return score is not None and Decimal(score) >= expected_score(kind)


def confidence_from_score(score: int) -> str:
    """A 0–10 confidence read as a status: 7–10 on track, 4–6 at risk, 0–3 off track."""
    if score >= 7:
        return Confidence.ON_TRACK
    if score >= 4:
        return Confidence.AT_RISK
    return Confidence.OFF_TRACK


def elapsed_share(start: dt.date, end: dt.date, day: dt.date) -> Decimal:
    """How much of start..end has passed on `day`, 0–1."""
    total = (end - start).days + 1
    passed = (min(max(day, start), end) - start).days + 1
    return _clamp(Decimal(passed) / Decimal(total), ZERO, ONE)


def automatic_confidence(*, kind: str, progress: Decimal, elapsed: Decimal) -> str:
    """Confidence for a live-data check-in nobody typed: progress against the time passed.

    On track at 70% or more of the progress expected by now, at risk from 40%,
    off track below; keep-within and milestones follow whether they are met.
    """
    if kind == KeyResultKind.RANGE:
        return Confidence.ON_TRACK if progress >= HUNDRED else Confidence.OFF_TRACK
    if kind == KeyResultKind.MILESTONE:
        return Confidence.ON_TRACK if progress >= HUNDRED else Confidence.AT_RISK
    expected = elapsed * HUNDRED
    if expected <= 0 or progress >= expected * Decimal("0.7"):
        return Confidence.ON_TRACK
    if progress >= expected * Decimal("0.4"):
        return Confidence.AT_RISK
    return Confidence.OFF_TRACK


CONFIDENCE_COLOURS = {
    Confidence.ON_TRACK: "success",
    Confidence.AT_RISK: "warning",
    Confidence.OFF_TRACK: "danger",
}
CONFIDENCE_ORDER = [Confidence.OFF_TRACK, Confidence.AT_RISK, Confidence.ON_TRACK]


def worst_confidence(confidences: Iterable[str]) -> str:
    """The worst of the key results' confidences ('' when none has a check-in)."""
    present = set(confidences)
    for confidence in CONFIDENCE_ORDER:
        if confidence in present:
            return confidence
    return ""
