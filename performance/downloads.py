"""The report downloads, one function for the pages and the API: the same filters as the
page (ReportFilterForm's first, last and department; the scorecard's month), the same
frames (performance.exports), the core's formula-safe writers."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from hospital.errors import DomainError
from hospital.exports import CSV_CONTENT_TYPE, xlsx_response
from hospital.periods import last_complete_month
from performance import access, exports
from performance.forms import ReportFilterForm
from performance.services import parse_month

FORMATS = ("xlsx", "csv")


def csv_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate():%Y%m%d}.csv"'
    return response


def report_filters(user, params, *, default_months: int = 12):
    """(form, first, last, department) for a report page or its export."""
    access.require_read(user)
    form = ReportFilterForm(params or None, user=user, default_months=default_months)
    first, last, department = form.period()
    return form, first, last, department


def scorecard_month(params):
    """?month=YYYY-MM, or the last complete month (a bad value too)."""
    try:
        return parse_month(params["month"])
    except (KeyError, DomainError):
        return last_complete_month(timezone.localdate())[0]


def _costs(user, params) -> tuple[dict, str]:
    _form, first, last, department = report_filters(user, params)
    return exports.cost_frames(user, first=first, last=last, department=department), "cost-report"


def _budget(user, params) -> tuple[dict, str]:
    _form, first, last, department = report_filters(user, params, default_months=1)
    frame = exports.budget_frame(user, first=first, last=last, department=department)
    return {_("Budget variance"): frame}, "budget-variance"


def _scorecard(user, params) -> tuple[dict, str]:
    access.require_read(user)
    return {_("Scorecard"): exports.scorecard_frame(user, month=scorecard_month(params))}, "scorecard"


REPORTS = {"costs": _costs, "budget": _budget, "scorecard": _scorecard}


def report_response(report: str, file_format: str, user, params) -> HttpResponse:
    """The report as an XLSX workbook (every sheet) or a CSV file (its first sheet)."""
    frames, name = REPORTS[report](user, params)
    if file_format == "csv":
        return csv_response(exports.frame_to_csv(next(iter(frames.values()))), name)
    return xlsx_response(exports.frames_to_xlsx(frames), name)
