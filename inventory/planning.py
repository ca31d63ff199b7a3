"""Purchase suggestions and expiry risk: arithmetic with no database, tested by worked
examples (tests/inventory/test_planning.py).

Demand method: a simple moving average of the issues to departments over the rate
window — the three calendar months before the current one and the current month up to
today (90 to 123 days), so that it is read from the monthly consumption summary — in
base units per day. Only consumption counts: not transfers, write-offs or returns to a
supplier.
"""

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal

DEFAULT_WINDOW_DAYS = 90
DEFAULT_HORIZON_DAYS = 14
RATE_WINDOW_MONTHS = 3  # whole months before the current one


def rate_window(today: dt.date) -> tuple[dt.date, int]:
    """(first day, number of days) of the rate window that ends today: 1 September to
    15 December is 106 days."""
    month = today.month - RATE_WINDOW_MONTHS
    first = dt.date(today.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    return first, (today - first).days + 1


def daily_rate(issued: int, window_days: int = DEFAULT_WINDOW_DAYS) -> Decimal:
    """Moving-average consumption per day."""
    return Decimal(max(issued, 0)) / Decimal(window_days) if window_days > 0 else Decimal(0)


@dataclass(frozen=True)
class Suggestion:
    units_needed: int
    packs: int
    units: int  # packs × pack size
    cost: Decimal


def suggest(
    *,
    rate: Decimal,
    lead_time_days: int,
    horizon_days: int,
    safety_stock: int,
    on_hand: int,
    on_order: int,
    pack_size: int,
    unit_cost: Decimal,
) -> Suggestion:
    """Demand over the lead time and the horizon, plus safety stock, minus on hand and on
    order; rounded up to whole packs."""
    demand = rate * (lead_time_days + horizon_days)
    needed = max(0, math.ceil(demand + safety_stock - on_hand - on_order))
    packs = math.ceil(needed / pack_size) if needed else 0
    return Suggestion(
        needed, packs, packs * pack_size, (Decimal(packs * pack_size) * unit_cost).quantize(Decimal("0.01"))
    )


def within_cap(costs: list[Decimal], cap: Decimal | None) -> list[bool]:
    """Which lines fit a spend cap, taken in the given (priority) order."""
    if cap is None:
        return [True] * len(costs)
    spent, fits = Decimal(0), []
    for cost in costs:
        fits.append(spent + cost <= cap)
        if fits[-1]:
            spent += cost
    return fits


@dataclass
class LotPosition:
    """A lot of one item in one store, in FEFO order among that store's lots of the item."""

    key: object
    quantity: int
    days_left: int  # days from today until expiry (0: expires today)
    unit_cost: Decimal = Decimal(0)


@dataclass
class Risk:
    key: object
    quantity_at_risk: int
    value_at_risk: Decimal
    days_needed: Decimal | None  # days to use the stock up to and including this lot
    days_left: int
    transfer_to: object = None
    transfer_quantity: int = 0
    notes: list = field(default_factory=list)


def expiry_risk(lots: list[LotPosition], rate: Decimal) -> list[Risk]:
    """Lots that will expire before they are used at `rate` per day. Earlier-expiring lots
    are used first, so a lot waits for the quantity ahead of it: what is left of it on its
    expiry day is at risk."""
    risks, ahead = [], 0
    for lot in lots:
        through = ahead + lot.quantity
        usable_by_expiry = rate * (lot.days_left + 1)  # used on the expiry day too
        at_risk = int(min(lot.quantity, max(0, math.ceil(through - usable_by_expiry))))
        if at_risk:
            risks.append(
                Risk(
                    key=lot.key,
                    quantity_at_risk=at_risk,
                    value_at_risk=(at_risk * lot.unit_cost).quantize(Decimal("0.01")),
                    days_needed=(Decimal(through) / rate).quantize(Decimal("0.1")) if rate else None,
                    days_left=lot.days_left,
                )
            )
        # what expires unused is written off, not used: it does not delay the next lot
        ahead = through - at_risk
    return risks


def spare_capacity(*, rate: Decimal, days_left: int, on_hand: int) -> int:
    """Units a store could still use before a date beyond what it holds."""
    return max(0, math.floor(rate * (days_left + 1)) - on_hand)


def best_transfer(risk: Risk, candidates: dict) -> tuple[object, int]:
    """The store that can use the most of the at-risk quantity in time:
    `candidates` maps store → spare capacity. Returns (store or None, units)."""
    best = max(candidates.items(), key=lambda kv: (kv[1], str(kv[0])), default=(None, 0))
    if best[1] <= 0:
        return None, 0
    return best[0], min(best[1], risk.quantity_at_risk)
