"""The objective page: each key result with its chart, check-ins and target history,
and the one-key-result check-in posted from it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hospital.errors import DomainError
from okr import access, selectors, services
from okr.models import Confidence, KeyResult, Objective


@login_required
def objective_detail(request, pk):
    """Each key result with its chart of check-ins against the planned line, comments,
    and the history of target changes."""
    return _objective_page(request, get_object_or_404(selectors.visible_objectives(request.user), pk=pk))


def _objective_page(request, objective, *, refused: dict | None = None):
    """The objective page; `refused` keeps a refused check-in's input and message beside its form."""
    key_results = selectors.objective_key_results(objective)
    may_manage = access.may_manage_objective(request.user, objective) and not objective.cycle.is_closed
    return render(
        request,
        "okr/objective_detail.html",
        {
            "objective": objective,
            "key_results": key_results,
            "progress": selectors.objective_progress(key_results),
            "may_manage": may_manage,
            "children": objective.children.filter(pk__in=Objective.objects.visible_to(request.user)),
            "confidences": Confidence.choices,
            "today": timezone.localdate(),
            "refused": refused or {},
        },
    )


@login_required
@require_POST
def check_in(request, pk):
    """One key result's check-in from the objective page."""
    key_result = get_object_or_404(KeyResult.objects.visible_to(request.user).select_related("objective__cycle"), pk=pk)
    posted = {name: request.POST.get(name, "") for name in ("value", "confidence", "comment")}
    try:
        services.record_check_in(
            user=request.user,
            key_result=key_result,
            value=posted["value"],
            confidence=posted["confidence"] or None,
            comment=posted["comment"],
        )
    except DomainError as error:
        # shown again with what was typed, so that a long comment is not lost to a typo
        refused = {"kr": key_result.pk, "error": error.message, **posted}
        objective = get_object_or_404(selectors.visible_objectives(request.user), pk=key_result.objective_id)
        return _objective_page(request, objective, refused=refused)
    messages.success(request, _("Check-in saved."))
    return redirect(key_result.objective.get_absolute_url())
