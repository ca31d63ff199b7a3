"""What the worker-kill tests load into a real Celery worker process.

The worker runs with tests.hospital.worker_settings, which imports this module:
a task that can be held mid-run, an e-mail backend that can be held between
sending and returning, and a log of finished tasks the test reads across processes.
"""

import os
import time
from pathlib import Path

from celery.signals import task_postrun
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.filebased import EmailBackend as FileEmailBackend

from hospital.celery import app

HOLD_SECONDS = 120  # far longer than any test waits: the test kills the worker meanwhile


def append(path: str | os.PathLike, line: str) -> None:
    with open(path, "a", encoding="utf-8") as log:
        log.write(line + "\n")
        log.flush()
        os.fsync(log.fileno())


@app.task(name="tests.record_run")
def record_run(path: str) -> None:
    """Write "started" and "finished" lines; a worker started with TEST_HOLD_TASK=1 holds in between."""
    me = record_run.request.hostname
    append(path, f"started {me} {time.time():.3f}")
    if os.environ.get("TEST_HOLD_TASK") == "1":
        time.sleep(HOLD_SECONDS)  # the worker is killed here
    append(path, f"finished {me} {time.time():.3f}")


class HoldingFileEmailBackend(FileEmailBackend):
    """Django's file backend; with TEST_HOLD_AFTER_SEND=1 it holds after the message is written."""

    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages)
        if os.environ.get("TEST_HOLD_AFTER_SEND") == "1":
            Path(self.file_path, "held-after-send").touch()
            time.sleep(HOLD_SECONDS)  # the worker is killed here, before emailed_at is stamped
        return sent


class FailingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionError("mail server down")


@task_postrun.connect(weak=False)
def log_finished_task(sender=None, task=None, retval=None, state=None, **kwargs):
    log = os.environ.get("TEST_TASK_LOG")
    if log and task is not None:
        append(log, f"{task.name} {task.request.hostname} {state} {retval}")
