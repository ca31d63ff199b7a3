"""Large exports are written by a Celery task and downloaded by their owner only; small
ones answer at once. The safety-event export is the first that uses the mechanism."""

import datetime as dt
import io

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from hospital.background_exports import ExportKind, register_export
from hospital.models import ExportJob, ExportStatus, Notification
from hospital.services import delete_expired_exports, start_export
from quality.exports import EVENTS_EXPORT
from tests.hospital.test_celery_worker import real_worker, wait_for  # noqa: F401 - the fixture
from tests.quality.factories import AdverseEventFactory, CorrectiveActionFactory

pytestmark = pytest.mark.django_db
EXPORT_URL = reverse("quality:export_events")


@pytest.fixture(autouse=True)
def _export_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "exports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "exports")},
        },
    }
    settings.EXPORT_BACKGROUND_ROWS = 5
    settings.EXPORT_KEEP_HOURS = 24
    return tmp_path / "exports"


@pytest.fixture
def events(hospital):
    now = timezone.now()
    made = [
        AdverseEventFactory(
            department=(hospital.cardiology, hospital.icu)[i % 2],
            category=("fall", "medication", "fall")[i % 3],
            occurred_at=now - dt.timedelta(days=i, hours=i),
        )
        for i in range(12)
    ]
    CorrectiveActionFactory(event=made[0], owner=hospital.quality_manager, due_date=dt.date(2026, 12, 24))
    return made


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def rows_of(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))


def background_export(client, query, capture):
    """Ask for the export; the task runs when the request's transaction commits."""
    with capture(execute=True):
        response = client.get(EXPORT_URL, query)
    return response


def test_a_small_export_is_the_response_itself(hospital, events):
    client = signed_in(hospital.quality_manager)
    response = client.get(EXPORT_URL, {"category": "medication"})  # 4 events, threshold 5
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="safety-events-')
    assert len(rows_of(response.content)) == 1 + 4
    assert not ExportJob.objects.exists()


def test_a_large_export_is_prepared_in_the_background_and_equals_the_immediate_one(
    hospital, events, settings, django_capture_on_commit_callbacks
):
    client = signed_in(hospital.quality_manager)
    query = {"category": "fall", "sort": "department", "page": "2"}
    settings.EXPORT_BACKGROUND_ROWS = 1_000
    immediate = rows_of(client.get(EXPORT_URL, query).content)
    settings.EXPORT_BACKGROUND_ROWS = 5

    response = background_export(client, query, django_capture_on_commit_callbacks)

    # back to the list with the same filters (the page number dropped) and a message
    assert response.status_code == 302
    assert response["Location"] == reverse("quality:event_list") + "?category=fall&sort=department"
    page = client.get(response["Location"])
    assert "too many to wait for" in page.content.decode()
    job = ExportJob.objects.get()
    assert (job.owner, job.kind, job.status, job.row_count) == (hospital.quality_manager, "quality.events", "ready", 8)
    assert job.params == {"category": ["fall"], "sort": ["department"]}
    notification = Notification.objects.get(recipient=hospital.quality_manager)
    assert notification.display_title == "Your export is ready: Safety events"
    assert "8 rows" in notification.display_body
    download = client.get(notification.link)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="safety-events-')
    assert rows_of(b"".join(download.streaming_content)) == immediate
    assert len(immediate) == 1 + 8


def test_the_background_export_keeps_the_owners_visibility(hospital, events, django_capture_on_commit_callbacks):
    client = signed_in(hospital.head_cardiology)  # sees Cardiology's 6 events only
    background_export(client, {}, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get(owner=hospital.head_cardiology)
    content = b"".join(client.get(reverse("export_download", args=[job.token])).streaming_content)
    departments = {row[2] for row in rows_of(content)[1:]}
    assert departments == {"Cardiology"}
    assert job.row_count == 6


def test_the_export_is_written_in_the_language_it_was_asked_in(hospital, events, django_capture_on_commit_callbacks):
    client = signed_in(hospital.quality_manager)
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    background_export(client, {}, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    assert job.language == "zh-hans"
    content = b"".join(client.get(reverse("export_download", args=[job.token])).streaming_content)
    assert rows_of(content)[0][0] != "Reference"  # the header is the Chinese one


@pytest.mark.parametrize("who", ["admin", "quality_manager_colleague", "head_cardiology"])
def test_only_the_owner_can_download(hospital, events, who, django_capture_on_commit_callbacks):
    from hospital.roles import Role
    from tests.hospital.factories import make_user

    owner = signed_in(hospital.quality_manager)
    background_export(owner, {}, django_capture_on_commit_callbacks)
    url = reverse("export_download", args=[ExportJob.objects.get().token])
    other = (
        make_user(Role.QUALITY_MANAGER, hospital.quality_office, username="colleague")
        if who == "quality_manager_colleague"
        else getattr(hospital, who)
    )
    assert signed_in(other).get(url).status_code == 404
    assert Client().get(url).status_code == 302  # anonymous: to the log-in page
    assert owner.get(url).status_code == 200


def test_a_second_click_while_it_is_prepared_starts_no_second_export(hospital, events):
    pending = ExportJob.objects.create(
        owner=hospital.quality_manager,
        kind="quality.events",
        params={"category": ["fall"]},
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    client = signed_in(hospital.quality_manager)
    client.get(EXPORT_URL, {"category": "fall"})  # no commit callbacks run: the job stays pending
    assert list(ExportJob.objects.all()) == [pending]
    client.get(EXPORT_URL, {"category": ""})  # other filters: another export
    assert ExportJob.objects.count() == 2
    assert signed_in(hospital.quality_manager).get(reverse("export_download", args=[pending.token])).status_code == 404


def test_an_expired_export_is_gone_for_its_owner_and_deleted_with_its_file(
    hospital, events, _export_storage, django_capture_on_commit_callbacks
):
    client = signed_in(hospital.quality_manager)
    start = timezone.now()
    background_export(client, {}, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    url = reverse("export_download", args=[job.token])
    assert (_export_storage / job.file_name).exists()

    with time_machine.travel(start + dt.timedelta(hours=23), tick=False):
        assert delete_expired_exports() == 0
        assert client.get(url).status_code == 200
    with time_machine.travel(start + dt.timedelta(hours=24, minutes=1), tick=False):
        assert client.get(url).status_code == 404
        assert delete_expired_exports() == 1
    assert not ExportJob.objects.exists()
    assert not (_export_storage / job.file_name).exists()
    assert delete_expired_exports() == 0  # a second run changes nothing


def failing_write(rows):
    raise RuntimeError("disk full")


FAILING_EXPORT = register_export(
    ExportKind(
        key="tests.failing",
        filename="failing",
        title="Failing export",
        rows=EVENTS_EXPORT.rows,
        write=failing_write,
        page="quality:event_list",
    )
)


def test_an_export_that_keeps_failing_is_marked_failed_and_its_owner_told(
    hospital, events, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_export(user=hospital.quality_manager, kind=FAILING_EXPORT, params={}, row_count=12, language="en")
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED
    assert job.file_name == ""
    notification = Notification.objects.get(recipient=hospital.quality_manager)
    assert notification.display_title == "Your export could not be prepared: Failing export"
    assert notification.link == ""


@pytest.mark.celery_worker
@pytest.mark.xdist_group("celery_worker")
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_the_export(hospital, events, settings, real_worker):  # noqa: F811
    settings.EXPORT_TASK_QUEUE = real_worker
    client = signed_in(hospital.quality_manager)
    response = client.get(EXPORT_URL, {"category": "fall"})
    assert response.status_code == 302
    assert wait_for(lambda: ExportJob.objects.filter(status=ExportStatus.READY).exists())
    job = ExportJob.objects.get()
    download = client.get(reverse("export_download", args=[job.token]))
    assert len(rows_of(b"".join(download.streaming_content))) == 1 + 8
