"""The dashboard offers department heads their weekly OKR check-ins."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_head_is_offered_this_weeks_check_ins(hospital, client_for):
    page = client_for(hospital.head_cardiology).get(reverse("dashboard")).content.decode()
    assert 'data-shortcut="okr.check_ins"' in page
    assert reverse("okr:my_department") in page


def test_a_nurse_is_not_offered_check_ins(hospital, client_for):
    page = client_for(hospital.nurse_icu).get(reverse("dashboard")).content.decode()
    assert 'data-shortcut="okr.check_ins"' not in page
