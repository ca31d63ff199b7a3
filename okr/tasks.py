"""OKR's scheduled jobs. Thin and idempotent: each calls one service."""

from hospital.celery import retrying_task
from okr import services


@retrying_task("okr.tasks.record_live_check_ins")
def record_live_check_ins() -> int:
    """Weekly: one live-data check-in per bound key result."""
    return services.record_live_check_ins()


@retrying_task("okr.tasks.send_check_in_reminders")
def send_check_in_reminders() -> int:
    """Weekly: remind heads whose departments' key results have gone 7 days without a check-in."""
    return services.send_check_in_reminders()
