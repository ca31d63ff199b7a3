"""Exports: answer at once or in the background (`export_response`), and the owner's download."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hospital import services
from hospital.background_exports import IGNORED_PARAMS, ExportKind, export_kind, export_storage, stored_params
from hospital.exports import XLSX_CONTENT_TYPE, xlsx_response
from hospital.models import ExportJob


def export_response(request, kind: ExportKind) -> HttpResponse:
    """The export of the page's query string: the file itself up to
    settings.EXPORT_BACKGROUND_ROWS rows; past that a background export is started and
    the user goes back to the page with a message (the link comes as a notification)."""
    rows = kind.rows(request.user, request.GET)
    count = rows.count()
    if count <= settings.EXPORT_BACKGROUND_ROWS:
        return xlsx_response(kind.write(rows), kind.filename)
    services.start_export(
        user=request.user,
        kind=kind,
        params=stored_params(request.GET),
        row_count=count,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    messages.info(
        request,
        _(
            "The export holds %(rows)s rows, too many to wait for: it is being prepared, and a "
            "notification will bring you the link to download it."
        )
        % {"rows": count},
    )
    page = request.GET.copy()
    for name in IGNORED_PARAMS:
        page.pop(name, None)
    query = page.urlencode()
    return redirect(reverse(kind.page) + (f"?{query}" if query else ""))


@login_required
def export_download(request, token):
    """A background export, for its owner only, while it is kept: anyone else, and the
    owner after it expired, gets a 404 (an export is as unknown as a missing one)."""
    job = get_object_or_404(ExportJob.objects.downloadable_by(request.user), token=token)
    try:
        handle = export_storage().open(job.file_name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    kind = export_kind(job.kind)
    name = kind.filename if kind else "export"
    extension = kind.extension if kind else "xlsx"
    finished = timezone.localtime(job.finished_at)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{name}-{finished:%Y%m%d}.{extension}",
        content_type=XLSX_CONTENT_TYPE if extension == "xlsx" else None,
    )
