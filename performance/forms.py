"""The performance pages' forms: the report filters every page and its export share,
running an allocation, the imports, and a single cost or revenue entry."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hospital.forms import CrispyFormMixin, DepartmentTreeChoiceField
from hospital.models import Department
from hospital.periods import add_months, month_start
from performance import access
from performance.models import AllocationMethod, CostCategory, RevenueKind

MAX_MONTHS = 36  # a report spans at most three years


class MonthField(forms.DateField):
    """A month typed as YYYY-MM (<input type="month">), cleaned to its first day."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m", "%Y-%m-%d"]

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace(day=1) if value else value


class ReportFilterForm(forms.Form):
    """Months first..last and a department: read by each report and by its export alike,
    so the file holds what the page shows. Bad values fall back to the default period."""

    first = MonthField(label=_("From"), required=False)
    last = MonthField(label=_("To"), required=False)
    department = DepartmentTreeChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False, empty_label=_("All departments")
    )

    def __init__(self, *args, user, default_months: int = 12, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_months = default_months
        self.fields["department"].queryset = access.reporting_departments(user)
        for field in self.fields.values():
            css = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", css)

    def period(self) -> tuple[dt.date, dt.date, Department | None]:
        """(first month, last month, department or None) the report shows."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        this_month = month_start(timezone.localdate())
        last = data.get("last") or this_month
        first = data.get("first") or add_months(last, -(self.default_months - 1))
        if first > last:
            first, last = last, first
        first = max(first, add_months(last, -(MAX_MONTHS - 1)))
        return first, last, data.get("department")


class AllocationRunForm(CrispyFormMixin, forms.Form):
    submit_label = _("Run the allocation")

    month = MonthField(label=_("Month"))
    method = forms.ChoiceField(label=_("Method"), choices=AllocationMethod.choices, initial=AllocationMethod.STEP_DOWN)


class MonthForm(CrispyFormMixin, forms.Form):
    submit_label = _("Collect")

    month = MonthField(label=_("Month"))


class ImportForm(CrispyFormMixin, forms.Form):
    submit_label = _("Import")

    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[
            ("costs", _("Cost entries")),
            ("revenue", _("Revenue entries")),
            ("budgets", _("Budgets")),
            ("drivers", _("Driver values")),
        ],
    )
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "Cost entries: department (code), month (YYYY-MM), category (code), amount, and optionally "
            "reference and note. Revenue entries: department, month, kind (outpatient, inpatient, drugs, "
            "examinations, other), amount, and optionally reference and note. Budgets: department, month, "
            "category, amount. Driver values: department, month, driver (fte, floor_area, patient_days, "
            "work_orders, requisition_value, revenue), value. All rows are imported, or none if any row "
            "has an error. At most 5 MB."
        ),
    )


class _EntryForm(CrispyFormMixin, forms.Form):
    """One cost or revenue entry typed by finance (the services check the month is open)."""

    submit_label = _("Save the entry")

    department = DepartmentTreeChoiceField(label=_("Department"), queryset=Department.objects.none())
    month = MonthField(label=_("Month"))
    amount = forms.DecimalField(
        label=_("Amount"), max_digits=14, decimal_places=2, help_text=_("A credit may be negative.")
    )
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = access.reporting_departments(user)
        self.order_fields(["department", "month", self.kind_field, "amount", "reference", "note"])


class CostEntryForm(_EntryForm):
    kind_field = "category"
    category = forms.ModelChoiceField(label=_("Category"), queryset=CostCategory.objects.filter(is_active=True))


class RevenueEntryForm(_EntryForm):
    kind_field = "kind"
    kind = forms.ChoiceField(label=_("Kind"), choices=RevenueKind.choices)
