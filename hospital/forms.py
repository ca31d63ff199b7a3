from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from hospital.errors import DomainError
from hospital.models import ACCOUNT_FIELDS, Department, User


def add_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Show a service's refusal on the form: on its field when the form has it, else on top."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


class CrispyFormMixin:
    """The one form mixin of every app.

    By default a crispy helper renders the whole form (`{% crispy form %}`) with one
    primary submit button labelled `submit_label`. With `submit_label = None` the
    template lays the form out itself, field by field with the shared partial
    `_field.html` (phone forms, several forms in one page, htmx rows): the widgets
    then carry Bootstrap's classes. `id_prefix`: forms that share one page get
    element ids of their own, so each label points at its own field; the posted
    names stay the same.
    """

    submit_label = _("Save")
    id_prefix = ""

    def __init__(self, *args, **kwargs):
        if self.id_prefix:
            kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        if self.submit_label:
            self.helper.add_input(Submit("submit", self.submit_label))
        else:
            self.helper.form_tag = False
            for field in self.fields.values():
                field.widget.attrs.setdefault("class", _bootstrap_class(field.widget))


def _bootstrap_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.RadioSelect | forms.CheckboxInput | forms.CheckboxSelectMultiple):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


class DepartmentForm(CrispyFormMixin, forms.ModelForm):
    class Meta:
        model = Department
        fields = ["code", "name", "kind", "parent", "head", "staffed_beds", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Department.objects.active()
        self.fields["head"].queryset = User.objects.filter(is_active=True)


class UserForm(CrispyFormMixin, forms.ModelForm):
    roles = forms.ModelMultipleChoiceField(
        label=_("Roles"),
        queryset=Group.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    password = forms.CharField(
        label=_("New password"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty to keep the current password."),
    )

    class Meta:
        model = User
        fields = list(ACCOUNT_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.active()
        if self.instance.pk:
            self.fields["roles"].initial = self.instance.groups.all()

    def clean_password(self):
        password = self.cleaned_data.get("password")
        if password:
            validate_password(password, self.instance)
        return password


class CensusImportForm(CrispyFormMixin, forms.Form):
    submit_label = _("Import")

    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "Columns: department (code), date (YYYY-MM-DD), then any of inpatients, admissions, discharges, "
            "deaths, transfers_in, transfers_out, outpatient_visits, surgeries, staffed_beds. A day already "
            "stored changes only in the columns the file has. All rows are imported, or none if any row has "
            "an error. At most 5 MB."
        ),
    )


TREE_INDENT = "\u2003"  # an em space per level: <option> text cannot be padded with CSS


def department_tree_choices(departments) -> list[tuple[int, str]]:
    """(pk, name) pairs of departments in tree order, each name indented by its depth
    below the shallowest one listed (a head's own department starts at the margin)."""
    departments = list(departments)
    top = min((d.depth for d in departments), default=0)
    return [(d.pk, TREE_INDENT * (d.depth - top) + d.name) for d in departments]


class DepartmentTreeChoiceField(forms.ModelChoiceField):
    """A department picker showing the queryset (tree order) indented as a tree
    (each form has its own copy of the field, so the depth read here is its own)."""

    _top_depth = None

    def label_from_instance(self, obj):
        if self._top_depth is None:
            self._top_depth = min((d.depth for d in self.queryset.only("path")), default=0)
        return TREE_INDENT * (obj.depth - self._top_depth) + obj.name


class DashboardFilterForm(forms.Form):
    """The dashboard's department: only what the user may choose, as a tree; the whole
    hospital only for those who may see it. The picker applies on change (static/js/app.js)."""

    department = DepartmentTreeChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False, empty_label=_("Whole hospital")
    )

    def __init__(self, *args, departments, whole_hospital: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        field.queryset = departments
        if not whole_hospital:
            field.required, field.empty_label = True, None
        field.widget.attrs.update({"class": "form-select form-select-sm", "data-auto-submit": ""})


class ListFilterForm(forms.Form):
    """The filters of a list page, read from its query string (`Form(request.GET)`).

    The page and its export build the same form from the same query string and call
    `apply(queryset)`, so the export holds exactly the rows the page lists. Each
    field is applied by the subclass's `filter_<name>(queryset, value)`; an empty
    field filters nothing, and a value that does not validate (a hand-edited URL)
    filters nothing either, as the page showed before filters had a form.
    """

    def apply(self, queryset):
        self.is_valid()  # cleaned_data then holds the fields that validated
        for name, value in self.cleaned_data.items():
            if value in (None, "", [], ()):
                continue
            queryset = getattr(self, f"filter_{name}")(queryset, value)
        return queryset
