"""Pages of safety events: report, my reports, triage queue, event page, action tracker."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, Prefetch, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hospital.access import visible_departments
from hospital.errors import DomainError
from hospital.forms import add_domain_error, department_tree_choices
from hospital.models import Department, User
from hospital.pagination import paginate
from hospital.permissions import role_required
from hospital.sorting import Sorting
from quality import access, forms, services
from quality.models import (
    ActionStatus,
    AdverseEvent,
    Category,
    CorrectiveAction,
    Effectiveness,
    EventStatus,
    EventStep,
    Harm,
    StepKind,
)
from quality.models.events import SERIOUS_HARM


@login_required
def index(request):
    """The section's start page: the quality office's queue, or the report form."""
    if access.may_triage(request.user):
        return redirect("quality:triage_queue")
    return redirect("quality:report_event")


@login_required
def report_event(request):
    """One screen, phone first: the report; the next screen shows its reference.

    A named report redirects to its thank-you page; an anonymous one answers in the
    POST response itself (see below)."""
    form = forms.EventReportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = services.report_event(
                user=request.user,
                anonymous=data["anonymous"],
                occurred_at=data["occurred_at"],
                discovered_at=data["discovered_at"],
                department=data["department"],
                location=data["location"],
                event_type=data["event_type"],
                category=data["category"],
                harm=data["harm"],
                medication_category=data["medication_category"],
                patient_identifier=data["patient_identifier"],
                description=data["description"],
                immediate_actions=data["immediate_actions"],
                contributing_factors=data["contributing_factors"],
                device_asset_tag=data["device_asset_tag"],
                submission_key=data["submission_key"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if event.is_anonymous:
                # No redirect: a URL holding the reference would sit in access logs
                # beside the reporter's address, linking them to the report.
                return render(request, "quality/report_thanks.html", {"reference": event.reference, "anonymous": True})
            return redirect("quality:report_thanks", reference=event.reference)
    return render(request, "quality/report_form.html", {"form": form})


@login_required
def report_thanks(request, reference):
    """The thank-you page of a named report: it can be followed under "My reports"."""
    return render(request, "quality/report_thanks.html", {"reference": reference, "anonymous": False})


EVENT_COLUMNS = {
    "reference": ("reference",),
    "date": ("occurred_at",),
    "department": ("department__name",),
    "category": ("category",),
    "harm": ("harm",),
    "status": ("status",),
}
EVENT_SORTING = Sorting({"reported": ("reported_at",), **EVENT_COLUMNS}, default="-reported")
TRIAGE_SORTING = Sorting(
    {"serious": ("serious_first", "reported_at"), **EVENT_COLUMNS, "reported": ("reported_at",)}, default="serious"
)
INVESTIGATION_SORTING = Sorting(
    {
        "due": ("investigation_due", "reported_at"),
        "reference": ("reference",),
        "category": ("category",),
        "harm": ("harm",),
        "investigator": ("investigator__display_name", "investigator__username"),
        "status": ("status",),
    },
    default="due",
)
ACTION_SORTING = Sorting(
    {
        "due": ("due_date",),
        "event": ("event__reference",),
        "kind": ("kind", "due_date"),
        "owner": ("owner__display_name", "owner__username"),
        "status": ("status", "due_date"),
    },
    default="due",
)


def _event_list_queryset(user):
    return AdverseEvent.objects.visible_to(user).select_related("department")


@login_required
def my_reports(request):
    """The named reports of the signed-in user (anonymous ones cannot be traced back)."""
    events = AdverseEvent.objects.filter(reporter=request.user).select_related("department")
    sort = EVENT_SORTING.from_request(request)
    page = paginate(request, sort.apply(events))
    return render(request, "quality/my_reports.html", {"page_obj": page, "events": page, "sort": sort})


@login_required
def event_list(request):
    """Events the user may see, filtered in SQL and paginated."""
    events = forms.EventFilterForm(request.GET).apply(_event_list_queryset(request.user))
    sort = EVENT_SORTING.from_request(request)
    page = paginate(request, sort.apply(events), sort=sort)
    context = {
        "page_obj": page,
        "events": page,
        "sort": sort,
        "statuses": EventStatus.choices,
        "categories": Category.choices,
        "harms": Harm.choices,
        "departments": Department.objects.active().values_list("pk", "name"),
    }
    return render(request, "quality/event_list.html", context)


@role_required(*access.QUALITY_OFFICE)
def triage_queue(request):
    """Reports waiting for triage, oldest first; serious ones on top."""
    events = (
        AdverseEvent.objects.filter(status=EventStatus.SUBMITTED)
        .select_related("department", "reporter")
        .annotate(serious_first=Case(When(harm__in=SERIOUS_HARM, then=Value(0)), default=Value(1)))
    )
    sort = TRIAGE_SORTING.from_request(request)
    page = paginate(request, sort.apply(events))
    return render(request, "quality/triage_queue.html", {"page_obj": page, "events": page, "sort": sort})


@login_required
def event_detail(request, pk):
    """The event, its review and its timeline; identities only for those who may see them."""
    return _event_page(request, pk)


def _event_page(request, pk, *, bound: dict | None = None, status: int = 200):
    """The event page; `bound` holds a refused step's form (by step name) so that
    what the user typed is shown again with its errors, not lost in a redirect."""
    user = request.user
    bound = bound or {}
    timeline_steps = EventStep.objects.select_related("actor")
    event = get_object_or_404(
        _event_list_queryset(user)
        .select_related("reporter", "investigator")
        .prefetch_related(
            Prefetch("steps", queryset=timeline_steps),
            "root_causes",
            Prefetch("actions", queryset=CorrectiveAction.objects.select_related("owner")),
        ),
        pk=pk,
    )
    show_reporter = access.may_see_reporter(user, event)
    steps = services.allowed_steps(event, user)
    initial = {
        "event_type": event.event_type,
        "category": event.category,
        "harm": event.harm,
        "medication_category": event.medication_category,
    }
    context = {
        "event": event,
        "show_reporter": show_reporter,
        "show_patient": access.may_see_patient(user),
        "steps": steps,
        "stages": services.workflow_stages(event),
        "update_form": forms.ActionUpdateForm(),
        "action_done": ActionStatus.DONE,
        "triage_form": bound.get("triage") or forms.TriageForm(initial=initial),
        "findings_form": bound.get("findings") or forms.FindingsForm(initial={"findings": event.findings}),
        "root_cause_form": bound.get("root_cause") or forms.RootCauseForm(),
        "action_form": bound.get("action") or forms.ActionForm(owners=access.action_owners(user, event)),
        "close_form": bound.get("close") or forms.CloseForm(),
        "reopen_form": bound.get("reopen") or forms.ReopenForm(),
        "effectiveness_pending": Effectiveness.PENDING,
        "timeline": [(step, show_reporter or step.kind != StepKind.REPORTED) for step in event.steps.all()],
    }
    return render(request, "quality/event_detail.html", context, status=status)


def _run_step(step, event, user, data):
    if step == "triage":
        return services.triage_event(event=event, user=user, **data)
    if step == "start_investigation":
        return services.start_investigation(event=event, user=user)
    if step == "findings":
        return services.record_findings(event=event, user=user, **data)
    if step == "root_cause":
        return services.add_root_cause(event=event, user=user, **data)
    if step == "action":
        return services.add_action(event=event, user=user, **data)
    if step == "close":
        return services.close_event(event=event, user=user, **data)
    if step == "reopen":
        return services.reopen_event(event=event, user=user, **data)
    raise Http404


STEP_FORMS = {
    "triage": forms.TriageForm,
    "start_investigation": None,
    "findings": forms.FindingsForm,
    "root_cause": forms.RootCauseForm,
    "action": forms.ActionForm,
    "close": forms.CloseForm,
    "reopen": forms.ReopenForm,
}
STEP_DONE = {
    "triage": gettext_lazy("Event triaged."),
    "start_investigation": gettext_lazy("Investigation started."),
    "findings": gettext_lazy("Findings saved."),
    "root_cause": gettext_lazy("Root cause added."),
    "action": gettext_lazy("Action added."),
    "close": gettext_lazy("Event closed."),
    "reopen": gettext_lazy("Event reopened."),
}


@login_required
@require_POST
def event_step(request, pk, step):
    """One workflow step from the event page; the service decides whether it is allowed.

    Done: back to the event page. Refused: the page again, with the form as typed
    (a long closing summary is not lost to "finish the open actions first")."""
    if step not in STEP_FORMS:
        raise Http404
    event = get_object_or_404(_event_list_queryset(request.user), pk=pk)
    form_class = STEP_FORMS[step]
    form, data = None, {}
    if form_class is not None:
        extra = {"owners": access.action_owners(request.user, event)} if step == "action" else {}
        form = form_class(request.POST, **extra)
        if not form.is_valid():
            return _event_page(request, pk, bound={step: form}, status=400)
        data = form.cleaned_data
    try:
        _run_step(step, event, request.user, data)
    except DomainError as error:
        if form is not None and error.field in form.fields:
            add_domain_error(form, error)
        else:  # the step's card may not be on the page any more (the event moved on): say it on top
            messages.error(request, error.message)
        if form is None:
            return redirect(event)
        return _event_page(request, pk, bound={step: form}, status=error.status_code)
    messages.success(request, STEP_DONE[step])
    return redirect(event)


@role_required(*access.DASHBOARD_ROLES)
def investigation_list(request):
    """The investigation tracker: triaged and investigated events by due date, overdue first to see."""
    events = (
        _event_list_queryset(request.user)
        .filter(status__in=(EventStatus.TRIAGED, EventStatus.INVESTIGATING))
        .select_related("investigator")
    )
    if request.GET.get("mine") == "1":
        events = events.filter(investigator=request.user)
    sort = INVESTIGATION_SORTING.from_request(request)
    page = paginate(request, sort.apply(events))
    return render(request, "quality/investigation_list.html", {"page_obj": page, "events": page, "sort": sort})


@login_required
def action_list(request):
    """Open actions with due dates: all for the quality office, otherwise visible or owned ones."""
    actions = CorrectiveAction.objects.visible_to(request.user).select_related("event", "owner", "event__department")
    if request.GET.get("all") != "1":
        actions = actions.open()
    if request.GET.get("mine") == "1":
        actions = actions.filter(owner=request.user)
    owners = User.objects.filter(pk__in=actions.values("owner")).order_by("display_name", "username")
    actions = forms.ActionFilterForm(request.GET).apply(actions)
    sort = ACTION_SORTING.from_request(request)
    page = paginate(request, sort.apply(actions), sort=sort)
    return render(
        request,
        "quality/action_list.html",
        {
            "sort": sort,
            "page_obj": page,
            "actions": page,
            "update_form": forms.ActionUpdateForm(),
            "effectiveness_pending": Effectiveness.PENDING,
            "action_done": ActionStatus.DONE,
            "owners": [(owner.pk, str(owner)) for owner in owners],
            "departments": department_tree_choices(visible_departments(request.user)),
        },
    )


@login_required
@require_POST
def action_update(request, pk):
    action = get_object_or_404(CorrectiveAction.objects.visible_to(request.user), pk=pk)
    form = forms.ActionUpdateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
    else:
        try:
            services.update_action(action=action, user=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Action updated."))
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("quality:action_list")
    return redirect(next_url)
