"""The daily census: the list and the CSV import."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.generic import ListView

from hospital import services
from hospital.errors import DomainError
from hospital.forms import CensusImportForm, add_domain_error
from hospital.imports import TableImportError
from hospital.models import DailyCensus, Department
from hospital.permissions import RoleRequiredMixin, role_required
from hospital.roles import Role, has_role
from hospital.selectors import CENSUS_FIELDS
from hospital.sorting import Sorting
from hospital.views.mixins import SortableListMixin

CENSUS_ROLES = (Role.ADMINISTRATOR, Role.DEPARTMENT_HEAD, Role.NURSE, Role.QUALITY_MANAGER, Role.FINANCE)


class CensusListView(RoleRequiredMixin, SortableListMixin, ListView):
    required_roles = CENSUS_ROLES
    template_name = "hospital/census_list.html"
    paginate_by = 50
    # "-department__code": newest day first, and within a day the departments A to Z
    sorting = Sorting(
        {
            "date": ("date", "-department__code"),
            "department": ("department__code", "-date"),
            **{column: (column,) for column in CENSUS_FIELDS},
        },
        default="-date",
    )

    def get_queryset(self):
        qs = DailyCensus.objects.visible_to(self.request.user).select_related("department")
        department = self.request.GET.get("department")
        if department and department.isdigit():
            qs = qs.filter(department_id=department)
        month = self.request.GET.get("month", "")
        if len(month) == 7 and month[4] == "-" and month.replace("-", "").isdigit():
            qs = qs.filter(date__year=int(month[:4]), date__month=int(month[5:]))
        return self.sorted(qs)

    def get_context_data(self, **kwargs):
        departments = Department.objects.visible_to(self.request.user).active().values_list("pk", "name")
        return super().get_context_data(
            departments=list(departments),
            may_import=has_role(self.request.user, Role.ADMINISTRATOR, Role.DEPARTMENT_HEAD),
            **kwargs,
        )


@role_required(Role.ADMINISTRATOR, Role.DEPARTMENT_HEAD)
def census_import(request):
    """Upload a CSV or XLSX of daily census; every bad row is listed and nothing is imported."""
    form = CensusImportForm(request.POST or None, request.FILES or None)
    import_error = None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.import_census(user=request.user, upload=form.cleaned_data["file"])
        except TableImportError as error:
            import_error = error
            add_domain_error(form, error)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Census imported: %(created)d new days, %(updated)d updated.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect("census_list")
    return render(request, "hospital/census_import.html", {"form": form, "import_error": import_error})
