"""Scheduled equipment work. Thin: each task calls one idempotent function."""

from equipment import risk_ranking, services
from hospital.celery import retrying_task


@retrying_task("equipment.tasks.send_maintenance_alerts")
def send_maintenance_alerts() -> int:
    return services.send_maintenance_alerts()


@retrying_task("equipment.tasks.refresh_failure_risk")
def refresh_failure_risk() -> int:
    """Recompute and store the failure-risk ranking (every few minutes, from beat)."""
    return risk_ranking.refresh()
