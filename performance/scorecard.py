"""The balanced scorecard: pure arithmetic, no Django.

Each dimension (workload, quality, efficiency, satisfaction) is one metric of the
registry with a weight. Among the departments scored in a month, a department's score
on a dimension is where its value lies between the worst and the best of them, 0 to 100
(the metric's direction says which end is best; all equal: 100). A department without a
value on a dimension is scored on the others, their weights rescaled to 100 %. The total
is the weighted mean; the rank orders totals, highest first, ties sharing a rank.
"""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Dimension:
    code: str
    weight: Decimal
    higher_is_better: bool


@dataclass
class Score:
    department: Hashable
    parts: dict[str, Decimal | None] = field(default_factory=dict)  # dimension -> 0..100 or None
    total: Decimal | None = None
    rank: int | None = None


def _part(value: Decimal, low: Decimal, high: Decimal, higher_is_better: bool) -> Decimal:
    if high == low:
        return HUNDRED
    share = (value - low) / (high - low) if higher_is_better else (high - value) / (high - low)
    return (share * HUNDRED).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def score(values: Mapping[Hashable, Mapping[str, Decimal | None]], dimensions: Sequence[Dimension]) -> list[Score]:
    """Scores of every department in `values` ({department: {dimension code: value}}), ranked."""
    scores = {department: Score(department) for department in values}
    for dimension in dimensions:
        present = [v[dimension.code] for v in values.values() if v.get(dimension.code) is not None]
        low, high = (min(present), max(present)) if present else (None, None)
        for department, v in values.items():
            value = v.get(dimension.code)
            scores[department].parts[dimension.code] = (
                None if value is None else _part(value, low, high, dimension.higher_is_better)
            )
    for s in scores.values():
        weighted = [(d.weight, s.parts[d.code]) for d in dimensions if s.parts[d.code] is not None and d.weight > 0]
        total_weight = sum((w for w, _p in weighted), Decimal(0))
        if total_weight:
            s.total = (sum(w * p for w, p in weighted) / total_weight).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    ranked = sorted(
        scores.values(),
        key=lambda s: (s.total is None, -(s.total or 0), str(s.department)),
    )
    previous, rank = None, 0
    for position, s in enumerate(ranked, start=1):
        if s.total is None:
            continue
        if s.total != previous:
            rank, previous = position, s.total
        s.rank = rank
    return ranked
