"""The demo data: every workflow state, some anonymous reports, idempotent."""

import io

import pytest

from hospital import demo as core_demo
from quality import demo
from quality.models import AdverseEvent, DeviceDays, EventStatus, SurveyResponse

pytestmark = pytest.mark.django_db


def test_demo_seeds_every_state_and_runs_twice_without_change():
    out = io.StringIO()
    core_demo.seed(scale="small", stdout=out)
    demo.seed(scale="small", stdout=out)
    counts = (AdverseEvent.objects.count(), DeviceDays.objects.count(), SurveyResponse.objects.count())
    assert counts[0] == demo.EVENTS["small"]
    assert set(AdverseEvent.objects.values_list("status", flat=True)) == set(EventStatus.values)
    assert AdverseEvent.objects.filter(is_anonymous=True, reporter__isnull=True).exists()
    assert AdverseEvent.objects.filter(harm__in=["severe", "death"]).exists()
    assert DeviceDays.objects.filter(department__code="ICU").count() == 12
    demo.seed(scale="small", stdout=out)
    assert (AdverseEvent.objects.count(), DeviceDays.objects.count(), SurveyResponse.objects.count()) == counts
    references = list(AdverseEvent.objects.values_list("reference", flat=True))
    assert len(set(references)) == len(references)
