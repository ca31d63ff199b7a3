"""The core's scheduled jobs. Thin: each calls one service."""

from hospital import services
from hospital.celery import app, retrying_task


@retrying_task("hospital.tasks.send_notification_emails")
def send_notification_emails() -> int:
    return services.send_notification_emails()


@app.task(name="hospital.tasks.ping")
def ping(value: str) -> str:
    """Round-trip check for monitoring and tests: returns its argument."""
    return value
