"""Generating a roster: the page starts the Celery task and shows its progress without a
reload (htmx polls the status while it runs), then the penalty by rule and by person and
the coverage shortfalls in words."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hospital.errors import DomainError
from staffing import access, forms, services
from staffing.views.common import editable_roster, rule_label, scheduled_roster
from staffing.views.rosters import people_names


def _status_context(request, roster) -> dict:
    status = services.generation_status(roster)
    names = people_names(status["penalty_by_person"])
    by_person = sorted(
        ((names.get(key, key), points) for key, points in status["penalty_by_person"].items() if points),
        key=lambda pair: (-pair[1], pair[0]),
    )
    by_rule = sorted(
        ((rule_label(key), points) for key, points in status["penalty_by_rule"].items() if points),
        key=lambda pair: -pair[1],
    )
    return {
        "roster": roster,
        "status": status,
        "is_running": status["state"] in ("queued", "running"),
        "by_rule": by_rule,
        "by_person": by_person,
        "may_edit": access.may_edit_roster(request.user, roster),
    }


@login_required
def generate(request, pk):
    """GET: the generation page (progress or result). POST: start the solver."""
    if request.method == "POST":
        return _start(request, pk)
    roster = scheduled_roster(request, pk)
    context = {**_status_context(request, roster), "form": forms.GenerateForm()}
    return render(request, "staffing/generate.html", context)


def _start(request, pk):
    roster = editable_roster(request, pk)
    form = forms.GenerateForm(request.POST)
    if not form.is_valid():
        context = {**_status_context(request, roster), "form": form}
        return render(request, "staffing/generate.html", context, status=400)
    try:
        services.start_generation(user=request.user, roster=roster, time_limit=form.cleaned_data["time_limit"])
    except DomainError as error:
        roster.refresh_from_db()
        context = {**_status_context(request, roster), "form": form, "error": error.message}
        return render(request, "staffing/generate.html", context, status=error.status_code)
    messages.info(request, _("The solver is building the roster."))
    return redirect("staffing:generate", pk=roster.pk)


@login_required
def generation_status(request, pk):
    """The progress panel alone: htmx polls it every second while the solver runs."""
    roster = scheduled_roster(request, pk)
    return render(request, "staffing/_generation.html", _status_context(request, roster))
