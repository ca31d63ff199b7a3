"""Stock forms: receive a delivery line, issue to a department, transfer. Scan field first;
every rule is the service's, shown on the form when it refuses."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hospital.errors import DomainError
from hospital.forms import add_domain_error
from inventory import access, forms, services


def _stock_form_page(request, form_class, template, act):
    """The page of a stock form: on a valid POST `act(data)` calls one service and returns
    the success message; a refusal is shown on the form and nothing is written."""
    if not access.may_keep_any_store(request.user):
        raise PermissionDenied
    form = form_class(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            message = act(form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, message)
            return redirect(request.path)
    return render(request, template, {"form": form})


@login_required
def issue_stock(request):
    def act(data):
        movements = services.issue(
            user=request.user,
            store=data["store"],
            item=data["item"],
            quantity=data["quantity"],
            department=data["department"],
            second_signatory=data["second_signatory"],
            reference=data["reference"],
        )
        return _("Issued %(quantity)s of %(item)s to %(department)s (lots %(lots)s).") % {
            "quantity": data["quantity"],
            "item": data["item"],
            "department": data["department"].name,
            "lots": ", ".join(f"{m.lot.number} × {-m.quantity}" for m in movements),
        }

    return _stock_form_page(request, forms.IssueForm, "inventory/issue_form.html", act)


@login_required
def receive_stock(request):
    def act(data):
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
        services.receive(
            user=request.user,
            store=data["store"],
            lines=[line],
            supplier=data["supplier"],
            delivery_note=data["delivery_note"],
        )
        return _("Received %(quantity)s of %(item)s into %(store)s.") % {
            "quantity": data["quantity_accepted"],
            "item": data["item"],
            "store": data["store"].name,
        }

    return _stock_form_page(request, forms.ReceiptForm, "inventory/receipt_form.html", act)


@login_required
def transfer_stock(request):
    def act(data):
        services.transfer(
            user=request.user,
            source=data["source"],
            destination=data["destination"],
            item=data["item"],
            quantity=data["quantity"],
            reference=data["reference"],
        )
        return _("Moved %(quantity)s of %(item)s to %(store)s.") % {
            "quantity": data["quantity"],
            "item": data["item"],
            "store": data["destination"].name,
        }

    return _stock_form_page(request, forms.TransferForm, "inventory/transfer_form.html", act)
