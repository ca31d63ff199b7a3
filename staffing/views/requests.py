"""Leave, shift requests and swaps: each person asks on one page and sees their own; those
who schedule the department decide on the same page (approve or reject, with a reason).
Certifications expiring are listed here too."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hospital.errors import DomainError
from hospital.forms import add_domain_error
from hospital.pagination import paginate
from staffing import forms, selectors, services
from staffing.models import Assignment, LeaveRequest, ShiftRequest, ShiftSwap

Page = Callable[..., object]


def _ask(request, *, form, page: Page, save: Callable[[dict], object], done: str, then: str):
    """A request form posted: the service saves it (a refusal shows on the form with its
    status), or the page says so and reloads."""
    if not form.is_valid():
        return page(request, form, status=400)
    try:
        save(form.cleaned_data)
    except DomainError as error:
        add_domain_error(form, error)
        return page(request, form, status=error.status_code)
    messages.success(request, done)
    return redirect(then)


def _act(request, *, act: Callable[[str], object], page: Page, blank_form, done: str, then: str):
    """A decision button (approve, reject, cancel, withdraw) with its optional reason."""
    reason = forms.DecisionForm(request.POST)
    note = reason.cleaned_data["note"] if reason.is_valid() else ""
    try:
        act(note)
    except DomainError as error:
        messages.error(request, error.message)
        return page(request, blank_form(), status=error.status_code)
    messages.success(request, done)
    return redirect(then)


def _leave_page(request, form, status=200):
    page = paginate(request, selectors.my_leave(request.user))
    context = {"form": form, "page_obj": page, "mine": page, "to_decide": selectors.leave_to_decide(request.user)[:50]}
    return render(request, "staffing/leave.html", context, status=status)


@login_required
def leave(request):
    """Request leave; the list of one's own; for schedulers, the leave waiting for them."""
    if request.method != "POST":
        return _leave_page(request, forms.LeaveForm())
    return _ask(
        request,
        form=forms.LeaveForm(request.POST),
        page=_leave_page,
        save=lambda data: services.request_leave(user=request.user, **data),
        done=_("Leave requested: your head of department has been told."),
        then="staffing:leave_list",
    )


LEAVE_VERBS = {
    "approve": lambda user, leave, note: services.approve_leave(user=user, leave=leave, note=note),
    "reject": lambda user, leave, note: services.reject_leave(user=user, leave=leave, note=note),
    "cancel": lambda user, leave, note: services.cancel_leave(user=user, leave=leave),
}


@login_required
@require_POST
def leave_decide(request, pk, decision):
    """Approve, reject (a scheduler of the person's department) or cancel (the person)."""
    verb = LEAVE_VERBS.get(decision)
    if verb is None:
        raise Http404
    leave_request = get_object_or_404(LeaveRequest.objects.visible_to(request.user).select_related("person"), pk=pk)
    return _act(
        request,
        act=lambda note: verb(request.user, leave_request, note),
        page=_leave_page,
        blank_form=forms.LeaveForm,
        done=_("Leave request updated."),
        then="staffing:leave_list",
    )


def _shift_requests_page(request, form, status=200):
    today = timezone.localdate()
    context = {
        "form": form,
        "mine": selectors.my_shift_requests(request.user, since=today)[:100],
        "team": selectors.team_shift_requests(request.user, since=today)[:100],
    }
    return render(request, "staffing/shift_requests.html", context, status=status)


@login_required
def shift_requests(request):
    """Ask to work or not to work a day or a shift; the solver honours it as far as it can."""
    if request.method != "POST":
        return _shift_requests_page(request, forms.ShiftRequestForm())
    return _ask(
        request,
        form=forms.ShiftRequestForm(request.POST),
        page=_shift_requests_page,
        save=lambda data: services.request_shift(user=request.user, **data),
        done=_("Request saved: the next roster will take it into account."),
        then="staffing:shift_requests",
    )


@login_required
@require_POST
def shift_request_withdraw(request, pk):
    shift_request = get_object_or_404(ShiftRequest.objects.visible_to(request.user), pk=pk)
    return _act(
        request,
        act=lambda note: services.withdraw_shift_request(user=request.user, shift_request=shift_request),
        page=_shift_requests_page,
        blank_form=forms.ShiftRequestForm,
        done=_("Request withdrawn."),
        then="staffing:shift_requests",
    )


def _swap_form(request, data=None):
    shifts = selectors.swappable_shifts(request.user, today=timezone.localdate())
    return forms.SwapForm(data, shifts=shifts, user=request.user)


def _swaps_page(request, form, status=200):
    page = paginate(request, selectors.my_swaps(request.user))
    context = {"form": form, "page_obj": page, "mine": page, "to_decide": selectors.swaps_to_decide(request.user)[:50]}
    return render(request, "staffing/swaps.html", context, status=status)


def _request_swap(user, data: dict):
    """The partner's shift is chosen by its date: theirs that day on the same roster."""
    mine = data["requester_assignment"]
    partner_assignment = None
    if data["partner_date"]:
        partner_assignment = Assignment.objects.filter(
            roster=mine.roster_id, person=data["partner"], date=data["partner_date"]
        ).first()
        if partner_assignment is None:
            raise DomainError(_("They have no shift that day on this roster."), field="partner_date")
    return services.request_swap(
        user=user,
        requester_assignment=mine,
        partner=data["partner"],
        partner_assignment=partner_assignment,
        note=data["note"],
    )


@login_required
def swaps(request):
    """Offer one of one's shifts to a colleague (or exchange two); the head approves, and
    every rule is checked when asked and again when approved."""
    if request.method != "POST":
        return _swaps_page(request, _swap_form(request))
    return _ask(
        request,
        form=_swap_form(request, request.POST),
        page=_swaps_page,
        save=lambda data: _request_swap(request.user, data),
        done=_("Swap requested: your colleague and your head of department have been told."),
        then="staffing:swap_list",
    )


@login_required
@require_POST
def swap_decide(request, pk, decision):
    if decision not in ("approve", "reject"):
        raise Http404
    swap = get_object_or_404(ShiftSwap.objects.visible_to(request.user), pk=pk)
    verb = services.approve_swap if decision == "approve" else services.reject_swap
    return _act(
        request,
        act=lambda note: verb(user=request.user, swap=swap, note=note),
        page=_swaps_page,
        blank_form=lambda: _swap_form(request),
        done=_("Swap approved: the roster is changed.") if decision == "approve" else _("Swap rejected."),
        then="staffing:swap_list",
    )


@login_required
def certifications(request):
    """Certifications expired in the last 30 days or expiring soon: one's own, and those of
    the people whose department the user schedules."""
    form = forms.CertificationFilterForm(request.GET or None)
    within = form.cleaned_data["within"] if form.is_valid() else 60
    today = timezone.localdate()
    page = paginate(request, selectors.expiring_certifications(request.user, today=today, within=within))
    context = {"form": form, "page_obj": page, "certifications": page, "today": today, "within": within}
    return render(request, "staffing/certifications.html", context)
