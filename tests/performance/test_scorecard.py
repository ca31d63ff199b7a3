"""The scorecard: scores and ranks on a hand-computed example, missing values, and the page."""

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine

from hospital.models import DailyCensus
from performance.scorecard import Dimension, score

DIMENSIONS = [
    Dimension("workload", D(25), higher_is_better=True),
    Dimension("efficiency", D(50), higher_is_better=False),
    Dimension("satisfaction", D(25), higher_is_better=True),
]


def test_scores_and_ranks_on_a_hand_computed_example():
    # workload (patient-days): A 900, B 600, C 300 -> 100, 50, 0
    # efficiency (cost per patient-day, lower is better): A 1,300, B 1,100, C 1,200 -> 0, 100, 50
    # satisfaction: A 90, B 80, C 90 -> 100, 0, 100
    # totals (25/50/25): A = (2,500 + 0 + 2,500) / 100 = 50; B = (1,250 + 5,000 + 0) / 100 = 62.5;
    # C = (0 + 2,500 + 2,500) / 100 = 50 -> B first, A and C share second place
    values = {
        "A": {"workload": D(900), "efficiency": D(1300), "satisfaction": D(90)},
        "B": {"workload": D(600), "efficiency": D(1100), "satisfaction": D(80)},
        "C": {"workload": D(300), "efficiency": D(1200), "satisfaction": D(90)},
    }
    ranked = score(values, DIMENSIONS)
    assert [(s.department, s.total, s.rank) for s in ranked] == [
        ("B", D("62.50"), 1),
        ("A", D("50.00"), 2),
        ("C", D("50.00"), 2),
    ]
    assert ranked[1].parts == {"workload": D("100.00"), "efficiency": D("0.00"), "satisfaction": D("100.00")}


def test_a_missing_value_rescales_the_other_weights():
    # B has no satisfaction: its total is over workload (25) and efficiency (50) only:
    # workload 0, efficiency 100 -> (0 + 5,000) / 75 = 66.67
    values = {
        "A": {"workload": D(10), "efficiency": D(20), "satisfaction": D(90)},
        "B": {"workload": D(5), "efficiency": D(10), "satisfaction": None},
    }
    by_department = {s.department: s for s in score(values, DIMENSIONS)}
    assert by_department["B"].parts["satisfaction"] is None
    assert by_department["B"].total == D("66.67")
    assert by_department["A"].total == D("50.00")  # (2,500 + 0 + 2,500) / 100


def test_a_department_without_any_value_has_no_rank():
    ranked = score({"A": {"workload": D(1)}, "B": {}}, DIMENSIONS[:1])
    assert [(s.department, s.rank) for s in ranked] == [("A", 1), ("B", None)]


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 4, 15, 10, tzinfo=dt.UTC), tick=False)
def test_scorecard_page_ranks_the_wards_and_heads_see_their_own(hospital, client_for):
    for ward, inpatients in [(hospital.cardiology, 30), (hospital.icu, 10)]:
        DailyCensus.objects.bulk_create(
            DailyCensus(
                department=ward, date=dt.date(2026, 3, 1) + dt.timedelta(days=d), inpatients=inpatients, staffed_beds=40
            )
            for d in range(31)
        )
    page = client_for(hospital.finance).get("/performance/scorecard/?month=2026-03").content.decode()
    assert 'data-department="CARD"' in page and 'data-department="ICU"' in page
    head = client_for(hospital.head_cardiology).get("/performance/scorecard/?month=nonsense")
    assert head.status_code == 200
    assert 'data-department="ICU"' not in head.content.decode()
    assert client_for(hospital.nurse_icu).get("/performance/scorecard/").status_code == 403
