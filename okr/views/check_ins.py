"""My department's week: one form for all its key results' check-ins (htmx, no reload)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hospital.errors import DomainError
from okr import access, selectors, services
from okr.models import Confidence


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
    departments = list(access.objective_departments(request.user).order_by("path"))
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
