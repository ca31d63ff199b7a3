"""Stocktakes: start a count sheet, count by scan or import a sheet, post the differences."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hospital.errors import DomainError
from hospital.forms import add_domain_error
from hospital.imports import TableImportError
from hospital.pagination import paginate
from inventory import access, forms, services
from inventory.models import Lot, Stocktake, StocktakeStatus, Store


@login_required
def stocktake_list(request):
    stocktakes = Stocktake.objects.visible_to(request.user).select_related("store", "created_by")
    page = paginate(request, stocktakes)
    kept = Store.objects.kept_by(request.user).filter(is_active=True)
    return render(
        request,
        "inventory/stocktake_list.html",
        {"page_obj": page, "stocktakes": page, "kept": kept.values_list("pk", "name")},
    )


@require_POST
@login_required
def stocktake_start(request):
    store = get_object_or_404(Store.objects.visible_to(request.user), pk=request.POST.get("store") or 0)
    try:
        stocktake = services.start_stocktake(user=request.user, store=store)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("inventory:stocktake_list")
    return redirect("inventory:stocktake_detail", pk=stocktake.pk)


def _sheet(request, pk) -> Stocktake:
    return get_object_or_404(Stocktake.objects.visible_to(request.user).select_related("store"), pk=pk)


def _context(request, stocktake, **forms_and_errors):
    lines = stocktake.lines.select_related("lot__item").order_by("lot__item__name", "lot__expiry", "lot_id")
    page = paginate(request, lines, per_page=100)
    editable = stocktake.status == StocktakeStatus.OPEN and access.may_keep(request.user, stocktake.store)
    context = {
        "stocktake": stocktake,
        "page_obj": page,
        "lines": page,
        "editable": editable,
        "counted": stocktake.lines.filter(counted__isnull=False).count(),
        "count_form": forms.CountForm(),
        "import_form": forms.CountImportForm(),
        "post_form": forms.PostStocktakeForm(),
        "import_error": None,
    }
    context.update(forms_and_errors)
    return context


@login_required
def stocktake_detail(request, pk):
    return render(request, "inventory/stocktake_detail.html", _context(request, _sheet(request, pk)))


@require_POST
@login_required
def stocktake_count(request, pk):
    stocktake = _sheet(request, pk)
    form = forms.CountForm(request.POST)
    if form.is_valid():
        lot = Lot.objects.filter(item=form.cleaned_data["item"], number=form.cleaned_data["lot_number"]).first()
        if lot is None:
            form.add_error("lot_number", _("This item has no such lot."))
        else:
            try:
                services.record_counts(
                    user=request.user, stocktake=stocktake, counts={lot: form.cleaned_data["counted"]}
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(
                    request,
                    _("Counted %(count)s of lot %(lot)s.") % {"count": form.cleaned_data["counted"], "lot": lot.number},
                )
                return redirect("inventory:stocktake_detail", pk=stocktake.pk)
    return render(request, "inventory/stocktake_detail.html", _context(request, stocktake, count_form=form))


def _whole(text: str) -> bool:
    """0-9 only (str.isdigit also takes "²", which int() refuses)."""
    return text.isascii() and text.isdigit()


@require_POST
@login_required
def stocktake_lines(request, pk):
    """The counts typed into the sheet's lines (one page of it): a blank field leaves its
    line as it was. Every bad entry is listed at once, and then nothing is saved."""
    stocktake = _sheet(request, pk)
    if not access.may_keep(request.user, stocktake.store):
        raise PermissionDenied
    typed = {
        name.removeprefix("counted-"): value.strip()
        for name, value in request.POST.items()
        if name.startswith("counted-") and value.strip()
    }
    ids = [int(line_id) for line_id in typed if _whole(line_id)]
    lines = {str(line.pk): line for line in stocktake.lines.filter(pk__in=ids).select_related("lot")}
    counts, errors = {}, []
    for line_id, value in typed.items():
        line = lines.get(line_id)
        if line is None:
            errors.append(_("A count was sent for a line that is not on this sheet."))
        elif not _whole(value):
            errors.append(_("Lot %(lot)s: enter a whole number, 0 or more.") % {"lot": line.lot.number})
        else:
            counts[line.lot] = int(value)
    if not errors and counts:
        try:
            written = services.record_counts(user=request.user, stocktake=stocktake, counts=counts)
        except DomainError as error:
            errors.append(error.message)
        else:
            messages.success(request, _("Saved %(count)s counts.") % {"count": written})
            page = request.GET.get("page", "")
            url = reverse("inventory:stocktake_detail", args=[stocktake.pk])
            return redirect(f"{url}?page={page}" if _whole(page) else url)
    elif not errors:
        errors.append(_("Enter at least one count."))
    response = render(request, "inventory/stocktake_detail.html", _context(request, stocktake, line_errors=errors))
    response.status_code = 400
    return response


@require_POST
@login_required
def stocktake_import(request, pk):
    stocktake = _sheet(request, pk)
    form = forms.CountImportForm(request.POST, request.FILES)
    import_error = None
    if form.is_valid():
        try:
            written = services.import_counts(user=request.user, stocktake=stocktake, upload=form.cleaned_data["file"])
        except TableImportError as error:
            import_error = error
            add_domain_error(form, error)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Imported %(count)s counts.") % {"count": written})
            return redirect("inventory:stocktake_detail", pk=stocktake.pk)
    context = _context(request, stocktake, import_form=form, import_error=import_error)
    return render(request, "inventory/stocktake_detail.html", context)


@require_POST
@login_required
def stocktake_post(request, pk):
    stocktake = _sheet(request, pk)
    if not access.may_keep(request.user, stocktake.store):
        raise PermissionDenied
    form = forms.PostStocktakeForm(request.POST)
    if form.is_valid():
        try:
            written = services.post_stocktake(
                user=request.user, stocktake=stocktake, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Posted: %(count)s adjustments.") % {"count": written})
            return redirect("inventory:stocktake_detail", pk=stocktake.pk)
    return render(request, "inventory/stocktake_detail.html", _context(request, stocktake, post_form=form))
