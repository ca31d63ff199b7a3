"""The filters of the report pages, read once so that a page and its export agree."""

from inventory.selectors import EXPIRED, EXPIRY_BANDS


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
