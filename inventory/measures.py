"""Stock arithmetic with no database (DOMAIN.md section 4), tested by worked examples."""

from decimal import ROUND_HALF_UP, Decimal

ABC_A_SHARE = Decimal("0.80")  # items making the first 80 % of consumption value
ABC_B_SHARE = Decimal("0.95")  # the next 15 %; C is the rest


def average_inventory(start_value: Decimal, end_value: Decimal) -> Decimal:
    """The period's average inventory value: the mean of its opening and closing values."""
    return (Decimal(start_value) + Decimal(end_value)) / 2


def turnover(cost_issued: Decimal, average_value: Decimal) -> Decimal | None:
    """Cost of goods issued in the period ÷ average inventory value (None: no inventory)."""
    if not average_value:
        return None
    return Decimal(cost_issued) / Decimal(average_value)


def days_on_hand(average_value: Decimal, cost_issued: Decimal, days: int) -> Decimal | None:
    """Average inventory value ÷ (cost issued ÷ days in period) = days ÷ turnover.
    None when nothing was issued (stock that never moves has no finite cover)."""
    if not cost_issued or days <= 0:
        return None
    return (Decimal(average_value) / (Decimal(cost_issued) / days)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def abc_classes(values: dict) -> dict:
    """ABC class of each key from its yearly consumption value: ranked by value, A until
    the running share first reaches 80 %, B until 95 %, C the rest (items with no
    consumption are C)."""
    total = sum((Decimal(v) for v in values.values()), Decimal(0))
    classes, running = {}, Decimal(0)
    for key, value in sorted(values.items(), key=lambda kv: (-Decimal(kv[1]), str(kv[0]))):
        share_before = running / total if total else Decimal(1)
        running += Decimal(value)
        if not value or not total:
            classes[key] = "C"
        elif share_before < ABC_A_SHARE:
            classes[key] = "A"
        elif share_before < ABC_B_SHARE:
            classes[key] = "B"
        else:
            classes[key] = "C"
    return classes
