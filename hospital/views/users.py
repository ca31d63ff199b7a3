"""User accounts: the list for administrators and heads, create and edit for administrators."""

from django.contrib import messages
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, ListView, UpdateView

from hospital import services
from hospital.errors import DomainError
from hospital.forms import UserForm
from hospital.models import User
from hospital.pagination import PAGE_SIZE
from hospital.permissions import RoleRequiredMixin, role_required
from hospital.roles import Role
from hospital.sorting import Sorting
from hospital.views.mixins import HistoryMixin, ServiceFormMixin, SortableListMixin


class UserListView(RoleRequiredMixin, SortableListMixin, ListView):
    """Accounts the user may look up (User.objects.visible_to), searchable, sortable."""

    required_roles = (Role.ADMINISTRATOR, Role.DEPARTMENT_HEAD)
    template_name = "hospital/user_list.html"
    paginate_by = PAGE_SIZE
    sorting = Sorting(
        {
            "username": ("username",),
            "name": ("display_name",),
            "employee_number": ("employee_number",),
            "department": ("department__name",),
            "status": ("-is_active",),
        },
        default="username",
    )

    def get_queryset(self):
        qs = (
            User.objects.visible_to(self.request.user)
            .select_related("department")
            .prefetch_related(Prefetch("groups", to_attr="role_list"))
        )
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
        return self.sorted(qs)


class UserCreateView(RoleRequiredMixin, ServiceFormMixin, CreateView):
    required_roles = (Role.ADMINISTRATOR,)
    model = User
    form_class = UserForm
    template_name = "hospital/user_form.html"
    success_url = reverse_lazy("user_list")
    success_message = gettext_lazy("User “%(name)s” saved.")

    def save_through_service(self, form):
        values = dict(form.cleaned_data)
        return services.create_user(
            user=self.request.user, roles=list(values.pop("roles")), password=values.pop("password", ""), **values
        )


class UserUpdateView(HistoryMixin, UserCreateView, UpdateView):
    # not "user": that name is the signed-in user everywhere in the layout (the account menu)
    context_object_name = "account"

    def save_through_service(self, form):
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name not in ("roles", "password")}
        return services.update_user(
            user=self.request.user,
            account=self.object,
            roles=list(form.cleaned_data["roles"]),
            password=form.cleaned_data.get("password", ""),
            **changes,
        )


@role_required(Role.ADMINISTRATOR)
@require_POST
def user_deactivate(request, pk):
    account = get_object_or_404(User, pk=pk)
    try:
        services.update_user(user=request.user, account=account, is_active=False)
        messages.success(request, _("User “%(name)s” deactivated.") % {"name": account})
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("user_edit", pk=pk)
