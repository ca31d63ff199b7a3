"""Background exports: start one, build it (the Celery task), record a failure, delete
expired ones. See hospital.background_exports for the whole flow."""

import datetime as dt
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from hospital.background_exports import ExportKind, export_kind, export_storage
from hospital.celery import app
from hospital.models import ExportJob, ExportStatus, NotificationLevel, User
from hospital.services.notifications import notify

logger = logging.getLogger(__name__)


def _keep_until(moment: dt.datetime) -> dt.datetime:
    return moment + dt.timedelta(hours=settings.EXPORT_KEEP_HOURS)


def start_export(
    *, user: User, kind: ExportKind, params: dict[str, list[str]], row_count: int, language: str
) -> ExportJob:
    """Record the export and queue its task (after the commit). The same export with the
    same filters still being prepared for the same user is not started twice: a second
    click returns the first job."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one start at a time per user
        pending = ExportJob.objects.filter(owner=user, kind=kind.key, status=ExportStatus.PENDING, params=params)
        job = pending.first()
        if job is not None:
            return job
        now = timezone.now()
        job = ExportJob.objects.create(
            owner=user,
            kind=kind.key,
            params=params,
            language=language,
            row_count=row_count,
            created_at=now,
            expires_at=_keep_until(now),  # a job that never finishes is swept too
        )
        transaction.on_commit(lambda: _queue_build(job.pk))
    return job


def _queue_build(job_id: int) -> None:
    # by name: hospital.tasks imports the services
    app.signature("hospital.tasks.build_export", args=[job_id]).apply_async(queue=settings.EXPORT_TASK_QUEUE or None)


def build_export(*, job_id: int) -> ExportJob | None:
    """Write the export's file and notify its owner with the download link.

    Reads the rows as the owner may see them now, in the language they asked in.
    Idempotent: a job already built (a task delivered twice) or deleted is left alone,
    and a file written by a second run is removed again. Raises whatever the writer
    raises, so the task retries; `fail_export` records the last failure."""
    job = ExportJob.objects.select_related("owner").filter(pk=job_id).first()
    if job is None or job.status != ExportStatus.PENDING:
        return job
    kind = export_kind(job.kind)
    if kind is None:
        raise LookupError(f"No export kind {job.kind!r} is registered.")
    with translation.override(job.language):
        rows = kind.rows(job.owner, MultiValueDict(job.params))
        content = kind.write(rows)
    storage = export_storage()
    file_name = storage.save(f"{job.token}.{kind.extension}", ContentFile(content))
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != ExportStatus.PENDING:
            storage.delete(file_name)
            return job
        now = timezone.now()
        job.status = ExportStatus.READY
        job.file_name = file_name
        job.finished_at = now
        job.expires_at = _keep_until(now)
        job.save(update_fields=["status", "file_name", "finished_at", "expires_at"])
        notify(
            recipient=job.owner,
            title=_("Your export is ready: %(export)s"),
            body=_("%(rows)s rows. Download it before %(expires)s; the file is deleted after that."),
            params={"export": kind.title, "rows": job.row_count, "expires": job.expires_at},
            link=reverse("export_download", args=[job.token]),
            dedupe_key=f"export:{job.token}",
        )
    return job


def fail_export(*, job_id: int) -> None:
    """The task gave up: the job is marked failed and its owner told (once)."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().select_related("owner").filter(pk=job_id).first()
        if job is None or job.status != ExportStatus.PENDING:
            return
        job.status = ExportStatus.FAILED
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "finished_at"])
        kind = export_kind(job.kind)
        notify(
            recipient=job.owner,
            title=_("Your export could not be prepared: %(export)s"),
            body=_("Please try again later; if it fails again, tell the administrator."),
            params={"export": kind.title if kind else job.kind},
            level=NotificationLevel.WARNING,
            dedupe_key=f"export-failed:{job.token}",
        )


def delete_expired_exports(*, now: dt.datetime | None = None) -> int:
    """Delete the files and rows of exports past their time; returns how many."""
    storage = export_storage()
    deleted = 0
    for job in ExportJob.objects.expired(now=now).only("pk", "file_name"):
        if job.file_name:
            storage.delete(job.file_name)  # a file already gone is no error
        deleted += ExportJob.objects.filter(pk=job.pk).delete()[0]
    if deleted:
        logger.info("Deleted %s expired exports", deleted)
    return deleted
