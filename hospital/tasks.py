"""The core's scheduled jobs. Thin: each calls one service."""

from hospital import metric_registry, services
from hospital.celery import RETRY_POLICY, app, retrying_task


@retrying_task("hospital.tasks.send_notification_emails")
def send_notification_emails() -> int:
    return services.send_notification_emails()


@app.task(name="hospital.tasks.ping")
def ping(value: str) -> str:
    """Round-trip check for monitoring and tests: returns its argument."""
    return value


def _export_failed(task, exc, task_id, args, kwargs, einfo) -> None:
    """Every retry failed: the owner is told instead of waiting for a link that never comes."""
    services.fail_export(job_id=args[0] if args else kwargs["job_id"])


@app.task(name="hospital.tasks.build_export", on_failure=_export_failed, **RETRY_POLICY)
def build_export(job_id: int) -> int:
    """Write one background export (queued by services.start_export); idempotent."""
    job = services.build_export(job_id=job_id)
    return job.row_count if job else 0


@retrying_task("hospital.tasks.delete_expired_exports")
def delete_expired_exports() -> int:
    return services.delete_expired_exports()


@retrying_task("hospital.tasks.refresh_metric_series")
def refresh_metric_series(department_id: int | None = None) -> int:
    """Recompute the dashboard's stored metric series of one department (None: the hospital)."""
    stored = metric_registry.refresh_stored_series(department_id)
    return len(stored.values) if stored else 0
