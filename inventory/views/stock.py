"""Stock forms: receive a delivery line, issue to a department, transfer. Scan field first;
every rule is the service's, shown on the form when it refuses."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from hospital.errors import DomainError
from hospital.forms import add_domain_error
from inventory import access, forms, services
from inventory.models import OPEN_ORDER_STATUSES, PurchaseOrder, Store


def _stock_form_page(request, form_class, template, act, extra=None):
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
    return render(request, template, {"form": form, **(extra or {})})


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
            serials=data["serials"],
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
            serials=data["serials"],
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

    open_orders = (
        PurchaseOrder.objects.filter(store__in=Store.objects.kept_by(request.user), status__in=OPEN_ORDER_STATUSES)
        .select_related("store", "supplier")
        .order_by("ordered_on", "id")[:20]
    )
    return _stock_form_page(
        request, forms.ReceiptForm, "inventory/receipt_form.html", act, extra={"open_orders": open_orders}
    )


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
            serials=data["serials"],
        )
        return _("Moved %(quantity)s of %(item)s to %(store)s.") % {
            "quantity": data["quantity"],
            "item": data["item"],
            "store": data["destination"].name,
        }

    return _stock_form_page(request, forms.TransferForm, "inventory/transfer_form.html", act)


@login_required
def receive_order(request, pk):
    """Every line of an open order on one page (a formset): what arrived of each, by lot,
    received in one call of the service — all lines or none, with the API's rules and
    messages ("Line 2: …")."""
    order = get_object_or_404(PurchaseOrder.objects.visible_to(request.user).select_related("store", "supplier"), pk=pk)
    if not access.may_keep(request.user, order.store):
        raise PermissionDenied
    lines = list(order.lines.select_related("item").order_by("id"))
    initial = [
        {"quantity_accepted": max(0, line.packs * line.item.pack_size - line.received_quantity) or None}
        for line in lines
    ]
    formset = forms.OrderReceiptLineFormSet(request.POST or None, initial=initial, prefix="line")
    header = forms.OrderReceiptForm(request.POST or None)
    errors = []
    if request.method == "POST" and formset.is_valid() and header.is_valid() and len(formset.forms) == len(lines):
        delivered = [
            services.ReceiptLineInput(
                item=line.item,
                order_line=line,
                lot_number=form.cleaned_data["lot_number"].strip(),
                expiry=form.cleaned_data["expiry"],
                quantity_accepted=form.cleaned_data["quantity_accepted"] or 0,
                quantity_rejected=form.cleaned_data["quantity_rejected"] or 0,
                rejection_reason=form.cleaned_data["rejection_reason"],
                unit_cost=form.cleaned_data["unit_cost"],
                shelf_life_override=form.cleaned_data["shelf_life_override"],
                serials=form.cleaned_data["serials"],
            )
            for line, form in zip(lines, formset.forms, strict=True)
            if form.is_delivered
        ]
        try:
            receipt = services.receive(
                user=request.user,
                store=order.store,
                order=order,
                lines=delivered,
                delivery_note=header.cleaned_data["delivery_note"],
            )
        except DomainError as error:
            errors.append(error.message)
        else:
            messages.success(
                request,
                _("Received %(count)s lines of order %(number)s.") % {"count": len(delivered), "number": order.number},
            )
            return redirect(reverse("inventory:receive_order", args=[order.pk]) + f"?receipt={receipt.pk}")
    elif request.method == "POST" and len(formset.forms) != len(lines):
        errors.append(_("The order changed while you were entering it: open it again."))
    response = render(
        request,
        "inventory/order_receipt_form.html",
        {
            "order": order,
            "rows": list(zip(lines, formset.forms, strict=False)),
            "formset": formset,
            "header": header,
            "errors": errors,
        },
    )
    if request.method == "POST":
        response.status_code = 400
    return response
