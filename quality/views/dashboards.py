"""The safety-events dashboard: Pareto, harm, rates per 1,000 patient-days, near-miss share."""

from django.shortcuts import render
from django.utils import timezone

from hospital.forms import department_tree_choices
from hospital.periods import month_periods
from hospital.permissions import role_required
from quality import access, selectors

TABLE_MONTHS = 6


@role_required(*access.DASHBOARD_ROLES)
def dashboard(request):
    """Pareto by category, harm distribution, rates per 1,000 patient-days, near-miss share."""
    department, choices = access.dashboard_scope(request.user, request.GET.get("department", ""))
    periods = month_periods(timezone.localdate(), 12)
    wards = [d for d in choices if d.staffed_beds and (department is None or d.path.startswith(department.path))]
    recent = periods[-TABLE_MONTHS:]
    # Read from the monthly summaries; the department is one the user sees whole.
    numbers = selectors.safety_dashboard(department, periods, wards, recent)
    monthly = numbers["monthly"]
    context = {
        "department": department,
        "departments": department_tree_choices(choices),
        "show_all": access.may_see_whole_hospital(request.user),
        "labels": selectors.period_labels(periods),
        "recent_labels": selectors.period_labels(recent),
        "monthly": monthly,
        "per_1000": [r["per_1000"] for r in monthly],
        "near_miss_share": [r["near_miss_share"] for r in monthly],
        "pareto": numbers["pareto"],
        "harms": numbers["harms"],
        "by_department": numbers["by_department"],
        "totals": {
            "events": sum(r["all"] for r in monthly),
            "near_misses": sum(r["near_miss"] for r in monthly),
        },
    }
    return render(request, "quality/dashboard.html", context)
