"""The exports of the register and of maintenance compliance, with the pages' filters."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_date

from equipment import access, exports, selectors
from equipment.models import WorkOrder, WorkOrderStatus
from hospital.exports import XLSX_CONTENT_TYPE
from hospital.periods import month_start


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


@login_required
def export_register(request):
    """The register the user sees, with the page's filters; costs only for those who see them."""
    filters = selectors.RegisterFilters.from_params(request.GET)
    sort = selectors.register_sorting(with_costs=access.may_see_costs(request.user)).from_request(request)
    devices = sort.apply(selectors.register(request.user, filters))
    return _xlsx(
        exports.register_workbook(devices, with_costs=access.may_see_costs(request.user)), "equipment-register"
    )


def _date(request, name, default: dt.date) -> dt.date:
    try:
        return parse_date(request.GET.get(name, "")) or default
    except ValueError:
        return default


@login_required
def export_compliance(request):
    """Planned checks due in the period (default: this month so far) on the devices the user
    sees, filtered like the register (department, category, risk)."""
    if not access.may_see_kpis(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    start, end = _date(request, "start", month_start(today)), _date(request, "end", today)
    filters = selectors.RegisterFilters.from_params(request.GET)
    sort = selectors.register_sorting(with_costs=access.may_see_costs(request.user)).from_request(request)
    devices = sort.apply(selectors.register(request.user, filters))
    orders = (
        WorkOrder.objects.planned()
        .exclude(status=WorkOrderStatus.CANCELLED)
        .filter(equipment__in=devices.values("pk"), due_date__gte=start, due_date__lte=end)
        .select_related("equipment", "equipment__department")
        .order_by("due_date", "id")
    )
    return _xlsx(exports.compliance_workbook(orders, start=start, end=end), "maintenance-compliance")
