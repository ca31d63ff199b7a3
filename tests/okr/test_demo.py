"""The demo OKRs: seeded once however often seed_demo runs; live-measured key results are bound."""

import io

import pytest

from hospital import demo as hospital_demo
from hospital import metric_registry
from okr import demo
from okr.models import CheckIn, Cycle, KeyResult, Objective

pytestmark = pytest.mark.django_db


def test_demo_okrs_are_idempotent_and_bind_census_metrics():
    departments = hospital_demo.seed_departments()
    hospital_demo.seed_users(departments)
    demo.seed(scale="small", stdout=io.StringIO())
    counts = (Cycle.objects.count(), Objective.objects.count(), KeyResult.objects.count(), CheckIn.objects.count())
    demo.seed(scale="small", stdout=io.StringIO())
    assert (
        Cycle.objects.count(),
        Objective.objects.count(),
        KeyResult.objects.count(),
        CheckIn.objects.count(),
    ) == counts
    assert counts[1] == 10  # 4 hospital objectives, 6 department objectives
    bound = dict(KeyResult.objects.bound().values_list("title", "metric_key"))
    assert bound["Average length of stay 9 → 7.5 days"] == "hospital.alos"
    assert bound["Bed turnover 2.6 → 3.2 times per four weeks"] == "hospital.bed_turnover"
    # bound only once the inventory app registers its metric
    assert ("Days of stock on hand 60 → 39" in bound) == ("inventory.days_on_hand" in dict(metric_registry.choices()))
    aligned = Objective.objects.get(title="Fewer cardiovascular deaths")
    assert aligned.parent.title == "Raise care quality"
