"""Settings of the Celery worker processes the worker-kill tests start and kill.

The production settings, with a visibility timeout of a few seconds (so a killed
worker's task comes back within the test), a sweep for such tasks every second,
e-mail written to files the test reads, and tests.hospital.worker_support loaded.
"""

import os

from hospital.settings import *  # noqa: F403

CELERY_VISIBILITY_TIMEOUT = float(os.environ["TEST_VISIBILITY_TIMEOUT"])
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
EMAIL_BACKEND = "tests.hospital.worker_support.HoldingFileEmailBackend"
EMAIL_FILE_PATH = os.environ["TEST_EMAIL_DIR"]
CELERY_IMPORTS = ["tests.hospital.worker_support"]
