"""Turnover, days on hand and ABC by worked examples (DOMAIN.md section 4)."""

from decimal import Decimal as D

from inventory.measures import abc_classes, average_inventory, days_on_hand, turnover


def test_the_seed_case_sixty_days_on_hand():
    # a month of 30 days: opening 62,000, closing 58,000 → average 60,000; 30,000 issued
    average = average_inventory(D(62000), D(58000))
    assert average == D(60000)
    assert turnover(D(30000), average) == D("0.5")
    assert days_on_hand(average, D(30000), 30) == D("60.0")  # = 30 ÷ 0.5


def test_thirty_nine_days_after_the_improvement():
    # same issues, average stock down to 39,000: turnover up about 54 %, 39 days
    assert days_on_hand(D(39000), D(30000), 30) == D("39.0")
    assert turnover(D(30000), D(39000)).quantize(D("0.001")) == D("0.769")


def test_no_issue_or_no_stock_gives_no_number():
    assert days_on_hand(D(1000), D(0), 30) is None
    assert turnover(D(100), D(0)) is None


def test_abc_ranks_by_consumption_value():
    values = {"stent": D(70000), "insulin": D(15000), "saline": D(8000), "gloves": D(5000), "gauze": D(2000), "x": 0}
    # running share before each: stent 0 %, insulin 70 % (A); saline 85 %, gloves 93 % (B); gauze 98 % (C)
    assert abc_classes(values) == {"stent": "A", "insulin": "A", "saline": "B", "gloves": "B", "gauze": "C", "x": "C"}
