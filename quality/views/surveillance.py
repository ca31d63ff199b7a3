"""Infection surveillance: the dashboard with each ward's thresholds, and the quality
office's data entry (device-days, infection cases, thresholds)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hospital.errors import DomainError
from hospital.forms import add_domain_error, department_tree_choices
from hospital.periods import month_periods
from hospital.permissions import role_required
from quality import access, forms, selectors, services
from quality.models import DeviceDays, InfectionCase, InfectionKind, InfectionThreshold

TRENDS = (
    (InfectionKind.CLABSI, gettext_lazy("CLABSI per 1,000 central-line days")),
    (InfectionKind.CAUTI, gettext_lazy("CAUTI per 1,000 urinary-catheter days")),
    (InfectionKind.VAE, gettext_lazy("VAE per 1,000 ventilator days")),
    (InfectionKind.SSI, gettext_lazy("SSI per 100 operations")),
)


@role_required(*access.DASHBOARD_ROLES)
def infection_dashboard(request):
    """NHSN rates and device utilisation per month, per ward, with each ward's thresholds."""
    return _infection_page(request)


def _surveillance_wards(user, department, choices, since):
    """Wards under surveillance: with device-days, a threshold, or infections since `since`
    (a surgical ward's SSIs need no device-days: their denominator is the census's operations)."""
    ward_ids = set()
    for records in (
        DeviceDays.objects.all(),
        InfectionThreshold.objects.all(),
        InfectionCase.objects.filter(onset_date__gte=since),
    ):
        scoped = records.visible_to(user).in_department(department)
        ward_ids |= set(scoped.values_list("department", flat=True).distinct())
    return [d for d in choices if d.pk in ward_ids]


def _infection_page(request, *, bound: dict | None = None, status: int = 200):
    """The infection dashboard; `bound` holds a refused entry form (by context name),
    shown again as typed with its errors."""
    bound = bound or {}
    department, choices = access.dashboard_scope(request.user, request.GET.get("department", ""))
    periods = month_periods(timezone.localdate(), 12)
    monthly = selectors.hai_rates_by_period(department, periods)
    wards = _surveillance_wards(request.user, department, choices, periods[0][0])
    last = periods[-2]  # the last complete month
    labels = selectors.period_labels(periods)
    # a ward's own alert thresholds become the charts' reference lines
    thresholds = (
        dict(InfectionThreshold.objects.filter(department=department).values_list("kind", "rate")) if department else {}
    )
    context = {
        "department": department,
        "departments": department_tree_choices(choices),
        "show_all": access.may_see_whole_hospital(request.user),
        "labels": labels,
        "monthly": list(zip(labels, monthly, strict=True)),
        "trends": [(label, [r[f"{kind}_rate"] for r in monthly], thresholds.get(kind)) for kind, label in TRENDS],
        "ward_rows": selectors.hai_rates_against_thresholds(wards, last),
        "last_month": selectors.period_labels([last])[0],
        "may_enter_data": access.may_enter_surveillance_data(request.user),
        "device_form": bound.get("device_form") or forms.DeviceDaysForm(),
        "case_form": bound.get("case_form") or forms.InfectionCaseForm(),
        "threshold_form": bound.get("threshold_form") or forms.InfectionThresholdForm(),
        "kinds": InfectionKind.choices,
    }
    return render(request, "quality/infection_dashboard.html", context, status=status)


def _post_form(request, form_class, save, name):
    """Save an entry form of the infection dashboard; if refused, the dashboard again
    with the form as typed (a month of device-days is not typed twice)."""
    if request.method != "POST":
        return redirect("quality:infection_dashboard")
    form = form_class(request.POST)
    if not form.is_valid():
        return _infection_page(request, bound={name: form}, status=400)
    try:
        save(form.cleaned_data)
    except DomainError as error:
        add_domain_error(form, error)
        return _infection_page(request, bound={name: form}, status=error.status_code)
    messages.success(request, _("Saved."))
    return redirect("quality:infection_dashboard")


@role_required(*access.QUALITY_OFFICE)
def device_days_save(request):
    return _post_form(
        request,
        forms.DeviceDaysForm,
        lambda data: services.record_device_days(user=request.user, **data),
        "device_form",
    )


@role_required(*access.QUALITY_OFFICE)
def infection_threshold_save(request):
    return _post_form(
        request,
        forms.InfectionThresholdForm,
        lambda data: services.set_infection_threshold(user=request.user, **data),
        "threshold_form",
    )


@role_required(*access.QUALITY_OFFICE)
def infection_case_save(request):
    return _post_form(
        request,
        forms.InfectionCaseForm,
        lambda data: services.record_infection_case(user=request.user, **data),
        "case_form",
    )
