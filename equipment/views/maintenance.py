"""The maintenance calendar (the next four weeks), the overdue list, and plans."""

import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from equipment import access, forms, selectors, services
from equipment.models import MaintenancePlan
from equipment.views.devices import visible_device
from hospital.errors import DomainError
from hospital.forms import add_domain_error
from hospital.pagination import paginate
from hospital.permissions import role_required

CALENDAR_DAYS = 28
# Checks shown in each week of the calendar; the whole week is on its own paginated page.
CALENDAR_CARDS = 25


def _week(today: dt.date, week: int) -> tuple[dt.date, dt.date]:
    start = today + dt.timedelta(days=7 * week)
    return start, start + dt.timedelta(days=6)


@role_required(*access.MANAGERS)
def maintenance(request):
    """Checks due in the next four weeks, by week (each week's count and its first checks,
    read by date range), and the overdue ones (paginated)."""
    today = timezone.localdate()
    per_day = selectors.calendar_counts(request.user, start=today, end=today + dt.timedelta(days=CALENDAR_DAYS - 1))
    weeks = []
    for week in range(CALENDAR_DAYS // 7):
        start, end = _week(today, week)
        count = sum(n for day, n in per_day.items() if start <= day <= end)
        plans = list(selectors.plans_due(request.user, start=start, end=end)[:CALENDAR_CARDS]) if count else []
        weeks.append({"number": week, "start": start, "end": end, "plans": plans, "count": count})
    overdue = paginate(request, selectors.plans_overdue(request.user, today=today))
    context = {"weeks": weeks, "page_obj": overdue, "overdue": overdue, "today": today}
    return render(request, "equipment/maintenance.html", context)


@role_required(*access.MANAGERS)
def maintenance_week(request, week):
    """Every check due in one week of the calendar (0 = the seven days from today), paginated."""
    if week >= CALENDAR_DAYS // 7:
        raise Http404
    today = timezone.localdate()
    start, end = _week(today, week)
    page = paginate(request, selectors.plans_due(request.user, start=start, end=end))
    return render(request, "equipment/maintenance_week.html", {"page_obj": page, "start": start, "end": end})


@role_required(*access.MANAGERS)
def plan_create(request, asset_tag):
    device = visible_device(request, asset_tag)
    form = forms.PlanForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.create_plan(
                    user=request.user,
                    equipment=device,
                    kind=data["kind"],
                    interval_value=data["interval_value"],
                    interval_unit=data["interval_unit"],
                    first_due=data["first_due"],
                    checklist_steps=form.steps(),
                    engineer=data["engineer"],
                )
            except DomainError as error:
                add_domain_error(form, error)
                status = error.status_code
            else:
                messages.success(request, _("Plan saved."))
                return redirect(device)
        else:
            status = 400
    return render(request, "equipment/plan_form.html", {"form": form, "device": device}, status=status)


@role_required(*access.MANAGERS)
@require_POST
def raise_order(request, pk):
    plan = get_object_or_404(MaintenancePlan.objects.visible_to(request.user).select_related("equipment"), pk=pk)
    try:
        order = services.raise_planned_order(user=request.user, plan=plan)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(plan.equipment)
    messages.success(request, _("Work order %(reference)s opened.") % {"reference": order.reference})
    return redirect(order)
