"""The landing page offers each role its quality tasks."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_nurse_is_offered_to_report_an_event(hospital, client_for):
    page = client_for(hospital.nurse_icu).get(reverse("dashboard")).content.decode()
    assert 'data-shortcut="quality.report"' in page
    assert reverse("quality:report_event") in page
    assert 'data-shortcut="quality.triage"' not in page


def test_the_quality_manager_is_offered_the_triage_queue(hospital, client_for):
    page = client_for(hospital.quality_manager).get(reverse("dashboard")).content.decode()
    assert 'data-shortcut="quality.triage"' in page
