"""Review pages: the monthly review per department, and the quarterly grading with its export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hospital.errors import DomainError
from hospital.exports import xlsx_response
from hospital.pagination import paginate
from hospital.sorting import Sorting
from okr import access, exports, selectors, services
from okr.forms import CascadeFilterForm
from okr.models import Cycle, KeyResult

# the review sheet, by objective: the cascade's order (level, department, title) by default
REVIEW_SORTING = Sorting(
    {
        "level": ("level_rank", "department__path", "title"),
        "objective": ("title",),
        "department": ("department__name", "title"),
    },
    default="level",
)


@login_required
def monthly_review(request):
    """Per department: progress, key results at risk, and those with no check-in for over 14 days."""
    form = CascadeFilterForm(request.GET or None, user=request.user)
    cycle = (form.cleaned_data.get("cycle") if form.is_valid() else None) or selectors.default_cycle(request.user)
    reviews = selectors.monthly_review(request.user, cycle) if cycle else []
    return render(
        request,
        "okr/monthly_review.html",
        {"form": form, "cycle": cycle, "reviews": reviews, "today": timezone.localdate()},
    )


def get_cycle_or_404(user, pk) -> Cycle:
    cycle = Cycle.objects.visible_to(user).filter(pk=pk).first()
    if cycle is None:
        raise Http404
    return cycle


@login_required
def quarterly_review(request, pk):
    """Grade each key result, write the retrospective, close the cycle (administrators)."""
    cycle = get_cycle_or_404(request.user, pk)
    page_number = request.POST.get("page") or request.GET.get("page")
    if request.method == "POST":
        try:
            _handle_review_post(request, cycle)
        except DomainError as error:
            messages.error(request, error.message)
        url = reverse("okr:quarterly_review", args=[cycle.pk])
        return redirect(f"{url}?page={page_number}" if str(page_number or "").isdigit() else url)
    sort = REVIEW_SORTING.from_request(request)
    page = paginate(request, sort.apply(selectors.review_objectives(request.user, cycle)))  # with their key results
    sheet = selectors.grade_objectives(page.object_list)
    for grades in sheet:
        grades.may_grade = not cycle.is_closed and access.may_manage_objective(request.user, grades.objective)
    return render(
        request,
        "okr/quarterly_review.html",
        {
            "cycle": cycle,
            "sheet": sheet,
            "page_obj": page,
            "sort": sort,
            "may_close": access.may_manage_cycles(request.user) and not cycle.is_closed,
        },
    )


def _handle_review_post(request, cycle) -> None:
    action = request.POST.get("action")
    if action == "score":
        pk = request.POST.get("key_result", "")
        # only the key results this page shows: visible ones of this cycle
        key_result = (
            KeyResult.objects.visible_to(request.user).filter(pk=pk, objective__cycle=cycle).first()
            if pk.isdigit()
            else None
        )
        if key_result is None:
            raise DomainError(_("That key result does not exist."))
        services.score_key_result(key_result=key_result, user=request.user, score=request.POST.get("score", ""))
        messages.success(request, _("Score saved."))
    elif action == "retrospective":
        services.write_retrospective(cycle=cycle, user=request.user, text=request.POST.get("retrospective", ""))
        messages.success(request, _("Retrospective saved."))
    elif action == "close":
        services.close_cycle(cycle=cycle, user=request.user, retrospective=request.POST.get("retrospective"))
        messages.success(request, _("The cycle is closed; its OKRs are now read-only."))


@login_required
def quarterly_export(request, pk):
    cycle = get_cycle_or_404(request.user, pk)
    """The review sheet of every page, in the page's order."""
    objectives = REVIEW_SORTING.from_request(request).apply(selectors.review_objectives(request.user, cycle))
    sheet = selectors.grade_objectives(objectives)
    return xlsx_response(exports.review_workbook(cycle=cycle, sheet=sheet), f"okr-review-{cycle.pk}")
