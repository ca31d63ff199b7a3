"""Planning pages: purchase suggestions (turned into draft orders) and expiry risk."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hospital.errors import DomainError
from hospital.pagination import paginate
from inventory import access, planning, selectors, services
from inventory.models import Store, Supplier

MAX_HORIZON = 365


def _horizon(request) -> int:
    value = request.GET.get("horizon", "")
    return min(int(value), MAX_HORIZON) if value.isdigit() else planning.DEFAULT_HORIZON_DAYS


def _cap(request) -> Decimal | None:
    try:
        cap = Decimal(request.GET.get("cap", "").strip())
    except InvalidOperation:
        return None
    return cap if cap.is_finite() and cap >= 0 else None


@login_required
def purchase_suggestions(request):
    stores = list(Store.objects.kept_by(request.user).filter(is_active=True).exclude(kind="ward"))
    if not stores:
        raise PermissionDenied
    chosen = next((s for s in stores if str(s.pk) == request.GET.get("store")), stores[0])
    horizon, cap = _horizon(request), _cap(request)
    lines = selectors.purchase_suggestions(chosen, horizon_days=horizon, cap=cap)
    if request.method == "POST":
        picked = set(request.POST.getlist("item"))
        suppliers = {
            s.pk: s for s in Supplier.objects.filter(pk__in={line["supplier"][0] for line in lines if line["supplier"]})
        }
        order_lines = [
            (
                line["item"],
                line["suggestion"].packs,
                line["suggestion"].cost / line["suggestion"].units,
                suppliers.get(line["supplier"][0]) if line["supplier"] else None,
            )
            for line in lines
            if str(line["item"].pk) in picked
        ]
        try:
            orders = services.create_draft_orders(user=request.user, store=chosen, lines=order_lines)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(count)s draft orders made: %(numbers)s.")
                % {"count": len(orders), "numbers": ", ".join(o.number for o in orders)},
            )
            return redirect(request.get_full_path())
    return render(
        request,
        "inventory/purchase_suggestions.html",
        {
            "lines": lines,
            "stores": [(s.pk, s.name) for s in stores],
            "store": chosen,
            "horizon": horizon,
            "cap": cap,
            "total": sum((line["suggestion"].cost for line in lines if line["within_cap"]), Decimal(0)),
            "show_values": access.may_see_values(request.user),
        },
    )


@login_required
def expiry_risk(request):
    store = request.GET.get("store", "").strip()
    days = request.GET.get("days", "")
    horizon = min(int(days), MAX_HORIZON) if days.isdigit() else selectors.RISK_HORIZON_DAYS
    run = services.fresh_expiry_risks()
    risks = selectors.expiry_risks(request.user, run, store=store, horizon_days=horizon)
    page = paginate(request, risks)
    return render(
        request,
        "inventory/expiry_risk.html",
        {
            "page_obj": page,
            "risks": page,
            "horizon": horizon,
            "store": store,
            "stores": Store.objects.visible_to(request.user).values_list("pk", "name"),
            "show_values": access.may_see_values(request.user),
            "total": risks.aggregate(total=Sum("value_at_risk"))["total"] or Decimal(0),
            "computed_at": run.computed_at,
        },
    )
