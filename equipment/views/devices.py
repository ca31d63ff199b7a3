"""The register and the device page: its lifecycle steps, acceptance test, plans and timeline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from equipment import access, forms, selectors, services
from equipment.models import Category, Equipment, EquipmentStatus, MaintenancePlan, RiskClass
from equipment.services.lifecycle import DEVICE_FIELDS, REASON_REQUIRED, STEP_LABELS
from hospital.access import visible_departments
from hospital.errors import DomainError
from hospital.forms import add_domain_error
from hospital.pagination import paginate
from hospital.permissions import role_required


def _filter_context(request) -> dict:
    return {
        "categories": Category.choices,
        "statuses": EquipmentStatus.choices,
        "risks": RiskClass.choices,
        "due_choices": [("soon", _("Due soon")), ("overdue", _("Overdue"))],
        "departments": visible_departments(request.user, wide_roles=access.HOSPITAL_WIDE).values_list("pk", "name"),
    }


@login_required
def device_list(request):
    """The register: devices the user may see, searched and filtered in SQL, paginated."""
    filters = selectors.RegisterFilters.from_params(request.GET)
    sort = selectors.register_sorting(with_costs=access.may_see_costs(request.user)).from_request(request)
    page = paginate(request, sort.apply(selectors.register(request.user, filters)))
    context = {
        "page_obj": page,
        "devices": page,
        "sort": sort,
        "may_manage": access.may_manage(request.user),
        "show_costs": access.may_see_costs(request.user),
        "today": timezone.localdate(),
        **_filter_context(request),
    }
    return render(request, "equipment/device_list.html", context)


def visible_device(request, asset_tag) -> Equipment:
    try:
        return selectors.device_page(request.user, asset_tag)
    except Equipment.DoesNotExist:
        raise Http404 from None


@login_required
def device_detail(request, asset_tag):
    return _device_page(request, asset_tag)


def _device_page(request, asset_tag, *, bound: dict | None = None, status: int = 200):
    bound = bound or {}
    device = visible_device(request, asset_tag)
    user = request.user
    plans = (
        MaintenancePlan.objects.filter(equipment=device).select_related("engineer").order_by("-is_active", "next_due")
    )
    steps = services.allowed_steps(device, user)
    context = {
        "device": device,
        "plans": plans,
        "acceptance_tests": device.acceptance_tests.select_related("tested_by")[:10],
        "timeline": selectors.device_timeline(device),
        "steps": [(step, STEP_LABELS[step], step in REASON_REQUIRED) for step in steps],
        "step_form": bound.get("step") or forms.StepForm(),
        "acceptance_form": bound.get("acceptance") or forms.AcceptanceTestForm(),
        "may_manage": access.may_manage(user),
        "may_open_orders": access.may_open_work_orders(user),
        "may_report": access.may_report_fault(user, device),
        "show_costs": access.may_see_costs(user),
        "in_acceptance": device.status == EquipmentStatus.ACCEPTANCE_TESTING,
    }
    return render(request, "equipment/device_detail.html", context, status=status)


@role_required(*access.MANAGERS)
@require_POST
def device_step(request, asset_tag, step):
    """One lifecycle step from the device page; the service decides whether it is allowed."""
    device = visible_device(request, asset_tag)
    if step not in services.TRANSITIONS:
        raise Http404
    form = forms.StepForm(request.POST)
    if not form.is_valid():
        return _device_page(request, asset_tag, bound={"step": form}, status=400)
    try:
        services.move_equipment(
            equipment=device,
            user=request.user,
            step=step,
            reason=form.cleaned_data["reason"],
            on=form.cleaned_data["on"],
        )
    except DomainError as error:
        messages.error(request, error.message)
        return _device_page(request, asset_tag, bound={"step": form}, status=error.status_code)
    messages.success(request, _("Device status changed."))
    return redirect(device)


@role_required(*access.MANAGERS)
@require_POST
def acceptance_test(request, asset_tag):
    device = visible_device(request, asset_tag)
    form = forms.AcceptanceTestForm(request.POST)
    if not form.is_valid():
        return _device_page(request, asset_tag, bound={"acceptance": form}, status=400)
    try:
        test = services.record_acceptance_test(
            equipment=device,
            user=request.user,
            checklist_results=form.checklist_results(),
            electrical_safety_passed=form.cleaned_data["electrical_safety_passed"],
            notes=form.cleaned_data["notes"],
        )
    except DomainError as error:
        messages.error(request, error.message)
        return _device_page(request, asset_tag, bound={"acceptance": form}, status=error.status_code)
    if test.passed:
        messages.success(request, _("Acceptance test passed: the device may be put into service."))
    else:
        messages.warning(request, _("Acceptance test failed: the device cannot enter service."))
    return redirect(device)


@role_required(*access.MANAGERS)
def device_create(request):
    form = forms.DeviceForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in DEVICE_FIELDS}
            try:
                device = services.register_equipment(
                    user=request.user, asset_tag=form.cleaned_data["asset_tag"], **data
                )
            except DomainError as error:
                add_domain_error(form, error)
                status = error.status_code
            else:
                messages.success(request, _("Device added to the register as ordered."))
                return redirect(device)
        else:
            status = 400
    return render(request, "equipment/device_form.html", {"form": form, "device": None}, status=status)


@role_required(*access.MANAGERS)
def device_edit(request, asset_tag):
    device = visible_device(request, asset_tag)
    form = forms.DeviceForm(request.POST or None, instance=device)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in DEVICE_FIELDS}
            try:
                services.update_equipment(user=request.user, equipment=device, **data)
            except DomainError as error:
                add_domain_error(form, error)
                status = error.status_code
            else:
                messages.success(request, _("Device saved."))
                return redirect(device)
        else:
            status = 400
    return render(request, "equipment/device_form.html", {"form": form, "device": device}, status=status)
