"""Scheduled equipment alerts. Thin: each task calls one idempotent service."""

from equipment import services
from hospital.celery import retrying_task


@retrying_task("equipment.tasks.send_maintenance_alerts")
def send_maintenance_alerts() -> int:
    return services.send_maintenance_alerts()
