"""The Celery app: Redis as broker (REDIS_URL), schedules in the database.

Start a worker with `celery -A hospital worker` and the scheduler with
`celery -A hospital beat`. Task defaults (acks_late, time limits) are in
settings; each task sets its own retries (see `hospital.tasks`).
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
RETRY_POLICY = {
    "autoretry_for": (Exception,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 5,
}


def retrying_task(name: str):
    """Register a Celery task under `name` with the project's retry policy."""
    return app.task(name=name, **RETRY_POLICY)
