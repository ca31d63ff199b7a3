"""Requisitions: a ward raises one, the supplying store sends, the ward confirms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hospital.errors import DomainError
from hospital.forms import add_domain_error
from hospital.pagination import paginate
from inventory import access, forms, services
from inventory.models import Requisition, RequisitionStatus
from inventory.services.requisitions import TRANSITIONS


@login_required
def requisition_list(request):
    requisitions = Requisition.objects.visible_to(request.user).select_related("ward", "supplier", "raised_by")
    status = request.GET.get("status", "")
    if status in RequisitionStatus.values:
        requisitions = requisitions.filter(status=status)
    page = paginate(request, requisitions)
    return render(
        request,
        "inventory/requisition_list.html",
        {
            "page_obj": page,
            "requisitions": page,
            "statuses": RequisitionStatus.choices,
            "may_raise": access.requisition_wards(request.user).exists(),
        },
    )


@login_required
def requisition_new(request):
    if not access.requisition_wards(request.user).exists():
        raise PermissionDenied
    form = forms.RequisitionForm(request.POST or None, user=request.user)
    lines = forms.RequisitionLineFormSet(request.POST or None, prefix="lines")
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        wanted = [(line["item"], line["quantity"]) for line in lines.cleaned_data if line.get("item")]
        try:
            requisition = services.raise_requisition(
                user=request.user, ward=form.cleaned_data["ward"], lines=wanted, note=form.cleaned_data["note"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Requisition %(number)s sent.") % {"number": requisition})
            return redirect(requisition)
    return render(request, "inventory/requisition_form.html", {"form": form, "lines": lines})


def _visible_requisition(request, pk) -> Requisition:
    return get_object_or_404(
        Requisition.objects.visible_to(request.user).select_related("ward__department", "supplier", "raised_by"), pk=pk
    )


@login_required
def requisition_detail(request, pk):
    requisition = _visible_requisition(request, pk)
    may_fulfil = requisition.status in TRANSITIONS["fulfil"] and access.may_fulfil_requisition(
        request.user, requisition
    )
    fulfil_form = forms.FulfilForm(requisition=requisition) if may_fulfil else None
    return render(request, "inventory/requisition_detail.html", _detail_context(request, requisition, fulfil_form))


def _detail_context(request, requisition, fulfil_form):
    return {
        "requisition": requisition,
        "lines": requisition.lines.select_related("item"),
        "fulfil_form": fulfil_form,
        "may_confirm": requisition.status in TRANSITIONS["confirm"]
        and access.may_confirm_requisition(request.user, requisition),
    }


@require_POST
@login_required
def requisition_fulfil(request, pk):
    requisition = _visible_requisition(request, pk)
    form = forms.FulfilForm(request.POST, requisition=requisition)
    if form.is_valid():
        try:
            services.fulfil_requisition(
                user=request.user, requisition=requisition, quantities=form.quantities(), serials=form.serials()
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Stock sent to %(ward)s.") % {"ward": requisition.ward.name})
            return redirect(requisition)
    return render(request, "inventory/requisition_detail.html", _detail_context(request, requisition, form))


@require_POST
@login_required
def requisition_confirm(request, pk):
    requisition = _visible_requisition(request, pk)
    try:
        services.confirm_requisition(user=request.user, requisition=requisition)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Receipt confirmed."))
    return redirect(requisition)
