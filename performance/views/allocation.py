"""The allocation page: runs (newest first), running one, collecting a month, closing it;
and one run's drivers, matrix and conservation check. Finance and administrators only:
a run shows every department's figures."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hospital.errors import DomainError
from hospital.forms import add_domain_error
from hospital.pagination import paginate
from hospital.permissions import role_required
from performance import access, services
from performance.forms import AllocationRunForm, MonthForm
from performance.models import AllocationRun, MonthClose


def _allocation_page(request, *, run_form=None, collect_form=None, status=200):
    runs = AllocationRun.objects.select_related("run_by").defer("matrix").order_by("-month", "-run_at", "-id")
    page = paginate(request, runs)
    closed = set(MonthClose.objects.filter(month__in=[r.month for r in page]).values_list("month", flat=True))
    context = {
        "page_obj": page,
        "closed": closed,
        "run_form": run_form or AllocationRunForm(),
        "collect_form": collect_form or MonthForm(),
    }
    return render(request, "performance/allocation.html", context, status=status)


@role_required(*access.MANAGERS)
def allocation(request):
    return _allocation_page(request)


@require_POST
@role_required(*access.MANAGERS)
def run_allocation(request):
    form = AllocationRunForm(request.POST)
    if not form.is_valid():
        return _allocation_page(request, run_form=form, status=400)
    try:
        run = services.run_allocation(
            month=form.cleaned_data["month"], method=form.cleaned_data["method"], user=request.user
        )
    except DomainError as error:
        add_domain_error(form, error)
        return _allocation_page(request, run_form=form, status=error.status_code)
    messages.success(request, _("Allocation run: %(total)s before and after.") % {"total": f"{run.total_after:,}"})
    return redirect("performance:run_detail", pk=run.pk)


@require_POST
@role_required(*access.MANAGERS)
def collect(request):
    form = MonthForm(request.POST)
    if not form.is_valid():
        return _allocation_page(request, collect_form=form, status=400)
    try:
        result = services.collect_month(month=form.cleaned_data["month"], user=request.user)
    except DomainError as error:
        add_domain_error(form, error)
        return _allocation_page(request, collect_form=form, status=error.status_code)
    messages.success(
        request,
        _("%(month)s collected: %(count)d entries from inventory, equipment and staffing.")
        % {"month": f"{result.month:%Y-%m}", "count": result.created},
    )
    return redirect("performance:allocation")


@require_POST
@role_required(*access.MANAGERS)
def close_month(request, pk):
    run = get_object_or_404(AllocationRun.objects.defer("matrix"), pk=pk)
    try:
        services.close_month(month=run.month, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return _run_page(request, pk, status=error.status_code)
    messages.success(request, _("%(month)s is closed.") % {"month": f"{run.month:%Y-%m}"})
    return redirect("performance:run_detail", pk=pk)


def run_table(run: AllocationRun) -> dict:
    """The stored matrix as rows a page and an export show: one row per department with its
    direct cost, what each support department sent it, and its total after allocation."""
    matrix = run.matrix
    names = matrix.get("names", {})
    steps = matrix.get("steps", [])
    rows = []
    for key in matrix.get("departments", []):
        shares = []
        for step in steps:
            if step["source"] == key:
                shares.append(-Decimal(step["amount"]))
            else:
                shares.append(Decimal(step["shares"].get(key, "0.00")))
        rows.append(
            {
                "code": names.get(key, {}).get("code", key),
                "name": names.get(key, {}).get("name", key),
                "direct": Decimal(matrix["direct"][key]),
                "shares": shares,
                "final": Decimal(matrix["final"][key]),
            }
        )
    sources = [names.get(step["source"], {}).get("name", step["source"]) for step in steps]
    drivers = [
        {
            "source": names.get(source, {}).get("name", source),
            "values": [(names.get(k, {}).get("name", k), Decimal(v)) for k, v in values.items()],
        }
        for source, values in matrix.get("drivers", {}).items()
    ]
    return {"rows": rows, "sources": sources, "drivers": drivers}


def _run_page(request, pk, *, status=200):
    if not access.may_see_allocation(request.user):
        raise PermissionDenied
    run = get_object_or_404(AllocationRun.objects.select_related("run_by"), pk=pk)
    context = {"run": run, "table": run_table(run), "is_closed": services.is_closed(run.month)}
    return render(request, "performance/run_detail.html", context, status=status)


@role_required(*access.MANAGERS)
def run_detail(request, pk):
    return _run_page(request, pk)
