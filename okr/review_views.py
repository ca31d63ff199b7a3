"""Review pages: the monthly review per department, and the quarterly grading with its export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from hospital.errors import DomainError
from okr import access, exports, selectors, services
from okr.forms import CascadeFilterForm
from okr.models import KeyResult
from okr.scoring import score_colour
from okr.views import get_cycle_or_404


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


@login_required
def quarterly_review(request, pk):
    """Grade each key result, write the retrospective, close the cycle (administrators)."""
    cycle = get_cycle_or_404(request.user, pk)
    if request.method == "POST":
        try:
            _handle_review_post(request, cycle)
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("okr:quarterly_review", pk=cycle.pk)
    key_results = selectors.review_key_results(request.user, cycle)
    rows = []
    for kr in key_results:
        suggested = services.suggested_score(kr, [c.value for c in kr.check_ins.all()])
        rows.append(
            {
                "kr": kr,
                "suggested": suggested,
                "colour": score_colour(kr.score if kr.score is not None else suggested),
                "may_grade": not cycle.is_closed and access.may_manage_objective(request.user, kr.objective),
            }
        )
    return render(
        request,
        "okr/quarterly_review.html",
        {"cycle": cycle, "rows": rows, "may_close": access.may_manage_cycles(request.user) and not cycle.is_closed},
    )


def _handle_review_post(request, cycle) -> None:
    action = request.POST.get("action")
    if action == "score":
        key_result = KeyResult.objects.visible_to(request.user).filter(pk=request.POST.get("key_result")).first()
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
    content = exports.review_workbook(cycle=cycle, key_results=selectors.review_key_results(request.user, cycle))
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="okr-review-{cycle.pk}.xlsx"'
    return response
