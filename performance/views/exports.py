"""Downloads of the reports, with the page's filters (the same ReportFilterForm)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from hospital.exports import CSV_CONTENT_TYPE, xlsx_response
from performance import exports
from performance.views.reports import report_filters


def _csv_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate():%Y%m%d}.csv"'
    return response


@login_required
def budget_xlsx(request):
    _form, first, last, department = report_filters(request, default_months=1)
    frame = exports.budget_frame(request.user, first=first, last=last, department=department)
    return xlsx_response(exports.frames_to_xlsx({_("Budget variance"): frame}), "budget-variance")


@login_required
def budget_csv(request):
    _form, first, last, department = report_filters(request, default_months=1)
    frame = exports.budget_frame(request.user, first=first, last=last, department=department)
    return _csv_response(exports.frame_to_csv(frame), "budget-variance")


@login_required
def costs_xlsx(request):
    _form, first, last, department = report_filters(request)
    frames = exports.cost_frames(request.user, first=first, last=last, department=department)
    return xlsx_response(exports.frames_to_xlsx(frames), "cost-report")


@login_required
def costs_csv(request):
    _form, first, last, department = report_filters(request)
    frames = exports.cost_frames(request.user, first=first, last=last, department=department)
    return _csv_response(exports.frame_to_csv(next(iter(frames.values()))), "cost-report")
