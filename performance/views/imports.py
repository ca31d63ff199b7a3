"""The import page: cost entries, revenue entries, budgets or driver values from a CSV/XLSX
file, every bad row listed."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hospital.errors import DomainError
from hospital.forms import add_domain_error
from hospital.imports import TableImportError
from hospital.permissions import role_required
from performance import access, services
from performance.forms import ImportForm

IMPORTERS = {
    "costs": services.import_cost_entries,
    "revenue": services.import_revenue_entries,
    "budgets": services.import_budgets,
    "drivers": services.import_driver_values,
}


@role_required(*access.MANAGERS)
def import_file(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    status, import_error = 200, None
    if request.method == "POST":
        if form.is_valid():
            try:
                result = IMPORTERS[form.cleaned_data["kind"]](upload=form.cleaned_data["file"], user=request.user)
            except TableImportError as error:
                import_error, status = error, 400
            except DomainError as error:
                add_domain_error(form, error)
                status = error.status_code
            else:
                messages.success(
                    request,
                    _("Imported: %(created)d new, %(updated)d replaced.")
                    % {"created": result.created, "updated": result.updated},
                )
                return redirect("performance:import")
        else:
            status = 400
    return render(request, "performance/import.html", {"form": form, "import_error": import_error}, status=status)
