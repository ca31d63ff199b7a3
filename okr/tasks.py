"""OKR's scheduled jobs. Thin and idempotent: each calls one service."""

from celery import shared_task

from okr import services

RETRY = {"autoretry_for": (Exception,), "retry_backoff": True, "retry_backoff_max": 600, "max_retries": 5}


@shared_task(name="okr.tasks.record_live_check_ins", **RETRY)
def record_live_check_ins() -> int:
    """Weekly: one live-data check-in per bound key result."""
    return services.record_live_check_ins()


@shared_task(name="okr.tasks.send_check_in_reminders", **RETRY)
def send_check_in_reminders() -> int:
    """Weekly: remind heads whose departments' key results have gone 7 days without a check-in."""
    return services.send_check_in_reminders()
