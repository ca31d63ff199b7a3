"""The reports: the cost dashboard, budget against actual with its drill-down, and the KPIs.

Each reads the same filters as its export (forms.ReportFilterForm) and only what
`visible_to(user)` gives: finance and administrators every department, a head their own.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from hospital.models import Department
from hospital.pagination import paginate
from performance import access, downloads, selectors
from performance.models import CostCategory

TOP_DEPARTMENTS = 15  # the dashboard's bar chart; the table lists all


def report_filters(request, *, default_months: int = 12):
    """(form, first, last, department) for a report page (the export reads the same)."""
    return downloads.report_filters(request.user, request.GET, default_months=default_months)


@login_required
def costs(request):
    """Direct costs by category, by department and per month (the cost dashboard)."""
    form, first, last, department = report_filters(request)
    overview = selectors.cost_overview(request.user, first=first, last=last, department=department)
    context = {
        "form": form,
        "first": first,
        "last": last,
        "department": department,
        "overview": overview,
        "by_category": [{"label": c.name, "count": total} for c, total in overview.by_category if total],
        "by_department": [{"label": d.name, "count": total} for d, total in overview.by_department[:TOP_DEPARTMENTS]],
        "trend_labels": [m.strftime("%Y-%m") for m, _t in overview.trend],
        "trend_values": [total for _m, total in overview.trend],
    }
    return render(request, "performance/costs.html", context)


@login_required
def budget(request):
    """Budget against actual by department and category; every cell links to its entries."""
    form, first, last, department = report_filters(request, default_months=1)
    report = selectors.budget_report(request.user, first=first, last=last, department=department)
    return render(request, "performance/budget.html", {"form": form, "report": report, "department": department})


@login_required
def entries(request):
    """The entries behind one cell of the budget report (department, category, months)."""
    _form, first, last, _department = report_filters(request, default_months=1)
    department = _visible_department(request, request.GET.get("cell_department", ""))
    category = None
    if request.GET.get("category"):
        category = CostCategory.objects.filter(pk=_int(request.GET["category"])).first()
        if category is None:
            raise Http404
    rows = selectors.cell_entries(request.user, department=department, category=category, first=first, last=last)
    page = paginate(request, rows)
    context = {"page_obj": page, "department": department, "category": category, "first": first, "last": last}
    return render(request, "performance/entries.html", context)


@login_required
def kpis(request):
    """Each department's KPIs over the months chosen (occupancy, ALOS, turnover, costs per case, margin)."""
    form, first, last, department = report_filters(request, default_months=1)
    rows = selectors.kpi_table(request.user, first=first, last=last, department=department)
    return render(request, "performance/kpis.html", {"form": form, "rows": rows, "first": first, "last": last})


def _int(value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def _visible_department(request, pk: str) -> Department:
    department = Department.objects.filter(pk=_int(pk)).first()
    if department is None or not access.may_view_department(request.user, department):
        raise Http404
    return department


@login_required
def scorecard(request):
    """Wards scored on workload, quality, efficiency and satisfaction for a month, ranked."""
    access.require_read(request.user)
    month = downloads.scorecard_month(request.GET)
    dimensions, rows = selectors.scorecard(request.user, month=month)
    return render(request, "performance/scorecard.html", {"month": month, "dimensions": dimensions, "rows": rows})
