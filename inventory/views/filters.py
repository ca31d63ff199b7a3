"""The filters of the report pages, read once so that a page and its export agree."""

from django.db.models import F

from hospital.sorting import Sorting
from inventory.selectors import EXPIRED, EXPIRY_BANDS

EXPIRY = F("lot__expiry").asc(nulls_last=True)

# The balance report and its export: by item (the default, walked on the item-name index),
# store, expiry or quantity.
BALANCE_SORTING = Sorting(
    {
        "item": ("item__name", "item_id", "store__name", EXPIRY),
        "store": ("store__name", "item__name", EXPIRY),
        "expiry": (EXPIRY, "item__name", "store__name"),
        "quantity": ("quantity", "item__name"),
    },
    default="item",
)

ITEM_SORTING = Sorting(
    {"name": ("name",), "code": ("code",), "category": ("category", "name"), "on_hand": ("on_hand", "name")},
    default="name",
)


def report_filters(request) -> dict:
    get = request.GET
    return {
        "store": get.get("store", "").strip(),
        "item": get.get("item", "").strip(),
        "lot": get.get("lot", "").strip(),
        "search": get.get("q", "").strip()[:100],
    }


def expiry_days(request) -> str:
    days = request.GET.get("days", "")
    if days == EXPIRED or (days.isdigit() and int(days) in EXPIRY_BANDS):
        return days
    return str(EXPIRY_BANDS[-1])
