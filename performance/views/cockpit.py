"""The department cockpit: one page with the whole of a department's operations for its
head (administrators and finance open any department's). Every app's KPIs come from the
metric registry, grouped by app, each with its trend and a link to the page behind it;
the department's cost against budget comes from this app. The number of queries does not
depend on the department's size (the metric series are cached, as on the dashboard)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hospital import metric_registry
from hospital.charts import MetricCard
from hospital.models import Department
from hospital.periods import month_periods
from performance import access, selectors

# The cockpit's sections, in the order a head reads them: the app label of the metrics shown.
SECTIONS = [
    ("okr", _("Goals (OKR)")),
    ("performance", _("Cost")),
    ("hospital", _("Activity")),
    ("inventory", _("Drugs and consumables")),
    ("equipment", _("Equipment")),
    ("staffing", _("Staffing")),
    ("quality", _("Safety and quality")),
]


def _card_url(metric, department) -> str:
    if not metric.url_name:
        return ""
    try:
        return f"{reverse(metric.url_name)}?department={department.pk}"
    except NoReverseMatch:
        return ""


@login_required
def cockpit_index(request):
    """The departments whose cockpit the user may open; a head with one goes straight to it."""
    access.require_read(request.user)
    departments = list(access.reporting_departments(request.user))
    if len(departments) == 1:
        return redirect("performance:cockpit", pk=departments[0].pk)
    return render(request, "performance/cockpit_index.html", {"departments": departments})


@login_required
def cockpit(request, pk):
    access.require_read(request.user)
    department = Department.objects.filter(pk=pk, is_active=True).first()
    if department is None or not access.may_view_department(request.user, department):
        raise Http404
    periods = month_periods(timezone.localdate(), 13)
    by_app: dict[str, list[MetricCard]] = {}
    for metric in metric_registry.all_metrics():
        values = metric_registry.series(metric.key, department, periods)
        card = MetricCard(
            metric=metric, values=values[:-1], month_to_date=values[-1], url=_card_url(metric, department)
        )
        by_app.setdefault(metric.app_label, []).append(card)
    sections = [(label, by_app[app]) for app, label in SECTIONS if by_app.get(app)]
    sections += [(app, cards) for app, cards in by_app.items() if app not in dict(SECTIONS)]
    months = periods[:-1]
    figures = selectors.department_figures([department], months)[department.pk]
    cost_rows = [
        {"month": start, "budget": f.budget, "actual": f.direct_cost, "variance_percent": f.variance_percent}
        for (start, _end), f in zip(months, figures, strict=True)
    ]
    context = {"department": department, "sections": sections, "cost_rows": cost_rows, "last_month": periods[-2][0]}
    return render(request, "performance/cockpit.html", context)
