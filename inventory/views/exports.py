"""XLSX downloads of the reports, with the page's own filters and scoping."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import timezone

from hospital.exports import XLSX_CONTENT_TYPE
from inventory import access, exports, selectors
from inventory.views.filters import expiry_days, report_filters


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


@login_required
def export_balances(request):
    rows = selectors.balances(request.user, **report_filters(request))
    return _xlsx(exports.balances_workbook(rows, show_values=access.may_see_values(request.user)), "stock-balances")


@login_required
def export_expiry(request):
    rows = selectors.expiring(request.user, days=expiry_days(request), store=request.GET.get("store", "").strip())
    return _xlsx(exports.expiry_workbook(rows, show_values=access.may_see_values(request.user)), "expiring-stock")
