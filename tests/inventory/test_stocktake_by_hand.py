"""A count sheet typed in by hand, line by line on the page: blanks leave a line as it
was; every bad entry is listed at once and then nothing is saved; only the store's
keepers may type counts."""

import pytest
from django.urls import reverse

from inventory import services
from inventory.models import StocktakeLine
from tests.inventory.factories import ItemFactory, receive_lot

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(stores):
    item = ItemFactory(code="AMX500")
    receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=10, lot="L1")
    receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=5, lot="L2")
    receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=7, lot="L3")
    stocktake = services.start_stocktake(user=stores.pharmacist, store=stores.pharmacy)
    return stocktake, {line.lot.number: line for line in stocktake.lines.select_related("lot")}


def _counted(stocktake):
    return dict(stocktake.lines.values_list("lot__number", "counted"))


def test_counts_typed_on_the_lines_are_saved_and_blanks_left_alone(stores, sheet, client_for):
    stocktake, lines = sheet
    client = client_for(stores.pharmacist)
    page = client.get(reverse("inventory:stocktake_detail", args=[stocktake.pk])).content.decode()
    assert f'name="counted-{lines["L1"].pk}"' in page
    response = client.post(
        reverse("inventory:stocktake_lines", args=[stocktake.pk]) + "?page=1",
        {f"counted-{lines['L1'].pk}": "9", f"counted-{lines['L2'].pk}": "0", f"counted-{lines['L3'].pk}": ""},
    )
    assert response.status_code == 302 and response.url.endswith("?page=1")
    assert _counted(stocktake) == {"L1": 9, "L2": 0, "L3": None}
    assert services.post_stocktake(user=stores.pharmacist, stocktake=stocktake, reason="count") == 2


@pytest.mark.parametrize("bad", ["-1", "two", "1.5", "²", "99999999999"])
def test_every_bad_entry_is_listed_and_nothing_is_saved(stores, sheet, client_for, bad):
    stocktake, lines = sheet
    response = client_for(stores.pharmacist).post(
        reverse("inventory:stocktake_lines", args=[stocktake.pk]),
        {f"counted-{lines['L1'].pk}": "4", f"counted-{lines['L2'].pk}": bad, f"counted-{lines['L3'].pk}": bad},
    )
    assert response.status_code == 400
    errors = response.context["line_errors"]
    assert len(errors) >= 1 and any("L2" in error for error in errors)
    if bad != "99999999999":  # a number too large is refused by the service, for the whole sheet at once
        assert len(errors) == 2
    assert _counted(stocktake) == {"L1": None, "L2": None, "L3": None}


def test_a_line_of_another_sheet_is_refused(stores, sheet, client_for):
    stocktake, _lines = sheet
    other = StocktakeLine.objects.exclude(stocktake=stocktake).first()
    response = client_for(stores.pharmacist).post(
        reverse("inventory:stocktake_lines", args=[stocktake.pk]), {f"counted-{other.pk if other else 0}": "3"}
    )
    assert response.status_code == 400 and "not on this sheet" in response.content.decode()


def test_only_the_keepers_type_counts(hospital, stores, sheet, client_for):
    stocktake, lines = sheet
    response = client_for(hospital.admin).get(reverse("inventory:stocktake_detail", args=[stocktake.pk]))
    assert response.status_code == 200
    refused = client_for(hospital.finance).post(
        reverse("inventory:stocktake_lines", args=[stocktake.pk]), {f"counted-{lines['L1'].pk}": "1"}
    )
    assert refused.status_code in (403, 404)
    assert _counted(stocktake)["L1"] is None
