"""A lot's recall page (who holds it, who was given it, quarantine in one action) and a
store's controlled-drug register."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hospital.errors import DomainError
from hospital.pagination import paginate
from inventory import access, selectors, services
from inventory.models import Lot, Store
from inventory.services.adjustments import may_quarantine


@login_required
def recall(request, pk):
    lot = get_object_or_404(Lot.objects.select_related("item"), pk=pk)
    holdings = selectors.recall_holdings(request.user, lot)
    return render(
        request,
        "inventory/recall.html",
        {
            "lot": lot,
            "rows": holdings,
            "issues": selectors.recall_issues(request.user, lot),
            "serials": selectors.lot_serials(request.user, lot) if lot.item.is_high_value else None,
            "show_values": access.may_see_values(request.user),
            "may_quarantine": may_quarantine(request.user),
            "hide_item": True,
        },
    )


@require_POST
@login_required
def quarantine(request, pk):
    lot = get_object_or_404(Lot, pk=pk)
    quarantined = request.POST.get("action") != "release"
    try:
        services.set_quarantine(
            user=request.user, lot=lot, quarantined=quarantined, reason=request.POST.get("reason", "")
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Lot quarantined.") if quarantined else _("Lot released."))
    return redirect("inventory:recall", pk=lot.pk)


@login_required
def controlled_register(request):
    stores = [s for s in Store.objects.visible_to(request.user) if access.may_see_controlled_register(request.user, s)]
    if not stores:
        raise PermissionDenied
    chosen = next((s for s in stores if str(s.pk) == request.GET.get("store")), stores[0])
    page = paginate(request, selectors.controlled_register(chosen))
    return render(
        request,
        "inventory/controlled_register.html",
        {"page_obj": page, "movements": page, "stores": [(s.pk, s.name) for s in stores], "store": chosen},
    )
