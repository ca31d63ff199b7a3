"""Scheduled quality alerts. Thin: each task calls one idempotent service."""

from hospital.celery import retrying_task
from quality import services


@retrying_task("quality.tasks.send_overdue_alerts")
def send_overdue_alerts() -> int:
    return services.send_overdue_alerts()


@retrying_task("quality.tasks.send_infection_alerts")
def send_infection_alerts() -> int:
    return services.send_infection_alerts()
