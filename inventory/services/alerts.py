"""Daily alerts to the keepers of a store and the head of its department: lots near
expiry (at 90, 60 and 30 days), stock below the reorder point, expired lots quarantined.

Each scan is a few set-based queries, and its notifications are written in bulk
(`notify_many`: two statements per thousand); each carries a dedupe key, so a second
run (or a retried task) writes nothing new: one alert per lot and horizon, one
low-stock alert per store, item and day. Titles are stored untranslated with their
parameters, so each keeper reads them in their own language.
"""

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, IntegerField, Sum, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hospital.models import NotificationLevel, User
from hospital.services import notify_many
from inventory.models import Lot, StockBalance, Store, usable_lots_q

DEFAULT_HORIZONS = (90, 60, 30)


def expiry_horizons() -> tuple[int, ...]:
    """Days before expiry at which keepers are told, largest first (settings may change them)."""
    return tuple(sorted(getattr(settings, "INVENTORY_EXPIRY_HORIZONS", DEFAULT_HORIZONS), reverse=True))


def _recipients(store_ids) -> dict[int, list[User]]:
    """Keepers and department head of each store: two queries for all the stores."""
    users: dict[int, dict[int, User]] = defaultdict(dict)
    keepers = Store.keepers.through.objects.filter(store_id__in=store_ids, user__is_active=True).select_related("user")
    for row in keepers:
        users[row.store_id][row.user_id] = row.user
    heads = Store.objects.filter(pk__in=store_ids, department__head__is_active=True).select_related("department__head")
    for store in heads:
        users[store.pk][store.department.head_id] = store.department.head
    return {store_id: list(people.values()) for store_id, people in users.items()}


def _horizon(days_left: int, horizons: tuple[int, ...]) -> int:
    """The smallest horizon the lot is inside (30 when 12 days are left)."""
    return min(h for h in horizons if days_left <= h)


def send_near_expiry_alerts(*, today: dt.date | None = None) -> int:
    """One alert per store, lot and horizon for usable stock expiring within the largest
    horizon, to each keeper and the department head; returns how many new ones were written."""
    today = today or timezone.localdate()
    horizons = expiry_horizons()
    rows = list(
        StockBalance.objects.filter(quantity__gt=0, lot__expiry__lte=today + dt.timedelta(days=horizons[0]))
        .filter(usable_lots_q(today, "lot__"))
        .values("store_id", "lot_id", "lot__number", "lot__expiry", "item__name", "quantity")
    )
    recipients = _recipients({row["store_id"] for row in rows})
    link = reverse("inventory:expiry_report")

    def alerts():
        for row in rows:
            horizon = _horizon((row["lot__expiry"] - today).days, horizons)
            for user in recipients.get(row["store_id"], []):
                yield {
                    "recipient": user,
                    "title": gettext_lazy("%(item)s lot %(lot)s expires within %(days)s days"),
                    "body": gettext_lazy("%(quantity)s units expire on %(date)s."),
                    "params": {
                        "item": row["item__name"],
                        "lot": row["lot__number"],
                        "days": horizon,
                        "quantity": row["quantity"],
                        "date": row["lot__expiry"],
                    },
                    "link": f"{link}?store={row['store_id']}&days={horizon}",
                    "level": NotificationLevel.WARNING,
                    "dedupe_key": f"inventory.near_expiry:store={row['store_id']}:lot={row['lot_id']}:{horizon}",
                }

    return notify_many(alerts())


def low_stock_rows(*, today: dt.date):
    """(store, item) pairs whose usable stock is below the item's reorder point: one query."""
    usable = Case(When(usable_lots_q(today, "lot__"), then=F("quantity")), default=0, output_field=IntegerField())
    return (
        StockBalance.objects.filter(item__reorder_point__gt=0, item__is_active=True, store__is_active=True)
        .values("store_id", "item_id", "item__name", "item__reorder_point")
        .annotate(usable=Sum(usable))
        .filter(usable__lt=F("item__reorder_point"))
        .order_by("store_id", "item__name")
    )


def send_low_stock_alerts(*, today: dt.date | None = None) -> int:
    """One alert per store, item and day below the reorder point; returns how many new ones."""
    today = today or timezone.localdate()
    rows = list(low_stock_rows(today=today))
    recipients = _recipients({row["store_id"] for row in rows})
    return notify_many(
        {
            "recipient": user,
            "title": gettext_lazy("Low stock: %(item)s"),
            "body": gettext_lazy("%(quantity)s usable units left; the reorder point is %(point)s."),
            "params": {"item": row["item__name"], "quantity": row["usable"], "point": row["item__reorder_point"]},
            "link": reverse("inventory:item_detail", args=[row["item_id"]]),
            "level": NotificationLevel.WARNING,
            "dedupe_key": f"inventory.low_stock:store={row['store_id']}:item={row['item_id']}:{today.isoformat()}",
        }
        for row in rows
        for user in recipients.get(row["store_id"], [])
    )


def quarantine_expired_lots(*, today: dt.date | None = None) -> int:
    """Quarantine every lot past its expiry and tell the keepers of the stores holding it.
    Returns the number of lots quarantined now (0 on a second run)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        lot_ids = list(
            Lot.objects.select_for_update().filter(expiry__lt=today, quarantined=False).values_list("pk", flat=True)
        )
        Lot.objects.filter(pk__in=lot_ids).update(quarantined=True, quarantine_reason=_("Expired"))
        held = list(
            StockBalance.objects.filter(lot_id__in=lot_ids, quantity__gt=0).values(
                "store_id", "lot_id", "lot__number", "item__name", "quantity"
            )
        )
        recipients = _recipients({row["store_id"] for row in held})
        link = reverse("inventory:expiry_report")
        notify_many(
            {
                "recipient": user,
                "title": gettext_lazy("Expired and quarantined: %(item)s lot %(lot)s"),
                "body": gettext_lazy("Write off the %(quantity)s units left."),
                "params": {"item": row["item__name"], "lot": row["lot__number"], "quantity": row["quantity"]},
                "link": f"{link}?store={row['store_id']}&days=expired",
                "level": NotificationLevel.WARNING,
                "dedupe_key": f"inventory.expired:store={row['store_id']}:lot={row['lot_id']}",
            }
            for row in held
            for user in recipients.get(row["store_id"], [])
        )
    return len(lot_ids)


def items_below_reorder_point(*, today: dt.date | None = None) -> int:
    """How many store-item pairs are below their reorder point today (for the dashboard)."""
    return low_stock_rows(today=today or timezone.localdate()).count()
