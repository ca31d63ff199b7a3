"""Today's expiry risks, stored (inventory.models.ExpiryRisk).

Computing them reads every lot expiring within a year (tens of thousands at a large
hospital), so the expiry-risk page reads them stored. They depend on the clock, so
they are recomputed nightly (inventory.tasks.quarantine_expired_lots, after expired lots
are quarantined) and by the first request of a day that finds another day's
(`fresh_expiry_risks`); the page says when they were computed.
"""

import datetime as dt

from django.db import connection, transaction
from django.utils import timezone

from inventory import selectors
from inventory.models import ExpiryRisk, ExpiryRiskRun


def _lock_risks() -> None:
    if connection.vendor == "postgresql":
        tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in (ExpiryRisk, ExpiryRiskRun))
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {tables} IN EXCLUSIVE MODE")


@transaction.atomic
def refresh_expiry_risks(today: dt.date | None = None) -> ExpiryRiskRun:
    """Replace the stored expiry risks with those of `today` (default: the hospital's date)."""
    today = today or timezone.localdate()
    _lock_risks()
    found = selectors.compute_expiry_risks(today=today)
    ExpiryRisk.objects.all().delete()
    ExpiryRiskRun.objects.all().delete()
    run = ExpiryRiskRun.objects.create(computed_on=today, computed_at=timezone.now())
    ExpiryRisk.objects.bulk_create(
        (
            ExpiryRisk(
                computed_on=today,
                computed_at=run.computed_at,
                balance_id=entry["risk"].key[0],
                store_id=entry["risk"].key[1],
                item_id=entry["risk"].key[2],
                lot_id=entry["risk"].key[3],
                expiry=entry["risk"].key[4],
                quantity_at_risk=entry["risk"].quantity_at_risk,
                value_at_risk=entry["risk"].value_at_risk,
                days_needed=entry["risk"].days_needed,
                transfer_to_id=entry["transfer_to"],
                transfer_quantity=entry["transfer_quantity"],
            )
            for entry in found
        ),
        batch_size=5000,
    )
    return run


def fresh_expiry_risks(today: dt.date | None = None) -> ExpiryRiskRun:
    """The stored risks' run if they are today's; otherwise recomputed first (once: two
    requests at once wait for one another's lock, and the second finds today's)."""
    today = today or timezone.localdate()
    run = ExpiryRiskRun.objects.first()
    if run is not None and run.computed_on == today:
        return run
    with transaction.atomic():
        _lock_risks()
        run = ExpiryRiskRun.objects.first()
        if run is not None and run.computed_on == today:
            return run
        return refresh_expiry_risks(today)
