"""The KPI page's expiry bands: each count clicks through to the expiry list that shows
exactly those lots (the same rule for "expired": before today, the hospital's date)."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.inventory.factories import ItemFactory, receive_lot

pytestmark = pytest.mark.django_db


def test_each_band_count_links_to_a_list_of_that_many_lots(hospital, stores, client_for):
    item = ItemFactory(reorder_point=0)
    for days, lot in ((2, "GONE"), (12, "D12"), (25, "D25"), (50, "D50"), (80, "D80"), (300, "D300")):
        receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=4, days=days, lot=lot)
    later = timezone.now() + dt.timedelta(days=5)  # GONE has expired; D12 is 7 days off
    with time_machine.travel(later, tick=False):
        client = client_for(hospital.admin)
        response = client.get(reverse("inventory:kpis"))
        page = response.content.decode()
        bands = {band["days"]: band["count"] for band in response.context["bands"]}
        assert bands == {"expired": 1, "30": 2, "60": 3, "90": 4}
        for days, count in bands.items():
            url = f"{reverse('inventory:expiry_report')}?days={days}"
            assert f'href="{url}"' in page
            assert len(client.get(url).context["rows"]) == count, url
        expired = client.get(reverse("inventory:expiry_report"), {"days": "expired"}).context["rows"]
        assert [row.lot.number for row in expired] == ["GONE"]


def test_only_the_whole_hospital_roles_see_the_bands(hospital, client_for):
    assert client_for(hospital.nurse_icu).get(reverse("inventory:kpis")).status_code == 403
