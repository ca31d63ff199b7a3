"""Patient satisfaction: the dashboard, a paper response typed in, the CSV import."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from hospital.errors import DomainError
from hospital.forms import add_domain_error, department_tree_choices
from hospital.imports import TableImportError
from hospital.periods import month_periods
from hospital.permissions import role_required
from quality import access, forms, selectors, services
from quality.models import Survey


@role_required(*access.DASHBOARD_ROLES)
def satisfaction_dashboard(request):
    """Share of answers 4 or 5: monthly trend, by department and by question."""
    department, choices = access.dashboard_scope(request.user, request.GET.get("department", ""))
    periods = month_periods(timezone.localdate(), 12)
    monthly = selectors.satisfaction_by_period(department, periods)
    year = (periods[0][0], periods[-1][1])
    labels = selectors.period_labels(periods)
    context = {
        "department": department,
        "departments": department_tree_choices(choices),
        "show_all": access.may_see_whole_hospital(request.user),
        "labels": labels,
        "monthly": list(zip(labels, monthly, strict=True)),
        "shares": [r["share"] for r in monthly],
        "by_department": selectors.satisfaction_by_department(department, year),
        "by_question": selectors.satisfaction_by_question(department, year),
        "may_enter_responses": access.may_enter_surveillance_data(request.user),
    }
    return render(request, "quality/satisfaction_dashboard.html", context)


@role_required(*access.QUALITY_OFFICE)
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
            add_domain_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{request.path}?survey={survey.pk}")
    context = {"form": form, "survey": survey, "surveys": [(s.pk, s.name) for s in surveys]}
    return render(request, "quality/survey_response_form.html", context)


@role_required(*access.QUALITY_OFFICE)
def survey_import(request):
    """CSV or XLSX import of survey responses: all rows or none, each bad row named by its line."""
    form = forms.SurveyImportForm(request.POST or None, request.FILES or None)
    import_error = None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.import_survey(
                user=request.user, survey=form.cleaned_data["survey"], upload=form.cleaned_data["file"]
            )
        except TableImportError as error:
            import_error = error
            add_domain_error(form, error)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Imported %(count)s responses.") % {"count": result.responses})
            return redirect("quality:satisfaction_dashboard")
    return render(request, "quality/survey_import.html", {"form": form, "import_error": import_error})
