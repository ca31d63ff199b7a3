"""Departments: the list for managers, create and edit for administrators."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, ListView, UpdateView

from hospital import services
from hospital.errors import DomainError
from hospital.forms import DepartmentForm
from hospital.models import Department, DepartmentKind
from hospital.pagination import PAGE_SIZE
from hospital.permissions import RoleRequiredMixin, role_required
from hospital.roles import Role
from hospital.sorting import Sorting
from hospital.views.mixins import HistoryMixin, ServiceFormMixin, SortableListMixin


class DepartmentListView(RoleRequiredMixin, SortableListMixin, ListView):
    """Departments the user may see, searchable, sortable; administrators may edit them."""

    template_name = "hospital/department_list.html"
    paginate_by = PAGE_SIZE
    sorting = Sorting(
        {
            "tree": ("path",),
            "code": ("code",),
            "name": ("name",),
            "kind": ("kind",),
            "head": ("head__display_name", "head__username"),
            "beds": ("staffed_beds",),
            "staff": ("staff_count",),
            "status": ("-is_active",),
        },
        default="tree",
    )

    def get_queryset(self):
        qs = (
            Department.objects.visible_to(self.request.user)
            .select_related("parent", "head")
            .annotate(staff_count=Count("staff", filter=Q(staff__is_active=True)))
        )
        search = self.request.GET.get("q", "").strip()
        if search:
            qs = qs.filter(Q(name__icontains=search) | Q(code__icontains=search))
        kind = self.request.GET.get("kind")
        if kind:
            qs = qs.filter(kind=kind)
        if self.request.GET.get("inactive") != "1":
            qs = qs.filter(is_active=True)
        return self.sorted(qs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(kinds=DepartmentKind.choices, **kwargs)


class DepartmentCreateView(RoleRequiredMixin, ServiceFormMixin, CreateView):
    required_roles = (Role.ADMINISTRATOR,)
    model = Department
    form_class = DepartmentForm
    template_name = "hospital/department_form.html"
    success_url = reverse_lazy("department_list")
    success_message = gettext_lazy("Department “%(name)s” saved.")

    def save_through_service(self, form):
        return services.create_department(user=self.request.user, **form.cleaned_data)


class DepartmentUpdateView(HistoryMixin, DepartmentCreateView, UpdateView):
    def save_through_service(self, form):
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        return services.update_department(user=self.request.user, department=self.object, **changes)


@role_required(Role.ADMINISTRATOR)
@require_POST
def department_deactivate(request, pk):
    department = get_object_or_404(Department, pk=pk)
    try:
        services.update_department(user=request.user, department=department, is_active=False)
        messages.success(request, _("Department “%(name)s” deactivated.") % {"name": department})
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("department_edit", pk=pk)
