"""Reference numbers stay unique when reports arrive at the same time."""

import threading
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from hospital.models import Notification
from quality import services
from quality.models import AdverseEvent


@pytest.mark.django_db(transaction=True)
def test_concurrent_reports_get_distinct_consecutive_references(hospital):
    barrier = threading.Barrier(4)
    errors = []

    def report():
        try:
            barrier.wait()
            for _n in range(5):
                services.report_event(
                    user=hospital.nurse_icu,
                    occurred_at=timezone.now(),
                    department=hospital.icu,
                    event_type="unsafe_condition",
                    category="other",
                    description="Corridor light broken.",
                )
        except Exception as error:  # noqa: BLE001 - reported to the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=report) for _i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(int(ref.rsplit("-", 1)[1]) for ref in AdverseEvent.objects.values_list("reference", flat=True))
    assert numbers == list(range(1, 21))


@pytest.mark.django_db(transaction=True)
def test_a_form_sent_twice_at_once_files_one_report(hospital):
    # A double tap: two requests with the same submission key arrive together.
    key = uuid.uuid4()
    barrier = threading.Barrier(2)
    references, errors = [], []

    def report():
        try:
            barrier.wait()
            event = services.report_event(
                user=hospital.nurse_icu,
                occurred_at=timezone.now(),
                department=hospital.icu,
                event_type="incident",
                category="fall",
                harm="severe",
                description="Fell from the trolley.",
                submission_key=key,
            )
            references.append(event.reference)
        except Exception as error:  # noqa: BLE001 - reported to the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=report) for _i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(references) == 2 and len(set(references)) == 1
    assert AdverseEvent.objects.count() == 1
    assert Notification.objects.filter(dedupe_key__startswith="quality.serious").count() == 1
