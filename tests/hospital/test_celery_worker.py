"""Celery: tasks executed by real workers through the real Redis broker.

The worker-kill tests start `celery worker` processes (tests.hospital.worker_settings:
a visibility timeout of a few seconds) and kill them with SIGKILL mid-task.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.conf import settings
from django.core import mail
from django.db import connection, connections

from hospital.celery import RETRY_BACKOFF_MAX
from hospital.celery import app as celery_app
from hospital.models import Notification
from hospital.services import notify
from hospital.tasks import send_notification_emails

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    # the workers started here share the Redis and the two cores: one such test at a time
    pytest.mark.xdist_group("celery_worker"),
]
VISIBILITY_TIMEOUT = 3  # seconds, for the test workers only


def close_worker_connections(**kwargs):
    connections.close_all()


@pytest.fixture
def real_worker():
    """A worker thread consuming a private queue on the Redis from REDIS_URL."""
    assert settings.REDIS_URL.startswith("redis://"), "the Celery test needs REDIS_URL"
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    queue = f"test-{uuid.uuid4().hex}"
    task_postrun.connect(close_worker_connections, weak=False)
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=10):
            yield queue
    finally:
        task_postrun.disconnect(close_worker_connections)
        celery_app.conf.task_always_eager = eager


def wait_for(condition, seconds=20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_broker_is_redis():
    assert celery_app.conf.broker_url.startswith("redis://")


def test_notification_email_task_runs_on_a_real_worker(hospital, real_worker):
    hospital.nurse_icu.wants_email_notifications = True
    hospital.nurse_icu.save()
    notification = notify(recipient=hospital.nurse_icu, title="Night shift swapped")

    send_notification_emails.apply_async(queue=real_worker)

    assert wait_for(lambda: Notification.objects.filter(pk=notification.pk, emailed_at__isnull=False).exists())
    assert [m.subject for m in mail.outbox] == ["Night shift swapped"]


def test_the_visibility_timeout_fits_the_longest_task():
    # A message is held unacknowledged for at most a retry's countdown plus the hard time
    # limit; a shorter visibility timeout would hand a running task to a second worker.
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    assert options["visibility_timeout"] == settings.CELERY_VISIBILITY_TIMEOUT == 30 * 60
    assert celery_app.conf.broker_transport_options["visibility_timeout"] == 30 * 60
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT
    assert settings.CELERY_VISIBILITY_TIMEOUT > RETRY_BACKOFF_MAX + settings.CELERY_TASK_TIME_LIMIT
    longest_redelivery = settings.CELERY_VISIBILITY_TIMEOUT + settings.CELERY_TASK_TIME_LIMIT
    assert longest_redelivery <= settings.NOTIFICATION_EMAIL_LEASE_SECONDS


class Workers:
    """Real `celery worker` processes on a private queue, each killable with SIGKILL."""

    def __init__(self, tmp_path: Path):
        self.queue = f"test-kill-{uuid.uuid4().hex}"
        self.tmp = tmp_path
        self.email_dir = tmp_path / "mail"
        self.email_dir.mkdir()
        self.task_log = tmp_path / "tasks.log"
        self.task_log.touch()
        self.processes: list[subprocess.Popen] = []
        db = connection.settings_dict
        self.database_url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"

    def start(self, name: str, **env) -> subprocess.Popen:
        log = open(self.tmp / f"worker-{name}.log", "w")  # noqa: SIM115 - kept for the process
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "hospital", "worker", "--pool=solo", "--concurrency=1",
             f"--queues={self.queue}", f"--hostname={name}@test", "--without-gossip", "--without-mingle",
             "--without-heartbeat", "--loglevel=INFO"],
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "tests.hospital.worker_settings",
                "DATABASE_URL": self.database_url,
                "TEST_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
                "TEST_EMAIL_DIR": str(self.email_dir),
                "TEST_TASK_LOG": str(self.task_log),
                **env,
            },
            cwd=settings.BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        return process

    def kill(self, process: subprocess.Popen) -> None:
        os.kill(process.pid, signal.SIGKILL)  # no warm shutdown: the message stays unacknowledged
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.kill(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

    def finished(self, task_name: str, hostname: str) -> list[str]:
        return [line for line in self.task_log.read_text().splitlines() if line.startswith(f"{task_name} {hostname}@")]

    def sent_subjects(self) -> list[str]:
        return [
            line.removeprefix("Subject: ")
            for path in self.email_dir.glob("*.log")
            for line in path.read_text().splitlines()
            if line.startswith("Subject: ")
        ]


@pytest.fixture
def workers(tmp_path):
    assert settings.REDIS_URL.startswith("redis://"), "the worker-kill tests need REDIS_URL"
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    started = Workers(tmp_path)
    yield started
    started.stop_all()
    celery_app.conf.task_always_eager = eager


def test_a_task_whose_worker_is_killed_is_redelivered_after_the_visibility_timeout(workers, tmp_path):
    runs = tmp_path / "runs.log"
    runs.touch()
    first = workers.start("first", TEST_HOLD_TASK="1")
    celery_app.send_task("tests.record_run", args=[str(runs)], queue=workers.queue)
    assert wait_for(lambda: "started first@" in runs.read_text(), seconds=30)
    workers.kill(first)

    workers.start("second")
    assert wait_for(lambda: "finished second@" in runs.read_text(), seconds=30)
    lines = [line.split() for line in runs.read_text().splitlines()]
    assert [(what, who) for what, who, _at in lines] == [
        ("started", "first@test"),
        ("started", "second@test"),
        ("finished", "second@test"),
    ]
    started_first, started_second = float(lines[0][2]), float(lines[1][2])
    assert started_second - started_first >= VISIBILITY_TIMEOUT  # held back until the timeout, then redelivered


def test_a_worker_killed_between_sending_and_stamping_does_not_cause_a_second_email(hospital, workers):
    hospital.nurse_icu.wants_email_notifications = True
    hospital.nurse_icu.save()
    notification = notify(recipient=hospital.nurse_icu, title="Night shift swapped")

    first = workers.start("first", TEST_HOLD_AFTER_SEND="1")
    celery_app.send_task("hospital.tasks.send_notification_emails", queue=workers.queue)
    assert wait_for(lambda: (workers.email_dir / "held-after-send").exists(), seconds=30)
    workers.kill(first)
    notification.refresh_from_db()
    assert notification.emailed_at is None and notification.email_claimed_until is not None  # sent, not stamped

    workers.start("second")
    # the killed worker's task comes back after the visibility timeout, and the next scheduled run follows
    assert wait_for(lambda: workers.finished("hospital.tasks.send_notification_emails", "second"), seconds=30)
    celery_app.send_task("hospital.tasks.send_notification_emails", queue=workers.queue)
    assert wait_for(lambda: len(workers.finished("hospital.tasks.send_notification_emails", "second")) == 2, 30)
    assert [line.split()[-1] for line in workers.finished("hospital.tasks.send_notification_emails", "second")] == [
        "0",
        "0",
    ]
    assert workers.sent_subjects() == ["Night shift swapped"]
