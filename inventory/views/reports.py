"""Reports: stock balance by store, item and lot with value; expiry by band."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from hospital import metric_registry
from hospital.pagination import paginate
from hospital.periods import month_periods
from hospital.views.dashboard import stored_series_or_queue
from inventory import access, selectors
from inventory.models import Store
from inventory.views.filters import BALANCE_SORTING, expiry_days, report_filters


@login_required
def balance_report(request):
    filters = report_filters(request)
    sort = BALANCE_SORTING.from_request(request)
    rows = sort.apply(selectors.balances(request.user, **filters))
    show_values = access.may_see_values(request.user)
    page = paginate(request, rows)
    return render(
        request,
        "inventory/balance_report.html",
        {
            "page_obj": page,
            "rows": page,
            "sort": sort,
            "filters": filters,
            "stores": Store.objects.visible_to(request.user).values_list("pk", "name"),
            "show_values": show_values,
            "total_value": selectors.balances_total(request.user, **filters) if show_values else None,
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


KPI_KEYS = (
    "inventory.days_on_hand",
    "inventory.turnover",
    "inventory.stock_value",
    "inventory.consumption_cost",
    "inventory.value_expiring_30",
    "inventory.value_expiring_90",
    "inventory.expiry_write_off_value",
)


@login_required
def kpis(request):
    """Twelve months and this month of the inventory KPIs for the whole hospital, from the
    metric series stored for the dashboard."""
    if not access.sees_every_store(request.user):
        raise PermissionDenied
    # the stored series the dashboard reads (a background task computes them): the ledger
    # behind days on hand and turnover is too large to read during a request
    periods = metric_registry.dashboard_periods(timezone.localdate())
    stored = stored_series_or_queue(None, periods)
    counts = selectors.expiry_band_counts(request.user)
    bands = [
        {"days": selectors.EXPIRED, "label": _("Expired"), "colour": "dark"},
        *(
            {"days": str(days), "label": _("Within %(days)s days") % {"days": days}, "colour": colour}
            for days, colour in zip(selectors.EXPIRY_BANDS, ("danger", "warning", "secondary"), strict=True)
        ),
    ]
    for band in bands:
        key = "expired" if band["days"] == selectors.EXPIRED else band["days"]
        band["count"], band["value"] = counts[f"count_{key}"], counts[f"value_{key}"]
    charts = []
    for key in KPI_KEYS:
        metric = metric_registry.get_metric(key)
        values = stored.values.get(key) if stored else None
        charts.append(
            {
                "metric": metric,
                "values": values or [],
                "pending": values is None,
                "latest": next((v for v in reversed(values or []) if v is not None), None),
            }
        )
    return render(
        request,
        "inventory/kpis.html",
        {
            "charts": charts,
            "labels": [f"{start:%Y-%m}" for start, _end in periods],
            "bands": bands,
            "show_values": access.may_see_values(request.user),
            "computed_at": stored.computed_at if stored else None,
        },
    )
