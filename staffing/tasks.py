"""Staffing's Celery tasks. Thin: each calls one service.

`generate_roster` is not retried: the solver is deterministic for a seed, so a failure would
fail again; it records the failure on the roster for the page to show. The alerts retry
with the project's policy and are idempotent (dedupe keys).
"""

from hospital.celery import app, retrying_task
from hospital.errors import DomainError
from staffing import services
from staffing.models import Roster


@app.task(name="staffing.tasks.generate_roster")
def generate_roster(roster_id: int, time_limit: float | None = None, workers: int | None = None) -> int | None:
    """Solve one draft roster; returns its penalty (None when it could not be generated)."""
    roster = Roster.objects.select_related("department").filter(pk=roster_id).first()
    if roster is None or not roster.is_draft:
        return None
    try:
        solution = services.generate_roster_now(roster=roster, time_limit=time_limit, workers=workers)
    except DomainError as error:
        services.record_generation_failure(roster_id=roster_id, message=str(error.message))
        return None
    except Exception as error:
        services.record_generation_failure(roster_id=roster_id, message=repr(error)[:500])
        raise
    return None if solution is None else solution.penalty


@retrying_task("staffing.tasks.send_certification_alerts")
def send_certification_alerts() -> int:
    return services.send_certification_alerts()


@retrying_task("staffing.tasks.send_leave_reminders")
def send_leave_reminders() -> int:
    return services.send_leave_reminders()
