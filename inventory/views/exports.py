"""XLSX downloads of the reports, with the page's own filters and scoping."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from hospital.exports import XLSX_CONTENT_TYPE
from inventory import access, exports, selectors
from inventory.models import Lot
from inventory.views.filters import BALANCE_SORTING, expiry_days, report_filters
from inventory.views.reports import consumption_months


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


@login_required
def export_balances(request):
    # the page's filters and order (an unknown ?sort= falls back to the default, as on the page)
    sort = BALANCE_SORTING.choice(request.GET.get("sort")) or BALANCE_SORTING.choice(None)
    rows = sort.apply(selectors.balances(request.user, **report_filters(request)))
    return _xlsx(exports.balances_workbook(rows, show_values=access.may_see_values(request.user)), "stock-balances")


@login_required
def export_expiry(request):
    rows = selectors.expiring(request.user, days=expiry_days(request), store=request.GET.get("store", "").strip())
    return _xlsx(exports.expiry_workbook(rows, show_values=access.may_see_values(request.user)), "expiring-stock")


@login_required
def export_consumption(request):
    if not access.may_see_consumption(request.user):
        raise PermissionDenied
    months = consumption_months()
    table = selectors.consumption_by_department_month(request.user, months=months)
    return _xlsx(exports.consumption_workbook(table, [start for start, _end in months]), "consumption")


@login_required
def export_recall(request, pk):
    lot = get_object_or_404(Lot.objects.select_related("item"), pk=pk)
    content = exports.recall_workbook(
        lot,
        selectors.recall_holdings(request.user, lot),
        selectors.recall_issues(request.user, lot),
        show_values=access.may_see_values(request.user),
        serials=selectors.lot_serials(request.user, lot) if lot.item.is_high_value else None,
    )
    return _xlsx(content, f"recall-lot-{lot.pk}")
