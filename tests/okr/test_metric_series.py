"""The OKR metrics' twelve-month series (two queries) equal their month-by-month values."""

import io

import pytest
from django.utils import timezone

from hospital import demo as core_demo
from hospital.models import Department
from hospital.periods import month_periods
from okr import demo, metrics

pytestmark = pytest.mark.django_db

PAIRS = [
    (metrics.okr_progress, metrics.okr_progress_series),
    (metrics.on_track_share, metrics.on_track_share_series),
    (metrics.check_in_freshness, metrics.check_in_freshness_series),
]


def test_series_equal_the_values_period_by_period():
    out = io.StringIO()
    core_demo.seed(scale="small", stdout=out)
    demo.seed(scale="small", stdout=out)
    periods = month_periods(timezone.localdate(), 13)
    for department in (None, Department.objects.get(code="CARD"), Department.objects.get(code="IM")):
        for one, series in PAIRS:
            assert series(department, periods) == [one(department, start, end) for start, end in periods]
    assert any(v is not None for v in metrics.check_in_freshness_series(None, periods))
