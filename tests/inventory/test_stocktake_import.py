"""A count sheet imported (CSV/XLSX through the core's import helper): every wrong line
reported at once and nothing written; 5,000 lines import and post in seconds."""

import datetime as dt
import io
import time
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from hospital import imports
from inventory import services
from inventory.models import Lot, MovementKind, StockBalance, StockMovement, StocktakeLine
from tests.inventory.factories import ItemFactory, receive_lot

pytestmark = pytest.mark.django_db


def _csv(rows) -> SimpleUploadedFile:
    text = "item,lot,counted\n" + "".join(f"{a},{b},{c}\n" for a, b, c in rows)
    return SimpleUploadedFile("count.csv", text.encode(), content_type="text/csv")


@pytest.fixture
def sheet(stores):
    item = ItemFactory(code="AMX500")
    receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=10, lot="L1")
    receive_lot(user=stores.pharmacist, store=stores.pharmacy, item=item, quantity=5, lot="L2")
    return item, services.start_stocktake(user=stores.pharmacist, store=stores.pharmacy)


def test_every_wrong_line_is_listed_at_once_by_page_and_api(stores, sheet, client_for, api_for):
    item, stocktake = sheet
    rows = [
        ("AMX500", "L1", "9"),
        ("NOPE", "L1", "1"),
        ("AMX500", "L9", "1"),
        ("AMX500", "L2", "-2"),
        ("AMX500", "L1", "3"),
    ]
    page = client_for(stores.pharmacist).post(
        reverse("inventory:stocktake_import", args=[stocktake.pk]), {"file": _csv(rows)}
    )
    lines = [error.line for error in page.context["import_error"].errors]
    assert lines == [3, 4, 5, 6]
    api = api_for(stores.pharmacist).post(
        f"/api/v1/inventory/stocktakes/{stocktake.pk}/import/", {"file": _csv(rows)}, format="multipart"
    )
    assert api.status_code == 400
    assert [row["line"] for row in api.json()["rows"]] == lines
    assert not StocktakeLine.objects.filter(counted__isnull=False).exists()


def test_an_oversized_sheet_is_refused_with_a_message(stores, sheet, client_for, monkeypatch):
    _item, stocktake = sheet
    monkeypatch.setattr(imports, "MAX_UPLOAD_BYTES", 64)
    page = client_for(stores.pharmacist).post(
        reverse("inventory:stocktake_import", args=[stocktake.pk]), {"file": _csv([("AMX500", "L1", "9")] * 20)}
    )
    assert "split it" in page.content.decode()


def test_counts_by_gtin_then_post(stores, sheet, client_for):
    item, stocktake = sheet
    client = client_for(stores.pharmacist)
    client.post(
        reverse("inventory:stocktake_import", args=[stocktake.pk]),
        {"file": _csv([(item.gtin.lstrip("0"), "L1", "8"), ("AMX500", "L2", "5")])},
    )
    client.post(reverse("inventory:stocktake_post", args=[stocktake.pk]), {"reason": "Quarterly count"})
    assert StockBalance.objects.get(lot__number="L1").quantity == 8
    assert StockMovement.objects.filter(kind=MovementKind.ADJUSTMENT).count() == 1


def test_five_thousand_lines_import_and_post_in_seconds(stores):
    today = timezone.localdate()
    items = [ItemFactory() for _ in range(50)]
    lots = Lot.objects.bulk_create(
        Lot(item=items[i % 50], number=f"B{i:05d}", expiry=today + dt.timedelta(days=200), unit_cost=Decimal("1"))
        for i in range(5000)
    )
    stocktake = services.start_stocktake(user=stores.pharmacist, store=stores.pharmacy)
    body = io.StringIO()
    body.write("item,lot,counted\n")
    for lot in lots:
        body.write(f"{lot.item.code},{lot.number},{lot.pk % 7}\n")
    upload = SimpleUploadedFile("count.csv", body.getvalue().encode())
    started = time.perf_counter()
    assert services.import_counts(user=stores.pharmacist, stocktake=stocktake, upload=upload) == 5000
    written = services.post_stocktake(user=stores.pharmacist, stocktake=stocktake, reason="Annual count")
    elapsed = time.perf_counter() - started
    assert written == sum(1 for lot in lots if lot.pk % 7)
    assert sum(StockBalance.objects.filter(store=stores.pharmacy).values_list("quantity", flat=True)) == sum(
        lot.pk % 7 for lot in lots
    )
    print(f"5,000-line stocktake imported and posted in {elapsed:.2f} s")
    assert elapsed < 30
