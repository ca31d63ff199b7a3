"""Purchase suggestions and expiry risk by hand-computed examples."""

from decimal import Decimal as D

from inventory.planning import LotPosition, best_transfer, daily_rate, expiry_risk, spare_capacity, suggest, within_cap


def test_suggestion_worked_example():
    # 900 issued in 90 days → 10 a day; lead time 7 + horizon 14 → 210; + safety 30 − on hand 120
    # − on order 40 = 80 units → 4 boxes of 24 = 96 units at 0.35 = 33.60
    rate = daily_rate(900, 90)
    assert rate == D(10)
    s = suggest(
        rate=rate,
        lead_time_days=7,
        horizon_days=14,
        safety_stock=30,
        on_hand=120,
        on_order=40,
        pack_size=24,
        unit_cost=D("0.35"),
    )
    assert (s.units_needed, s.packs, s.units, s.cost) == (80, 4, 96, D("33.60"))


def test_enough_stock_suggests_nothing():
    s = suggest(
        rate=D(2),
        lead_time_days=7,
        horizon_days=7,
        safety_stock=5,
        on_hand=40,
        on_order=0,
        pack_size=10,
        unit_cost=D(1),
    )
    assert (s.packs, s.cost) == (0, D("0.00"))


def test_a_spend_cap_takes_lines_in_priority_order():
    assert within_cap([D(60), D(50), D(30)], D(100)) == [True, False, True]
    assert within_cap([D(60)], None) == [True]


def test_expiry_risk_worked_example():
    # 2 a day, used on the expiry day too.
    # A: 30 units, 10 days left → 11 days × 2 = 22 used, 8 at risk (written off, not used).
    # B: 40 units, 30 days left → 31 × 2 = 62 usable in all, 22 went to A: all 40 of B used.
    # C: 50 units, 35 days left → 36 × 2 = 72 usable, 62 went to A and B: 10 used, 40 at risk.
    lots = [
        LotPosition("A", 30, 10, D("1.50")),
        LotPosition("B", 40, 30, D("1.50")),
        LotPosition("C", 50, 35, D("2.00")),
    ]
    risks = expiry_risk(lots, D(2))
    assert [(r.key, r.quantity_at_risk, r.value_at_risk) for r in risks] == [
        ("A", 8, D("12.00")),
        ("C", 40, D("80.00")),
    ]


def test_no_consumption_puts_everything_at_risk():
    [risk] = expiry_risk([LotPosition("A", 5, 100, D(1))], D(0))
    assert (risk.quantity_at_risk, risk.days_needed) == (5, None)


def test_transfer_goes_to_the_store_with_room_to_use_it():
    # ward uses 3 a day, 10 days left → 33 usable, holds 13 → 20 spare
    assert spare_capacity(rate=D(3), days_left=10, on_hand=13) == 20
    [risk] = expiry_risk([LotPosition("A", 30, 10, D(1))], D(1))  # 11 used, 19 at risk
    assert best_transfer(risk, {"ward": 20, "icu": 5}) == ("ward", 19)
    assert best_transfer(risk, {"icu": 0}) == (None, 0)


def test_the_rate_window_is_three_whole_months_and_this_month_to_date():
    import datetime as dt

    from inventory.planning import rate_window

    assert rate_window(dt.date(2026, 12, 15)) == (dt.date(2026, 9, 1), 106)
    assert rate_window(dt.date(2027, 3, 1)) == (dt.date(2026, 12, 1), 91)
    assert rate_window(dt.date(2026, 1, 31)) == (dt.date(2025, 10, 1), 123)
