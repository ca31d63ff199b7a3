"""The daily census: the list and the CSV import."""

import io

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.generic import ListView

from hospital import services
from hospital.errors import DomainError
from hospital.forms import CensusImportForm
from hospital.models import DailyCensus, Department
from hospital.permissions import RoleRequiredMixin, role_required
from hospital.roles import Role, has_role

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
