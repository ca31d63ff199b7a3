"""Scheduled quality alerts. Thin: each task calls one idempotent service."""

from celery import shared_task

from quality import services

RETRY = {"autoretry_for": (Exception,), "retry_backoff": True, "retry_backoff_max": 600, "max_retries": 5}


@shared_task(name="quality.tasks.send_overdue_alerts", acks_late=True, **RETRY)
def send_overdue_alerts() -> int:
    return services.send_overdue_alerts()


@shared_task(name="quality.tasks.send_infection_alerts", acks_late=True, **RETRY)
def send_infection_alerts() -> int:
    return services.send_infection_alerts()
