"""Planning pages: the forms for cycles, objectives, key results and target changes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from hospital.errors import DomainError
from okr import access, selectors, services
from okr.forms import CycleForm, KeyResultForm, ObjectiveForm, TargetChangeForm
from okr.models import Cycle, KeyResult, Objective


def _visible_objective(user, pk) -> Objective:
    return get_object_or_404(selectors.visible_objectives(user), pk=pk)


def _save_form(request, form, save, template, context):
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Saved."))
            return redirect(saved.get_absolute_url() if hasattr(saved, "get_absolute_url") else "okr:cascade")
    return render(request, template, {"form": form, **context})


@login_required
def objective_form(request, pk=None):
    objective = _visible_objective(request.user, pk) if pk else Objective(owner=request.user)
    if pk and not access.may_manage_objective(request.user, objective):
        raise PermissionDenied
    parent_pk = request.GET.get("parent", "")
    if not pk and parent_pk.isdigit():  # a hand-edited ?parent=… is ignored, never a 500
        objective.parent = Objective.objects.visible_to(request.user).filter(pk=parent_pk).first()
        objective.cycle = objective.parent.cycle if objective.parent else None
    form = ObjectiveForm(request.POST or None, instance=objective, user=request.user)

    def save(form):
        return services.save_objective(
            objective=form.instance,
            user=request.user,
            contributing_departments=form.cleaned_data["contributing_departments"],
        )

    return _save_form(request, form, save, "okr/objective_form.html", {"objective": objective if pk else None})


@login_required
def key_result_form(request, objective_pk=None, pk=None):
    if pk:
        key_result = get_object_or_404(KeyResult.objects.visible_to(request.user).select_related("objective"), pk=pk)
        objective = key_result.objective
    else:
        objective = _visible_objective(request.user, objective_pk)
        key_result = KeyResult(objective=objective)
    if not access.may_manage_objective(request.user, objective):
        raise PermissionDenied
    form = KeyResultForm(request.POST or None, instance=key_result, user=request.user)

    def save(form):
        services.save_key_result(key_result=form.instance, user=request.user)
        return objective

    return _save_form(request, form, save, "okr/key_result_form.html", {"objective": objective, "kr": key_result})


@login_required
def change_target(request, pk):
    key_result = get_object_or_404(KeyResult.objects.visible_to(request.user).select_related("objective"), pk=pk)
    if not access.may_manage_objective(request.user, key_result.objective):
        raise PermissionDenied
    form = TargetChangeForm(request.POST or None, key_result=key_result)

    def save(form):
        services.change_target(key_result=key_result, user=request.user, **form.cleaned_data)
        return key_result.objective

    return _save_form(
        request, form, save, "okr/key_result_form.html", {"objective": key_result.objective, "kr": key_result}
    )


@login_required
def cycle_form(request, pk=None):
    if not access.may_manage_cycles(request.user):
        raise PermissionDenied
    cycle = get_object_or_404(Cycle, pk=pk) if pk else Cycle()
    form = CycleForm(request.POST or None, instance=cycle)

    def save(form):
        saved = services.save_cycle(cycle=form.instance, user=request.user)
        saved.get_absolute_url = lambda: f"/okr/?cycle={saved.pk}"
        return saved

    return _save_form(request, form, save, "okr/cycle_form.html", {"cycle": cycle if pk else None})
