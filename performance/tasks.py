"""Scheduled performance work. Thin: each task calls one idempotent service."""

from django.utils import timezone

from hospital.celery import retrying_task
from performance.services.collection import collect_previous_month


@retrying_task("performance.tasks.collect_previous_month")
def collect_last_month() -> str:
    """On the 1st and 2nd of the month: last month's costs from the other apps, unless closed."""
    result = collect_previous_month(today=timezone.localdate())
    if result is None:
        return "nothing to collect"
    return f"{result.month:%Y-%m}: {result.created} entries"
