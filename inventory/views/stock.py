"""Stock forms: receive a delivery line, issue to a department. Scan field first."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hospital.errors import DomainError
from hospital.forms import add_domain_error
from inventory import access, forms, services


def _require_keeper(user):
    if not access.may_keep_any_store(user):
        raise PermissionDenied


@login_required
def issue_stock(request):
    _require_keeper(request.user)
    form = forms.IssueForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            movements = services.issue(
                user=request.user,
                store=data["store"],
                item=data["item"],
                quantity=data["quantity"],
                department=data["department"],
                second_signatory=data["second_signatory"],
                reference=data["reference"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            lots = ", ".join(f"{m.lot.number} × {-m.quantity}" for m in movements)
            messages.success(
                request,
                _("Issued %(quantity)s of %(item)s to %(department)s (lots %(lots)s).")
                % {
                    "quantity": data["quantity"],
                    "item": data["item"],
                    "department": data["department"].name,
                    "lots": lots,
                },
            )
            return redirect("inventory:issue")
    return render(request, "inventory/issue_form.html", {"form": form})


@login_required
def receive_stock(request):
    _require_keeper(request.user)
    form = forms.ReceiptForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        line = services.ReceiptLineInput(
            item=data["item"],
            lot_number=data["lot_number"],
            expiry=data["expiry"],
            quantity_accepted=data["quantity_accepted"],
            quantity_rejected=data["quantity_rejected"] or 0,
            rejection_reason=data["rejection_reason"],
            unit_cost=data["unit_cost"],
            shelf_life_override=data["shelf_life_override"],
        )
        try:
            services.receive(
                user=request.user,
                store=data["store"],
                lines=[line],
                supplier=data["supplier"],
                delivery_note=data["delivery_note"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Received %(quantity)s of %(item)s into %(store)s.")
                % {"quantity": data["quantity_accepted"], "item": data["item"], "store": data["store"].name},
            )
            return redirect("inventory:receive")
    return render(request, "inventory/receipt_form.html", {"form": form})


@login_required
def transfer_stock(request):
    _require_keeper(request.user)
    form = forms.TransferForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.transfer(
                user=request.user,
                source=data["source"],
                destination=data["destination"],
                item=data["item"],
                quantity=data["quantity"],
                reference=data["reference"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Moved %(quantity)s of %(item)s to %(store)s.")
                % {"quantity": data["quantity"], "item": data["item"], "store": data["destination"].name},
            )
            return redirect("inventory:transfer")
    return render(request, "inventory/transfer_form.html", {"form": form})
