"""The Celery app: Redis as broker (REDIS_URL), schedules in the database.

Start a worker with `celery -A hospital worker` and the scheduler with
`celery -A hospital beat`. Task defaults (acks_late, time limits) are in
settings; each task sets its own retries (see `hospital.tasks`).

A killed worker: tasks acknowledge late, so a task whose worker dies mid-run
stays in Redis's "unacked" set and is handed to another worker once the
broker's visibility timeout has passed (settings.CELERY_VISIBILITY_TIMEOUT,
30 minutes, set in CELERY_BROKER_TRANSPORT_OPTIONS). That timeout is longer
than any task may legitimately hold its message — a retry's countdown (at most
RETRY_BACKOFF_MAX) plus the hard time limit (CELERY_TASK_TIME_LIMIT, 10
minutes) — so a slow task is never delivered twice, and a lost one waits at
most 30 minutes. tests/hospital/test_celery_worker.py kills real workers.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hospital.settings")

app = Celery("hospital")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


# Every task of every app retries with back-off on any error; with the settings'
# late acknowledgement a killed worker's task is delivered again. So every task
# must be idempotent: it calls a service that uses a unique key.
RETRY_BACKOFF_MAX = 600  # seconds; the visibility timeout in settings is longer than this + the time limit

RETRY_POLICY = {
    "autoretry_for": (Exception,),
    "retry_backoff": True,
    "retry_backoff_max": RETRY_BACKOFF_MAX,
    "max_retries": 5,
}


def retrying_task(name: str):
    """Register a Celery task under `name` with the project's retry policy."""
    return app.task(name=name, **RETRY_POLICY)
