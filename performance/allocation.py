"""Allocation of support departments' costs: pure arithmetic, no Django (DOMAIN.md, section 5).

- Direct method: each support department's own cost goes only to the departments that
  are not support departments, in proportion to its driver.
- Step-down: support departments in a fixed order; each allocates its total (own cost
  plus what it received from earlier steps) to every department not yet closed, in
  proportion to its driver; a closed department receives nothing more.

Money is Decimal to the cent. Every split is exact in cents: the shares are rounded
down and the cents left over go one each to the largest remainders (ties to the
department that comes first in the order given), so the total after allocation equals
the total before to the cent, always.

Departments are any hashable keys (the services pass department ids); their order in
`direct` is the order used to break ties, so the same input always gives the same cents.
"""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

DIRECT = "direct"
STEP_DOWN = "step_down"


class AllocationError(ValueError):
    """The allocation cannot be made (a support department with costs and nobody to receive them)."""

    def __init__(self, message: str, *, department: Hashable | None = None):
        super().__init__(message)
        self.department = department


@dataclass(frozen=True)
class Step:
    """One support department and its driver: {receiving department: driver value}."""

    source: Hashable
    weights: Mapping[Hashable, Decimal]


@dataclass
class StepResult:
    source: Hashable
    amount: Decimal  # what the source allocated (own cost, plus what it received in step-down)
    shares: dict[Hashable, Decimal]  # receiving department -> amount, in department order


@dataclass
class Allocation:
    method: str
    departments: list[Hashable]
    direct: dict[Hashable, Decimal]
    steps: list[StepResult] = field(default_factory=list)
    final: dict[Hashable, Decimal] = field(default_factory=dict)

    @property
    def total_before(self) -> Decimal:
        return sum(self.direct.values(), ZERO)

    @property
    def total_after(self) -> Decimal:
        return sum(self.final.values(), ZERO)

    @property
    def is_conserved(self) -> bool:
        return self.total_before == self.total_after

    def received(self, department: Hashable) -> Decimal:
        """Everything the department received from support departments."""
        return sum((step.shares.get(department, ZERO) for step in self.steps), ZERO)

    def as_json(self) -> dict:
        """The matrix as stored on an AllocationRun: keys and amounts as strings."""
        return {
            "method": self.method,
            "departments": [str(d) for d in self.departments],
            "direct": {str(d): str(v) for d, v in self.direct.items()},
            "steps": [
                {
                    "source": str(s.source),
                    "amount": str(s.amount),
                    "shares": {str(d): str(v) for d, v in s.shares.items()},
                }
                for s in self.steps
            ],
            "final": {str(d): str(v) for d, v in self.final.items()},
            "total_before": str(self.total_before),
            "total_after": str(self.total_after),
        }


def _cents(amount: Decimal) -> int:
    if amount != amount.quantize(CENT):
        raise AllocationError(f"{amount} is not an amount in cents.")
    return int(amount * 100)


def split(amount: Decimal, weights: Sequence[tuple[Hashable, Decimal]]) -> dict[Hashable, Decimal]:
    """`amount` shared in proportion to the weights, in cents, summing exactly to `amount`.

    Largest remainder: each share rounded down, the cents left go one each to the
    largest remainders, ties to the earlier key. Zero weights receive nothing; a
    negative weight, or no positive weight for a non-zero amount, is an AllocationError.
    """
    cents = _cents(amount)
    if any(w < 0 for _k, w in weights):
        raise AllocationError("A driver value is negative.")
    positive = [(k, Fraction(w)) for k, w in weights if w > 0]
    if not positive:
        if cents:
            raise AllocationError("Nobody to allocate to: every driver value is zero.")
        return {}
    total = sum(w for _k, w in positive)
    sign, whole = (-1 if cents < 0 else 1), abs(cents)
    exact = [(k, whole * w / total) for k, w in positive]
    floors = {k: int(share) for k, share in exact}  # shares are ≥ 0: int() rounds down
    left = whole - sum(floors.values())
    by_remainder = sorted(range(len(exact)), key=lambda i: (-(exact[i][1] - floors[exact[i][0]]), i))
    for i in by_remainder[:left]:
        floors[exact[i][0]] += 1
    return {k: (sign * floors[k] * CENT).quantize(CENT) for k, _w in positive}


def _start(method: str, direct: Mapping[Hashable, Decimal], steps: Sequence[Step]) -> Allocation:
    sources = [s.source for s in steps]
    if len(set(sources)) != len(sources):
        raise AllocationError("A support department appears twice in the order.")
    departments = list(direct)
    for step in steps:
        for key in (step.source, *step.weights):
            if key not in direct:
                departments.append(key)
                direct = {**direct, key: ZERO}
    for value in direct.values():
        _cents(value)
    return Allocation(method=method, departments=departments, direct={d: direct[d] for d in departments})


def _ordered(weights: Mapping[Hashable, Decimal], departments: list[Hashable], eligible) -> list:
    return [(d, weights[d]) for d in departments if d in weights and eligible(d)]


def step_down(direct: Mapping[Hashable, Decimal], steps: Sequence[Step]) -> Allocation:
    """Step-down allocation; the result's `final` is every department's total after it."""
    result = _start(STEP_DOWN, direct, steps)
    running = dict(result.direct)
    closed: set[Hashable] = set()
    for step in steps:
        closed.add(step.source)
        amount = running[step.source]
        try:
            shares = split(amount, _ordered(step.weights, result.departments, lambda d: d not in closed))
        except AllocationError as error:
            raise AllocationError(str(error), department=step.source) from error
        running[step.source] = ZERO
        for department, share in shares.items():
            running[department] += share
        result.steps.append(StepResult(step.source, amount, shares))
    result.final = running
    return result


def direct_method(direct: Mapping[Hashable, Decimal], steps: Sequence[Step]) -> Allocation:
    """Direct allocation: support costs go only to the departments that are not support departments."""
    result = _start(DIRECT, direct, steps)
    support = {s.source for s in steps}
    running = dict(result.direct)
    for step in steps:
        amount = result.direct[step.source]
        try:
            shares = split(amount, _ordered(step.weights, result.departments, lambda d: d not in support))
        except AllocationError as error:
            raise AllocationError(str(error), department=step.source) from error
        running[step.source] -= amount
        for department, share in shares.items():
            running[department] += share
        result.steps.append(StepResult(step.source, amount, shares))
    result.final = running
    return result


METHODS = {DIRECT: direct_method, STEP_DOWN: step_down}


def allocate(method: str, direct: Mapping[Hashable, Decimal], steps: Sequence[Step]) -> Allocation:
    if method not in METHODS:
        raise AllocationError(f"Unknown method {method!r}.")
    return METHODS[method](direct, steps)
