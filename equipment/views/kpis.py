"""The KPI page (charts by month, department and category) and the failure-risk list."""

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.shortcuts import render

from equipment import access, risk_ranking, selectors
from equipment.models import Category, Equipment
from hospital.metric_registry import SERIES_CACHE_SECONDS
from hospital.pagination import paginate
from hospital.permissions import role_required

# How often beat refreshes the stored ranking (settings.CELERY_BEAT_SCHEDULE), as the page says.
RISK_REFRESH_MINUTES = 5


@login_required
def kpis(request):
    """Intact rate, availability, PM on time, response time, MTTR and MTBF by month; the intact
    rate now by department and category; costs and depreciation for those who see costs."""
    department, choices = access.kpi_scope(request.user, request.GET.get("department", ""))
    periods = selectors.kpi_periods()
    # A year of the whole hospital's history is read once every few minutes, as the dashboard's
    # metric series are (hospital.metric_registry.SERIES_CACHE_SECONDS).
    key = f"equipment:kpi-rows:{department.pk if department else 'all'}:{periods[-1][1]}"
    status_rows, work_rows, depreciation_rows = cache.get_or_set(
        key,
        lambda: (
            selectors.status_rows_by_period(department, periods),
            selectors.work_rows_by_period(department, periods),
            selectors.depreciation_by_period(department, periods),
        ),
        SERIES_CACHE_SECONDS,
    )
    devices = Equipment.objects.in_department(department)
    labels = [start.strftime("%Y-%m") for start, _end in periods]
    category_labels = dict(Category.choices)
    by_category = [
        {"label": category_labels.get(row["key"], row["key"]), "count": row["rate"] or 0}
        for row in selectors.intact_by(devices, "category")
    ]
    by_department = [
        {"label": row["key"], "count": row["rate"] or 0} for row in selectors.intact_by(devices, "department__name")
    ]
    now, work_now = status_rows[-1], work_rows[-1]
    show_costs = access.may_see_costs(request.user)
    context = {
        "department": department,
        "choices": choices,
        "show_all": access.may_see_whole_hospital(request.user),
        "labels": labels,
        "intact": [r["intact_rate"] for r in status_rows],
        "availability": [r["availability"] for r in status_rows],
        "pm_on_time": [r["pm_on_time"] for r in work_rows],
        "pm_on_time_high_risk": [r["pm_on_time_high_risk"] for r in work_rows],
        "response": [r["mean_response_hours"] for r in work_rows],
        "mttr": [r["mttr_hours"] for r in work_rows],
        "mtbf": [r["mtbf_hours"] for r in status_rows],
        "now": now,
        "work_now": work_now,
        "by_category": by_category,
        "by_department": by_department,
        "show_costs": show_costs,
        "costs": [r["maintenance_cost"] for r in work_rows] if show_costs else [],
        "depreciation": [r["depreciation"] for r in depreciation_rows] if show_costs else [],
    }
    return render(request, "equipment/kpis.html", context)


@role_required(*access.MANAGERS)
def failure_risk(request):
    """Devices in use ranked by failure risk over the next 30 days, with the reasons.

    The ranking is stored by a Celery beat task (equipment.risk_ranking); a page reads its
    slice by position and scores only its own devices for their reasons."""
    computed_now = risk_ranking.ensure_stored()
    page = paginate(request, selectors.stored_failure_risk(request.user))
    rows = selectors.stored_risk_rows(list(page))
    computed_at = page[0].computed_at if rows else selectors.failure_risk_computed_at()
    context = {
        "page_obj": page,
        "rows": rows,
        "computed_at": computed_at,
        "computed_now": computed_now,
        "minutes": RISK_REFRESH_MINUTES,
    }
    return render(request, "equipment/failure_risk.html", context)
