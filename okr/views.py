"""OKR pages: cascade, my department's weekly check-ins, objective detail, forms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from hospital.access import managed_scope
from hospital.errors import DomainError
from hospital.models import Department
from hospital.roles import is_administrator
from okr import access, selectors, services
from okr.forms import CascadeFilterForm, CycleForm, KeyResultForm, ObjectiveForm, TargetChangeForm
from okr.models import CheckIn, Confidence, Cycle, KeyResult, Objective, TargetChange


def _cycle_or_default(form_or_value, user):
    return form_or_value or selectors.default_cycle(user)


@login_required
def cascade(request):
    """The hospital's objectives with each department's aligned objectives beneath."""
    form = CascadeFilterForm(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    cycle = _cycle_or_default(data.get("cycle"), request.user)
    tree = None
    if cycle is not None:
        tree = selectors.build_cascade(
            selectors.objectives_for(
                request.user, cycle=cycle, department=data.get("department"), kind=data.get("kind", "")
            )
        )
    return render(
        request,
        "okr/cascade.html",
        {
            "form": form,
            "cycle": cycle,
            "cascade": tree,
            "may_manage_cycles": access.may_manage_cycles(request.user),
        },
    )


def _managed_departments(user):
    departments = Department.objects.active().order_by("path")
    if is_administrator(user):
        return departments
    return departments.filter(managed_scope(user, field=""))


def _checkin_context(request, department, cycle, errors=None, posted=None, saved=0):
    key_results = selectors.department_key_results(department, cycle) if cycle else []
    rows = []
    for kr in key_results:
        rows.append(
            {
                "kr": kr,
                "error": (errors or {}).get(kr.pk, ""),
                "value": (posted or {}).get(f"value-{kr.pk}", ""),
                "confidence": (posted or {}).get(f"confidence-{kr.pk}", kr.confidence or Confidence.ON_TRACK),
                "comment": (posted or {}).get(f"comment-{kr.pk}", ""),
            }
        )
    return {
        "department": department,
        "cycle": cycle,
        "rows": rows,
        "confidences": Confidence.choices,
        "saved": saved,
        "form_error": _("Nothing was saved: correct the highlighted key results.") if errors else "",
        "today": timezone.localdate(),
    }


@login_required
def my_department(request):
    """The head's weekly page: one form for all the department's key results (htmx, no reload)."""
    departments = list(_managed_departments(request.user))
    if not departments:
        messages.info(
            request, _("Department check-ins are recorded by department heads; here are the OKRs you can see.")
        )
        return redirect("okr:cascade")
    chosen = request.POST.get("department") or request.GET.get("department")
    department = next((d for d in departments if str(d.pk) == chosen), None if chosen else departments[0])
    if department is None:
        raise Http404  # a department the user does not manage: never another one's page in its place
    cycle = selectors.default_cycle(request.user)
    if request.method != "POST":
        context = _checkin_context(request, department, cycle)
        return render(request, "okr/my_department.html", {**context, "departments": departments})
    key_results = {kr.pk: kr for kr in selectors.department_key_results(department, cycle)} if cycle else {}
    entries = []
    for pk, kr in key_results.items():
        raw = request.POST.get(f"value-{pk}", "").strip()
        if raw == "":
            continue
        entries.append(
            services.CheckInEntry(
                key_result=kr,
                value=raw,
                confidence=request.POST.get(f"confidence-{pk}") or None,
                comment=request.POST.get(f"comment-{pk}", ""),
            )
        )
    try:
        saved = services.record_check_ins(user=request.user, entries=entries)
    except services.CheckInBatchError as error:
        context = _checkin_context(request, department, cycle, errors=error.errors, posted=request.POST)
    except DomainError as error:
        context = _checkin_context(request, department, cycle, posted=request.POST)
        context["form_error"] = error.message
    else:
        context = _checkin_context(request, department, cycle, saved=len(saved))
        if not request.htmx:
            messages.success(
                request,
                ngettext("%(count)d check-in saved.", "%(count)d check-ins saved.", len(saved)) % {"count": len(saved)},
            )
            return redirect(f"{request.path}?department={department.pk}")
    if request.htmx:
        return render(request, "okr/_check_in_form.html", context)
    return render(request, "okr/my_department.html", {**context, "departments": departments})


def _visible_objective(user, pk) -> Objective:
    return get_object_or_404(Objective.objects.visible_to(user).select_related("cycle", "department", "owner"), pk=pk)


@login_required
def objective_detail(request, pk):
    """Each key result with its chart of check-ins against the planned line, comments,
    and the history of target changes."""
    return _objective_page(request, _visible_objective(request.user, pk))


def _objective_page(request, objective, *, refused: dict | None = None):
    """The objective page; `refused` keeps a refused check-in's input and message beside its form."""
    key_results = list(
        objective.key_results.select_related("owner", "metric_department")
        .prefetch_related(
            Prefetch("check_ins", queryset=CheckIn.objects.select_related("author").order_by("date", "id")),
            Prefetch("target_changes", queryset=TargetChange.objects.select_related("changed_by")),
        )
        .order_by("id")
    )
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
        return _objective_page(request, _visible_objective(request.user, key_result.objective_id), refused=refused)
    messages.success(request, _("Check-in saved."))
    return redirect(key_result.objective.get_absolute_url())


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


def get_cycle_or_404(user, pk) -> Cycle:
    cycle = Cycle.objects.visible_to(user).filter(pk=pk).first()
    if cycle is None:
        raise Http404
    return cycle
