"""The dashboard: metric cards for managers, shortcuts to common tasks for everyone else."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from hospital import metric_registry
from hospital.access import managed_departments
from hospital.forms import DashboardFilterForm
from hospital.navigation import sections_for, shortcuts_for
from hospital.periods import month_periods
from hospital.roles import Role, has_role, is_administrator


@login_required
def dashboard(request):
    """Administrators and department heads: one card per registered metric; others: their shortcuts."""
    user = request.user
    if not (is_administrator(user) or has_role(user, Role.DEPARTMENT_HEAD)):
        context = {"shortcuts": shortcuts_for(user), "sections": sections_for(user)[1:]}
        return render(request, "hospital/landing.html", context)

    departments = managed_departments(user)
    form = DashboardFilterForm(request.GET or None, departments=departments)
    department = form.cleaned_data["department"] if form.is_valid() else None
    if department is None and not is_administrator(user):
        department = departments.order_by("path").first()
        if department is None:
            raise PermissionDenied
    # 12 complete months for the trend and the headline value, plus this month so far
    periods = month_periods(timezone.localdate(), 13)
    cards = []
    for metric in metric_registry.all_metrics():
        values = metric_registry.series(metric.key, department, periods)
        cards.append({"metric": metric, "value": values[-2], "month_to_date": values[-1], "values": values[:-1]})
    return render(
        request,
        "hospital/dashboard.html",
        {
            "cards": cards,
            "form": form,
            "department": department,
            "last_month": periods[-2][0],
            "shortcuts": shortcuts_for(user),
        },
    )
