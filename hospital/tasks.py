"""The core's scheduled jobs. Thin: each calls one service."""

from celery import shared_task

from hospital import services

RETRY = {"autoretry_for": (Exception,), "retry_backoff": True, "retry_backoff_max": 600, "max_retries": 5}


@shared_task(name="hospital.tasks.send_notification_emails", **RETRY)
def send_notification_emails() -> int:
    return services.send_notification_emails()


@shared_task(name="hospital.tasks.ping")
def ping(value: str) -> str:
    """Round-trip check for monitoring and tests: returns its argument."""
    return value
