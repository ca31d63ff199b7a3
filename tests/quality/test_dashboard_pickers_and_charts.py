"""The quality dashboards: a picker of only the departments the user may choose, as a tree,
applying on change; a ward's alert threshold drawn on its infection charts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from quality.models import DeviceDays, InfectionCase, InfectionKind, InfectionThreshold

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/quality/dashboard/", "/quality/infections/", "/quality/satisfaction/"])
def test_a_heads_picker_lists_their_subtree_as_a_tree_and_applies_on_change(hospital, client_for, url):
    html = client_for(hospital.head_medicine).get(url).content.decode()
    select = html.split('id="department-picker"', 1)[1].split("</select>", 1)[0]
    assert "data-auto-submit" in select.split(">", 1)[0]
    assert "Whole hospital" not in select and "Surgery" not in select
    assert ">Internal Medicine<" in select and ">\u2003Cardiology<" in select


def test_the_infection_chart_of_a_ward_draws_its_alert_threshold(hospital, client_for):
    month = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    DeviceDays.objects.create(department=hospital.icu, month=month.replace(day=1), central_line_days=100)
    InfectionCase.objects.create(department=hospital.icu, kind=InfectionKind.CLABSI, onset_date=month)
    InfectionThreshold.objects.create(department=hospital.icu, kind=InfectionKind.CLABSI, rate=Decimal("2.50"))
    client = client_for(hospital.quality_manager)
    ward = client.get("/quality/infections/", {"department": hospital.icu.pk}).content.decode()
    assert ward.count('class="chart-reference"') == 1 and "Alert threshold" in ward
    whole = client.get("/quality/infections/").content.decode()
    assert 'class="chart-reference"' not in whole  # thresholds are per ward
