"""Daily inventory alerts. Thin: each task calls one idempotent service (dedupe keys)."""

import datetime as dt

from hospital.celery import retrying_task
from inventory import services


@retrying_task("inventory.tasks.send_near_expiry_alerts")
def send_near_expiry_alerts(today: dt.date | None = None) -> int:
    return services.send_near_expiry_alerts(today=today)


@retrying_task("inventory.tasks.send_low_stock_alerts")
def send_low_stock_alerts(today: dt.date | None = None) -> int:
    return services.send_low_stock_alerts(today=today)


@retrying_task("inventory.tasks.quarantine_expired_lots")
def quarantine_expired_lots(today: dt.date | None = None) -> int:
    """Nightly: quarantine what expired, then store the day's expiry risks (the page reads them)."""
    quarantined = services.quarantine_expired_lots(today=today)
    services.refresh_expiry_risks(today)
    return quarantined
