"""A single cost or revenue entry typed by finance: one form per kind, one service call.
A closed month is refused with the services' message (409) and nothing is written."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hospital.errors import DomainError
from hospital.forms import add_domain_error
from hospital.permissions import role_required
from performance import access, services
from performance.forms import CostEntryForm, RevenueEntryForm

KINDS = {
    "cost": (CostEntryForm, services.record_cost_entry, gettext_lazy("New cost entry")),
    "revenue": (RevenueEntryForm, services.record_revenue_entry, gettext_lazy("New revenue entry")),
}


def _entry_form(request, kind: str):
    form_class, record, title = KINDS[kind]
    form = form_class(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                entry = record(user=request.user, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
                status = error.status_code
            else:
                messages.success(
                    request,
                    _("Saved: %(amount)s for %(department)s in %(month)s.")
                    % {"amount": f"{entry.amount:,}", "department": entry.department, "month": f"{entry.month:%Y-%m}"},
                )
                return redirect(request.path)
        else:
            status = 400
    return render(request, "performance/entry_form.html", {"form": form, "title": title}, status=status)


@role_required(*access.MANAGERS)
def new_cost_entry(request):
    return _entry_form(request, "cost")


@role_required(*access.MANAGERS)
def new_revenue_entry(request):
    return _entry_form(request, "revenue")
