"""Rosters: the list, a new roster, the department grid (people × days) with its cells
edited in place (htmx) and every rule re-checked after each edit, publishing, and the
coverage and hours pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hospital.errors import DomainError
from hospital.forms import add_domain_error
from hospital.models import User
from hospital.pagination import paginate
from staffing import access, forms, selectors, services
from staffing.views.common import editable_roster, scheduled_roster, visible_roster

PEOPLE_PER_PAGE = 30
DAY = "day"  # stands for the date at the end of a cell's address (staffing:roster_cell)


@login_required
def roster_list(request):
    """The rosters the user may see, newest first; schedulers start a new one here."""
    page = paginate(request, selectors.rosters_for(request.user))
    may_create = access.may_schedule_anything(request.user)
    context = {
        "page_obj": page,
        "rosters": page,
        "form": forms.RosterForm(user=request.user) if may_create else None,
    }
    return render(request, "staffing/roster_list.html", context)


@login_required
@require_POST
def roster_create(request):
    if not access.may_schedule_anything(request.user):
        raise PermissionDenied
    form = forms.RosterForm(request.POST, user=request.user)
    status = 400
    if form.is_valid():
        try:
            roster = services.create_roster(user=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
            status = error.status_code
        else:
            messages.success(request, _("Roster created: generate it, or fill it in by hand."))
            return redirect("staffing:generate", pk=roster.pk)
    page = paginate(request, selectors.rosters_for(request.user))
    context = {"page_obj": page, "rosters": page, "form": form}
    return render(request, "staffing/roster_list.html", context, status=status)


def _link_cells(roster, rows, query: str) -> None:
    """Each cell's editor, keeping the page's query (which page of people) for the way back.
    One `reverse` per line, not per cell: the day is the address's last part."""
    for row in rows:
        line = reverse("staffing:roster_cell", args=[roster.pk, row.person.pk, DAY]).removesuffix(f"{DAY}/")
        for cell in row.cells:
            cell.url = f"{line}{cell.iso_date}/?{query}"


def _board_context(request, roster, *, error: str = "") -> dict:
    """The grid, its violations and the publish button: what an edit re-renders."""
    may_edit = access.may_edit_roster(request.user, roster)
    check = services.check_roster(roster) if may_edit else None
    page = paginate(request, selectors.roster_people(roster), per_page=PEOPLE_PER_PAGE)
    rows = selectors.roster_grid(roster, page, check)
    if may_edit:
        _link_cells(roster, rows, request.GET.urlencode())
    violations = []
    if check is not None:
        violations = sorted(check.violations, key=lambda v: (not v.is_hard, v.date or roster.first_day))
    names = {row.person.pk: str(row.person) for row in rows}
    others = {v.person_id for v in violations[:100] if v.person_id} - set(names)
    names |= {user.pk: str(user) for user in User.objects.filter(pk__in=others)} if others else {}
    return {
        "roster": roster,
        "page_obj": page,
        "rows": rows,
        "days": roster.days,
        "may_edit": may_edit,
        "check": check,
        "violations": violations[:100],
        "more_violations": max(0, len(violations) - 100),
        "hard_count": sum(1 for v in violations if v.is_hard),
        "names": names,
        "error": error,
        "may_schedule": access.may_schedule(request.user, roster.department),
    }


@login_required
def roster_detail(request, pk):
    """The department's grid: people × days, coloured by shift type; for a draft, each cell
    opens an editor and the rules' violations show beside the cells."""
    roster = visible_roster(request, pk)
    context = _board_context(request, roster)
    context["shift_types"] = selectors.active_shift_types()
    return render(request, "staffing/roster_detail.html", context)


def _cell_target(request, roster, person_pk, day):
    day = parse_date(day) if isinstance(day, str) else day
    if day is None or not roster.first_day <= day <= roster.last_day:
        raise Http404
    person = get_object_or_404(selectors.roster_people(roster), pk=person_pk)
    return person, day


@login_required
def roster_cell(request, pk, person, day):
    """GET: the cell's editor (a shift or off). POST: the change, then the whole board again
    with every rule re-checked (htmx swaps it; without htmx, back to the grid)."""
    roster = editable_roster(request, pk)
    try:
        person, day = _cell_target(request, roster, person, day)
    except ValueError:
        raise Http404 from None
    if request.method != "POST":
        current = roster.assignments.filter(person=person, date=day).values_list("shift_type", flat=True).first()
        form = forms.CellForm(initial={"shift_type": current})
        context = {"roster": roster, "person": person, "day": day, "form": form}
        template = "staffing/_cell_editor.html" if request.htmx else "staffing/cell_form.html"
        return render(request, template, context)
    form = forms.CellForm(request.POST)
    status, error = 200, ""
    if not form.is_valid():
        status, error = 400, _("Choose a shift type or “Off”.")
    else:
        try:
            services.set_assignment(
                user=request.user, roster=roster, person=person, date=day, shift_type=form.cleaned_data["shift_type"]
            )
        except DomainError as error_:
            status, error = error_.status_code, error_.message
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect(f"{reverse('staffing:roster_detail', args=[roster.pk])}?{request.GET.urlencode()}")
    roster.refresh_from_db()
    return render(request, "staffing/_board.html", _board_context(request, roster, error=error), status=status)


def _refused(request, roster, error: DomainError):
    """The roster page again with the service's reason (and its status: 403, 409)."""
    context = _board_context(request, roster, error=error.message)
    context["shift_types"] = selectors.active_shift_types()
    return render(request, "staffing/roster_detail.html", context, status=error.status_code)


@login_required
@require_POST
def roster_publish(request, pk):
    """Publish a draft; refused with 409 while any hard rule is broken (the grid shows which)."""
    roster = editable_roster(request, pk)
    try:
        services.publish_roster(user=request.user, roster=roster)
    except DomainError as error:
        return _refused(request, roster, error)
    messages.success(request, _("Roster published: everyone on it has been told."))
    return redirect("staffing:roster_detail", pk=roster.pk)


@login_required
@require_POST
def roster_archive(request, pk):
    """Archive a published roster (its schedulers); 409 when it is archived already."""
    roster = scheduled_roster(request, pk)
    try:
        services.archive_roster(user=request.user, roster=roster)
    except DomainError as error:
        return _refused(request, roster, error)
    messages.success(request, _("Roster archived."))
    return redirect("staffing:roster_list")


@login_required
def roster_coverage(request, pk):
    """Required against assigned, per day and shift (and skill)."""
    roster = visible_roster(request, pk)
    lines = services.coverage_report(roster)
    return render(
        request,
        "staffing/coverage.html",
        {
            "roster": roster,
            "lines": lines,
            "short_count": sum(1 for line in lines if line.is_short),
            "may_schedule": access.may_schedule(request.user, roster.department),
        },
    )


@login_required
def roster_hours(request, pk):
    """Hours worked per person against their contract: for those who schedule the department."""
    roster = scheduled_roster(request, pk)
    return render(request, "staffing/hours.html", {"roster": roster, "lines": selectors.hours_worked(roster)})


def people_names(keys) -> dict[str, str]:
    """Names of people keyed by their id as text (the solver's per-person penalty)."""
    ids = [int(key) for key in keys if str(key).isdigit()]
    return {str(user.pk): str(user) for user in User.objects.filter(pk__in=ids)}
