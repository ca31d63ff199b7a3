"""Reports: stock balance by store, item and lot with value; expiry by band."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from hospital.pagination import paginate
from hospital.periods import month_periods
from inventory import access, selectors
from inventory.models import Store
from inventory.views.filters import expiry_days, report_filters


@login_required
def balance_report(request):
    filters = report_filters(request)
    rows = selectors.balances(request.user, **filters)
    show_values = access.may_see_values(request.user)
    page = paginate(request, rows)
    return render(
        request,
        "inventory/balance_report.html",
        {
            "page_obj": page,
            "rows": page,
            "filters": filters,
            "stores": Store.objects.visible_to(request.user).values_list("pk", "name"),
            "show_values": show_values,
            "total_value": selectors.total_value(rows) if show_values else None,
        },
    )


@login_required
def expiry_report(request):
    days = expiry_days(request)
    store = request.GET.get("store", "").strip()
    rows = selectors.expiring(request.user, days=days, store=store)
    page = paginate(request, rows)
    return render(
        request,
        "inventory/expiry_report.html",
        {
            "page_obj": page,
            "rows": page,
            "days": days,
            "bands": selectors.EXPIRY_BANDS,
            "store": store,
            "counts": selectors.expiry_band_counts(request.user, store=store),
            "stores": Store.objects.visible_to(request.user).values_list("pk", "name"),
            "show_values": access.may_see_values(request.user),
        },
    )


CONSUMPTION_MONTHS = 12


def consumption_months():
    return month_periods(timezone.localdate(), CONSUMPTION_MONTHS)


@login_required
def consumption_report(request):
    """Cost issued to each department the user may see, by month (net of returns)."""
    if not access.may_see_consumption(request.user):
        raise PermissionDenied
    months = consumption_months()
    table = selectors.consumption_by_department_month(request.user, months=months)
    return render(
        request,
        "inventory/consumption_report.html",
        {"months": [start for start, _end in months], "rows": table.values()},
    )
