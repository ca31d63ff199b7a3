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
