"""Dashboards (events, infections, satisfaction), survey import and the XLSX export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from hospital.access import managed_scope
from hospital.errors import DomainError
from hospital.models import Department
from hospital.periods import month_periods
from hospital.permissions import role_required
from hospital.roles import Role, has_role
from hospital.selectors import ratio
from quality import exports, forms, selectors, services
from quality.models import (
    AdverseEvent,
    DeviceDays,
    EventType,
    InfectionCase,
    InfectionKind,
    InfectionThreshold,
    Survey,
    SurveyAnswer,
)
from quality.views.events import may_use_dashboards

QUALITY_OFFICE = (Role.QUALITY_MANAGER,)
DASHBOARD_ROLES = (Role.QUALITY_MANAGER, Role.ADMINISTRATOR, Role.DEPARTMENT_HEAD)
TABLE_MONTHS = 6


def _scope(request):
    """(chosen department or None for the hospital, departments the user may choose)."""
    user = request.user
    if not may_use_dashboards(user):
        raise PermissionDenied
    if has_role(user, Role.QUALITY_MANAGER, Role.ADMINISTRATOR):
        choices = Department.objects.active()
    else:
        choices = Department.objects.active().filter(managed_scope(user, field=""))
    choices = list(choices.order_by("path"))
    chosen = request.GET.get("department", "")
    department = next((d for d in choices if str(d.pk) == chosen), None)
    if department is None and not has_role(user, Role.QUALITY_MANAGER, Role.ADMINISTRATOR):
        department = choices[0] if choices else None
        if department is None:
            raise PermissionDenied
    return department, choices


def _labels(periods):
    return [start.strftime("%Y-%m") for start, _end in periods]


@role_required(*DASHBOARD_ROLES)
def dashboard(request):
    """Pareto by category, harm distribution, rates per 1,000 patient-days, near-miss share."""
    department, choices = _scope(request)
    periods = month_periods(timezone.localdate(), 12)
    events = AdverseEvent.objects.visible_to(request.user)
    year = events.in_department(department).occurred_between(periods[0][0], periods[-1][1])
    monthly = selectors.event_rates_by_period(department, periods, events=events)
    wards = [d for d in choices if d.staffed_beds and (department is None or d.path.startswith(department.path))]
    recent = periods[-TABLE_MONTHS:]
    context = {
        "department": department,
        "departments": [(d.pk, d.name) for d in choices],
        "show_all": has_role(request.user, Role.QUALITY_MANAGER, Role.ADMINISTRATOR),
        "labels": _labels(periods),
        "recent_labels": _labels(recent),
        "monthly": monthly,
        "per_1000": [r["per_1000"] for r in monthly],
        "near_miss_share": [r["near_miss_share"] for r in monthly],
        "pareto": selectors.pareto(year),
        "harms": selectors.harm_distribution(year.filter(event_type=EventType.INCIDENT)),
        "by_department": selectors.event_rates_by_department(events, wards, recent),
        "totals": {
            "events": sum(r["all"] for r in monthly),
            "near_misses": sum(r["near_miss"] for r in monthly),
        },
    }
    return render(request, "quality/dashboard.html", context)


@role_required(*DASHBOARD_ROLES)
def infection_dashboard(request):
    """NHSN rates and device utilisation per month, per ward, with each ward's thresholds."""
    return _infection_page(request)


def _infection_page(request, *, bound: dict | None = None, status: int = 200):
    """The infection dashboard; `bound` holds a refused entry form (by context name),
    shown again as typed with its errors."""
    bound = bound or {}
    department, choices = _scope(request)
    periods = month_periods(timezone.localdate(), 12)
    monthly = selectors.hai_rates_by_period(department, periods)
    # Wards under surveillance: with device-days, or with infections this year (a surgical
    # ward's SSIs need no device-days: their denominator is the census's operations).
    ward_ids = set(
        DeviceDays.objects.visible_to(request.user).in_department(department).values_list("department", flat=True)
    ) | set(
        InfectionCase.objects.visible_to(request.user)
        .in_department(department)
        .filter(onset_date__gte=periods[0][0])
        .values_list("department", flat=True)
        .distinct()
    )
    wards = [d for d in choices if d.pk in ward_ids]
    last = periods[-2:-1]  # the last complete month
    thresholds = {(t.department_id, t.kind): t.rate for t in InfectionThreshold.objects.filter(department__in=wards)}
    ward_rows = selectors.hai_rates_by_ward(wards, last[0])
    for row in ward_rows:
        ward = row["department"]
        row["alerts"] = [
            k
            for k in ("clabsi", "cauti", "vae", "ssi")
            if row[f"{k}_rate"] is not None
            and (ward.pk, k) in thresholds
            and row[f"{k}_rate"] > thresholds[(ward.pk, k)]
        ]
    trends = [
        (label, [r[f"{kind}_rate"] for r in monthly])
        for kind, label in (
            ("clabsi", _("CLABSI per 1,000 central-line days")),
            ("cauti", _("CAUTI per 1,000 urinary-catheter days")),
            ("vae", _("VAE per 1,000 ventilator days")),
            ("ssi", _("SSI per 100 operations")),
        )
    ]
    context = {
        "department": department,
        "departments": [(d.pk, d.name) for d in choices],
        "show_all": has_role(request.user, Role.QUALITY_MANAGER, Role.ADMINISTRATOR),
        "labels": _labels(periods),
        "monthly": list(zip(_labels(periods), monthly, strict=True)),
        "trends": trends,
        "ward_rows": ward_rows,
        "last_month": _labels(last)[0],
        "is_office": has_role(request.user, Role.QUALITY_MANAGER),
        "device_form": bound.get("device_form") or forms.DeviceDaysForm(),
        "case_form": bound.get("case_form") or forms.InfectionCaseForm(),
        "threshold_form": bound.get("threshold_form") or forms.InfectionThresholdForm(),
        "kinds": InfectionKind.choices,
    }
    return render(request, "quality/infection_dashboard.html", context, status=status)


def _post_form(request, form_class, save, name):
    """Save an entry form of the infection dashboard; if refused, the dashboard again
    with the form as typed (a month of device-days is not typed twice)."""
    form = form_class(request.POST)
    if not form.is_valid():
        return _infection_page(request, bound={name: form}, status=400)
    try:
        save(form.cleaned_data)
    except DomainError as error:
        if error.field in form.fields:
            form.add_error(error.field, error.message)
        else:
            messages.error(request, error.message)
        return _infection_page(request, bound={name: form}, status=error.status_code)
    messages.success(request, _("Saved."))
    return redirect("quality:infection_dashboard")


@role_required(*QUALITY_OFFICE)
def device_days_save(request):
    if request.method != "POST":
        return redirect("quality:infection_dashboard")
    return _post_form(
        request,
        forms.DeviceDaysForm,
        lambda data: services.record_device_days(user=request.user, **data),
        "device_form",
    )


@role_required(*QUALITY_OFFICE)
def infection_threshold_save(request):
    if request.method != "POST":
        return redirect("quality:infection_dashboard")
    return _post_form(
        request,
        forms.InfectionThresholdForm,
        lambda data: services.set_infection_threshold(user=request.user, **data),
        "threshold_form",
    )


@role_required(*QUALITY_OFFICE)
def infection_case_save(request):
    if request.method != "POST":
        return redirect("quality:infection_dashboard")
    return _post_form(
        request,
        forms.InfectionCaseForm,
        lambda data: services.record_infection_case(user=request.user, **data),
        "case_form",
    )


@role_required(*DASHBOARD_ROLES)
def satisfaction_dashboard(request):
    """Share of answers 4 or 5: monthly trend, by department and by question."""
    department, choices = _scope(request)
    periods = month_periods(timezone.localdate(), 12)
    monthly = selectors.satisfaction_by_period(department, periods)
    answers = SurveyAnswer.objects.filter(
        response__responded_on__gte=periods[0][0], response__responded_on__lte=periods[-1][1]
    )
    if department is not None:
        answers = answers.filter(response__department__path__startswith=department.path)
    good = Count("id", filter=Q(score__gte=4))
    by_department = [
        {**r, "share": ratio(r["good"], r["n"], scale=100)}
        for r in answers.values("response__department__name")
        .annotate(n=Count("id"), good=good)
        .order_by("response__department__name")
    ]
    by_question = [
        {**r, "share": ratio(r["good"], r["n"], scale=100)}
        for r in answers.values("question__survey__name", "question__number", "question__text")
        .annotate(n=Count("id"), good=good)
        .order_by("question__survey__name", "question__number")
    ]
    context = {
        "department": department,
        "departments": [(d.pk, d.name) for d in choices],
        "show_all": has_role(request.user, Role.QUALITY_MANAGER, Role.ADMINISTRATOR),
        "labels": _labels(periods),
        "monthly": list(zip(_labels(periods), monthly, strict=True)),
        "shares": [r["share"] for r in monthly],
        "by_department": by_department,
        "by_question": by_question,
        "is_office": has_role(request.user, Role.QUALITY_MANAGER),
    }
    return render(request, "quality/satisfaction_dashboard.html", context)


@role_required(*QUALITY_OFFICE)
def survey_response_new(request):
    """Type in one paper response; the survey is chosen by ?survey= (default: the first active one)."""
    surveys = Survey.objects.filter(is_active=True).order_by("name")
    chosen = request.GET.get("survey", "")
    survey = (surveys.filter(pk=chosen).first() if chosen.isdigit() else None) or surveys.first()
    if survey is None:
        messages.error(request, _("There is no active survey."))
        return redirect("quality:satisfaction_dashboard")
    form = forms.SurveyResponseForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_survey_response(
                user=request.user,
                survey=survey,
                department=form.cleaned_data["department"],
                responded_on=form.cleaned_data["responded_on"],
                scores=form.scores(),
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{request.path}?survey={survey.pk}")
    context = {"form": form, "survey": survey, "surveys": [(s.pk, s.name) for s in surveys]}
    return render(request, "quality/survey_response_form.html", context)


@role_required(*QUALITY_OFFICE)
def survey_import(request):
    """CSV import of survey responses: all rows or none, each bad row named by its line."""
    form = forms.SurveyImportForm(request.POST or None, request.FILES or None)
    row_errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.import_survey_csv(
                file=services.decode_csv_upload(upload),
                user=request.user,
                survey=form.cleaned_data["survey"],
            )
        except services.SurveyImportError as error:
            row_errors = error.errors
            form.add_error(None, error.message)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Imported %(count)s responses.") % {"count": result.responses})
            return redirect("quality:satisfaction_dashboard")
    return render(request, "quality/survey_import.html", {"form": form, "row_errors": row_errors})


def _date_param(request, name):
    try:
        return parse_date(request.GET.get(name, ""))
    except ValueError:
        return None


@login_required
def export_events(request):
    """The events the user may see as a de-identified XLSX (no reporter, no patient, no free text)."""
    events = AdverseEvent.objects.visible_to(request.user)
    start, end = _date_param(request, "start"), _date_param(request, "end")
    if start:
        events = events.filter(occurred_on__gte=start)
    if end:
        events = events.filter(occurred_on__lte=end)
    content = exports.events_workbook(events)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    filename = f"safety-events-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
