"""The core's pages: dashboard, notifications, departments, users, census."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, ListView, UpdateView
from django.views.i18n import set_language

from hospital import metrics, services
from hospital.access import department_scope, managed_scope
from hospital.errors import DomainError
from hospital.forms import CensusImportForm, DashboardFilterForm, DepartmentForm, UserForm
from hospital.models import DailyCensus, Department, Language, Notification, User
from hospital.navigation import sections_for, tasks_for
from hospital.permissions import RoleRequiredMixin, role_required
from hospital.roles import Role, has_role, is_administrator

PAGE_SIZE = 25


class HospitalLoginView(LoginView):
    """Log-in that switches the interface to the user's preferred language."""

    def form_valid(self, form):
        response = super().form_valid(form)
        language = form.get_user().preferred_language
        translation.activate(language)
        response.set_cookie("django_language", language, samesite="Lax")
        return response


@require_POST
def switch_language(request):
    """Django's set_language, and for a signed-in user the choice becomes their
    preferred language, so the next log-in keeps it."""
    response = set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(Language.choices):
        User.objects.filter(pk=request.user.pk).update(preferred_language=language)
    return response


# --- Dashboard ------------------------------------------------------------------------


def _dashboard_departments(user):
    """Departments whose dashboard the user may open: all for administrators, managed ones for heads."""
    if is_administrator(user):
        return Department.objects.active()
    return Department.objects.active().filter(managed_scope(user, field=""))


@login_required
def dashboard(request):
    """Administrators and department heads: one card per registered metric; others: their tasks."""
    user = request.user
    if not (is_administrator(user) or has_role(user, Role.DEPARTMENT_HEAD)):
        context = {"tasks": tasks_for(user), "sections": sections_for(user)[1:]}
        return render(request, "hospital/landing.html", context)

    departments = _dashboard_departments(user)
    form = DashboardFilterForm(request.GET or None, departments=departments)
    department = form.cleaned_data["department"] if form.is_valid() else None
    if department is None and not is_administrator(user):
        department = departments.order_by("path").first()
        if department is None:
            raise PermissionDenied
    # 12 complete months for the trend and the headline value, plus this month so far
    periods = metrics.month_periods(timezone.localdate(), 13)
    cards = []
    for metric in metrics.all_metrics():
        values = metrics.series(metric.key, department, periods)
        cards.append({"metric": metric, "value": values[-2], "month_to_date": values[-1], "values": values[:-1]})
    return render(
        request,
        "hospital/dashboard.html",
        {
            "cards": cards,
            "form": form,
            "department": department,
            "last_month": periods[-2][0],
            "tasks": tasks_for(user),
        },
    )


# --- Notifications ----------------------------------------------------------------------


@login_required
def notification_list(request):
    notifications = Notification.objects.for_recipient(request.user)
    if request.GET.get("unread"):
        notifications = notifications.unread()
    page = _paginate(request, notifications)
    return render(request, "hospital/notification_list.html", {"page_obj": page, "notifications": page})


@login_required
@require_POST
def notification_mark_read(request):
    ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()] or None
    services.mark_notifications_read(user=request.user, ids=ids)
    if request.htmx:
        return notification_bell(request)
    return redirect(request.POST.get("next") or reverse("notification_list"))


@login_required
def notification_bell(request):
    unread = Notification.objects.for_recipient(request.user).unread().count()
    return render(request, "hospital/_bell.html", {"unread_notifications": unread})


def _paginate(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


# --- Departments -----------------------------------------------------------------------------


class DepartmentListView(RoleRequiredMixin, ListView):
    """Departments the user may see, searchable; administrators may edit them."""

    template_name = "hospital/department_list.html"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        qs = (
            Department.objects.visible_to(self.request.user)
            .select_related("parent", "head")
            .annotate(staff_count=Count("staff", filter=Q(staff__is_active=True)))
            .order_by("path")
        )
        search = self.request.GET.get("q", "").strip()
        if search:
            qs = qs.filter(Q(name__icontains=search) | Q(code__icontains=search))
        kind = self.request.GET.get("kind")
        if kind:
            qs = qs.filter(kind=kind)
        if self.request.GET.get("inactive") != "1":
            qs = qs.filter(is_active=True)
        return qs

    def get_context_data(self, **kwargs):
        from hospital.models import DepartmentKind

        return super().get_context_data(kinds=DepartmentKind.choices, **kwargs)


class DomainFormMixin:
    """Form views whose save goes through a service: a DomainError becomes a form error."""

    def form_valid(self, form):
        try:
            self.object = self.save_through_service(form)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message % {"name": self.object})
        return HttpResponseRedirect(self.get_success_url())


class DepartmentCreateView(RoleRequiredMixin, DomainFormMixin, CreateView):
    required_roles = (Role.ADMINISTRATOR,)
    model = Department
    form_class = DepartmentForm
    template_name = "hospital/department_form.html"
    success_url = reverse_lazy("department_list")
    success_message = gettext_lazy("Department “%(name)s” saved.")

    def save_through_service(self, form):
        return services.save_department(department=form.instance, user=self.request.user)


class DepartmentUpdateView(DepartmentCreateView, UpdateView):
    def get_context_data(self, **kwargs):
        history = self.object.history.select_related("history_user").order_by("-history_date")[:20]
        return super().get_context_data(history=history, **kwargs)


@role_required(Role.ADMINISTRATOR)
@require_POST
def department_deactivate(request, pk):
    department = get_object_or_404(Department, pk=pk)
    try:
        services.deactivate_department(department=department, user=request.user)
        messages.success(request, _("Department “%(name)s” deactivated.") % {"name": department})
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("department_edit", pk=pk)


# --- Users ----------------------------------------------------------------------------------------


class UserListView(RoleRequiredMixin, ListView):
    """Staff of the departments the user may see, searchable."""

    required_roles = (Role.ADMINISTRATOR, Role.DEPARTMENT_HEAD)
    template_name = "hospital/user_list.html"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        user = self.request.user
        qs = User.objects.select_related("department").prefetch_related(Prefetch("groups", to_attr="role_list"))
        if not is_administrator(user):
            qs = qs.filter(department_scope(user, field="department"))
        search = self.request.GET.get("q", "").strip()
        if search:
            qs = qs.filter(
                Q(username__icontains=search)
                | Q(display_name__icontains=search)
                | Q(employee_number__icontains=search)
                | Q(email__icontains=search)
            )
        if self.request.GET.get("inactive") != "1":
            qs = qs.filter(is_active=True)
        return qs.order_by("username")


class UserCreateView(RoleRequiredMixin, DomainFormMixin, CreateView):
    required_roles = (Role.ADMINISTRATOR,)
    model = User
    form_class = UserForm
    template_name = "hospital/user_form.html"
    success_url = reverse_lazy("user_list")
    success_message = gettext_lazy("User “%(name)s” saved.")

    def save_through_service(self, form):
        return services.save_user(
            account=form.instance,
            roles=list(form.cleaned_data["roles"]),
            user=self.request.user,
            password=form.cleaned_data.get("password", ""),
        )


class UserUpdateView(UserCreateView, UpdateView):
    def get_context_data(self, **kwargs):
        history = self.object.history.select_related("history_user").order_by("-history_date")[:20]
        return super().get_context_data(history=history, **kwargs)


@role_required(Role.ADMINISTRATOR)
@require_POST
def user_deactivate(request, pk):
    account = get_object_or_404(User, pk=pk)
    try:
        services.deactivate_user(account=account, user=request.user)
        messages.success(request, _("User “%(name)s” deactivated.") % {"name": account})
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("user_edit", pk=pk)


# --- Census ---------------------------------------------------------------------------------------------

CENSUS_ROLES = (Role.ADMINISTRATOR, Role.DEPARTMENT_HEAD, Role.NURSE, Role.QUALITY_MANAGER, Role.FINANCE)


class CensusListView(RoleRequiredMixin, ListView):
    required_roles = CENSUS_ROLES
    template_name = "hospital/census_list.html"
    paginate_by = 50

    def get_queryset(self):
        qs = DailyCensus.objects.visible_to(self.request.user).select_related("department")
        department = self.request.GET.get("department")
        if department and department.isdigit():
            qs = qs.filter(department_id=department)
        month = self.request.GET.get("month", "")
        if len(month) == 7 and month[4] == "-" and month.replace("-", "").isdigit():
            qs = qs.filter(date__year=int(month[:4]), date__month=int(month[5:]))
        return qs.order_by("-date", "department__code")

    def get_context_data(self, **kwargs):
        departments = Department.objects.visible_to(self.request.user).active().values_list("pk", "name")
        return super().get_context_data(
            departments=list(departments),
            may_import=has_role(self.request.user, Role.ADMINISTRATOR, Role.DEPARTMENT_HEAD),
            **kwargs,
        )


@role_required(Role.ADMINISTRATOR, Role.DEPARTMENT_HEAD)
def census_import(request):
    """Upload a CSV of daily census; every bad row is listed and nothing is imported."""
    form = CensusImportForm(request.POST or None, request.FILES or None)
    row_errors = []
    if request.method == "POST" and form.is_valid():
        try:
            text = io.TextIOWrapper(form.cleaned_data["file"].file, encoding="utf-8-sig", errors="strict")
            result = services.import_census_csv(file=text, user=request.user)
        except services.CensusImportError as error:
            row_errors = error.errors
            form.add_error(None, error.message)
        except DomainError as error:
            form.add_error(None, error.message)
        except UnicodeDecodeError:
            form.add_error("file", _("The file is not UTF-8 text; save it as “CSV UTF-8”."))
        else:
            messages.success(
                request,
                _("Census imported: %(created)d new days, %(updated)d replaced.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect("census_list")
    return render(request, "hospital/census_import.html", {"form": form, "row_errors": row_errors})
