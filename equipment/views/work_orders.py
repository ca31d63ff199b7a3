"""The engineers' work-order board (htmx moves, no reload), a work order's page and its steps."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from equipment import access, forms, selectors, services
from equipment.models import WorkOrder, WorkOrderStatus
from equipment.services.work_orders import STEP_LABELS, STEP_TO_COLUMN
from equipment.views.devices import visible_device
from hospital.errors import DomainError
from hospital.forms import add_domain_error
from hospital.pagination import paginate
from hospital.permissions import role_required

# board column -> the button that moves a card there
MOVES = {
    WorkOrderStatus.ASSIGNED: gettext_lazy("Respond"),
    WorkOrderStatus.IN_PROGRESS: gettext_lazy("Start"),
    WorkOrderStatus.WAITING_PARTS: gettext_lazy("Waiting for parts"),
}


# Cards per column on the board; the rest of a column is on its own paginated page.
BOARD_CARDS = 20


def _with_moves(orders, user) -> None:
    for order in orders:
        allowed = services.allowed_work_order_steps(order, user)
        order.moves = [
            (status, label)
            for status, label in MOVES.items()
            if STEP_TO_COLUMN[status] in allowed and status != order.status
        ]


def _board_context(request) -> dict:
    columns = selectors.board_columns(request.user, per_column=BOARD_CARDS)
    for column in columns:
        _with_moves(column["orders"], request.user)
    return {"columns": columns}


@role_required(*access.MANAGERS)
def board(request):
    return render(request, "equipment/board.html", _board_context(request))


@role_required(*access.MANAGERS)
def board_column(request, status):
    """One board column in full, paginated, most urgent first (the board's "all" link)."""
    if status not in selectors.BOARD_STATUSES:
        raise Http404
    page = paginate(request, selectors.board_column(request.user, status))
    context = {"page_obj": page, "status": status, "label": WorkOrderStatus(status).label}
    return render(request, "equipment/board_column.html", context)


@role_required(*access.MANAGERS)
@require_POST
def board_move(request, pk):
    """A card's move button: the step to that column; htmx swaps the board, others reload the page."""
    order = get_object_or_404(WorkOrder.objects.visible_to(request.user), pk=pk)
    status = 200
    try:
        services.move_on_board(order=order, user=request.user, to_status=request.POST.get("to", ""))
    except DomainError as error:
        messages.error(request, error.message)
        status = error.status_code
    if not request.htmx:
        return redirect("equipment:board")
    return render(request, "equipment/_board.html", _board_context(request), status=status)


def _order(request, pk) -> WorkOrder:
    return get_object_or_404(
        WorkOrder.objects.visible_to(request.user).select_related(
            "equipment", "equipment__department", "engineer", "reported_by", "plan"
        ),
        pk=pk,
    )


@role_required(*access.WORK_ORDER_ROLES)
def work_order_detail(request, pk):
    return _order_page(request, pk)


def _order_page(request, pk, *, bound: dict | None = None, status: int = 200):
    bound = bound or {}
    order = _order(request, pk)
    context = {
        "order": order,
        "steps": services.allowed_work_order_steps(order, request.user),
        "step_labels": STEP_LABELS,
        "assign_form": bound.get("assign") or forms.AssignForm(initial={"engineer": order.engineer_id}),
        "complete_form": bound.get("complete") or forms.CompleteForm(corrective=order.is_corrective),
        "cancel_form": bound.get("cancel") or forms.CancelForm(),
        "show_costs": access.may_see_costs(request.user),
    }
    return render(request, "equipment/work_order_detail.html", context, status=status)


STEP_FORMS = {"assign": forms.AssignForm, "complete": forms.CompleteForm, "cancel": forms.CancelForm}


def _run_step(step, order, user, data):
    if step == "assign":
        return services.assign_work_order(order=order, user=user, engineer=data["engineer"])
    if step == "respond":
        return services.respond_to_work_order(order=order, user=user)
    if step == "start":
        return services.start_work_order(order=order, user=user)
    if step == "wait_for_parts":
        return services.wait_for_parts(order=order, user=user)
    if step == "complete":
        return services.complete_work_order(order=order, user=user, **data)
    return services.cancel_work_order(order=order, user=user, reason=data["reason"])


@role_required(*access.MANAGERS)
@require_POST
def work_order_step(request, pk, step):
    if step not in services.STEPS:
        raise Http404
    order = _order(request, pk)
    form, data = None, {}
    form_class = STEP_FORMS.get(step)
    if form_class is not None:
        extra = {"corrective": order.is_corrective} if step == "complete" else {}
        form = form_class(request.POST, **extra)
        if not form.is_valid():
            return _order_page(request, pk, bound={step: form}, status=400)
        data = form.cleaned_data
    try:
        _run_step(step, order, request.user, data)
    except DomainError as error:
        if form is not None and error.field in form.fields:
            add_domain_error(form, error)
        else:
            messages.error(request, error.message)
        return _order_page(request, pk, bound={step: form} if form else {}, status=error.status_code)
    messages.success(request, _("Work order updated."))
    return redirect(order)


@role_required(*access.MANAGERS)
def work_order_create(request, asset_tag):
    device = visible_device(request, asset_tag)
    form = forms.WorkOrderForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                order = services.create_work_order(
                    user=request.user,
                    equipment=device,
                    kind=data["kind"],
                    priority=data["priority"],
                    description=data["description"],
                )
            except DomainError as error:
                add_domain_error(form, error)
                status = error.status_code
            else:
                return redirect(order)
        else:
            status = 400
    return render(request, "equipment/work_order_form.html", {"form": form, "device": device}, status=status)
