"""Celery: a task executed by a real worker through the real Redis broker."""

import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.conf import settings
from django.core import mail
from django.db import connections

from hospital.celery import app as celery_app
from hospital.models import Notification
from hospital.services import notify
from hospital.tasks import send_notification_emails

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


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
