"""Fault reports from a phone (the label's QR code, or the asset tag typed in) and the labels."""

import segno
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from equipment import access, forms, selectors, services
from equipment.models import Equipment, WorkOrder
from hospital.errors import DomainError
from hospital.forms import add_domain_error
from hospital.pagination import paginate

LABELS_PER_PAGE = 24  # 3 × 8 on an A4 sheet


def report_qr_svg(url: str) -> str:
    """The label's QR code of `url` as inline SVG (no script, no external file)."""
    return segno.make(url, error="m").svg_inline(scale=3, border=2)


@login_required
def report_lookup(request):
    """Type the asset tag printed on the label; go to that device's report form."""
    form = forms.TagLookupForm(request.GET or None)
    if form.is_valid():
        tag = form.cleaned_data["asset_tag"].strip().upper()
        if Equipment.objects.filter(asset_tag=tag).exists():
            return redirect("equipment:report_fault", asset_tag=tag)
        form.add_error("asset_tag", _("No device has this asset tag."))
    return render(request, "equipment/report_lookup.html", {"form": form})


@login_required
def report_fault(request, asset_tag):
    """The phone form, with the device already chosen. Any device may be looked up by its
    printed tag; the service refuses a device of another department (403, as the API)."""
    device = get_object_or_404(Equipment.objects.select_related("department"), asset_tag=asset_tag.upper())
    if not access.may_report_fault(request.user, device):
        # the same answer as the service gives the API, before anything is typed
        message = _("You may report faults only on devices of your own department.")
        return render(request, "equipment/report_form.html", {"refused": message, "device": device}, status=403)
    form = forms.FaultReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                order = services.report_fault(
                    user=request.user, equipment=device, description=form.cleaned_data["description"]
                )
            except DomainError as error:
                add_domain_error(form, error)
                status = error.status_code
            else:
                return redirect("equipment:report_thanks", pk=order.pk)
        else:
            status = 400
    return render(request, "equipment/report_form.html", {"form": form, "device": device}, status=status)


@login_required
def report_thanks(request, pk):
    order = get_object_or_404(WorkOrder.objects.select_related("equipment"), pk=pk, reported_by=request.user)
    return render(request, "equipment/report_thanks.html", {"order": order})


@login_required
def labels(request):
    """Printable labels, several per A4 sheet: tag, name and a QR code of the report form."""
    filters = selectors.RegisterFilters.from_params(request.GET)
    page = paginate(request, selectors.register(request.user, filters), per_page=LABELS_PER_PAGE)
    if not page.object_list and page.number > 1:
        raise Http404
    cards = [
        (device, mark_safe(report_qr_svg(request.build_absolute_uri(device.get_report_url()))))  # noqa: S308 - segno's own SVG
        for device in page
    ]
    return render(request, "equipment/labels.html", {"page_obj": page, "cards": cards})
