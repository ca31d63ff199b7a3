"""Forms of the OKR pages. Saving goes through okr.services; forms only collect input."""

from decimal import Decimal

from crispy_forms.layout import Layout
from django import forms
from django.core.validators import MinValueValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hospital import metric_registry
from hospital.access import visible_departments
from hospital.forms import CrispyFormMixin
from hospital.models import Department
from okr import access
from okr.models import (
    Cycle,
    CycleStatus,
    KeyResult,
    KeyResultKind,
    Objective,
    ObjectiveKind,
    ObjectiveLevel,
    ObjectiveStatus,
)


class CascadeFilterForm(CrispyFormMixin, forms.Form):
    submit_label = None  # laid out by the cascade and review templates, field by field

    cycle = forms.ModelChoiceField(label=_("Cycle"), queryset=Cycle.objects.all(), required=False)
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none(), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *ObjectiveKind.choices], required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = visible_departments(user)
        self.fields["cycle"].empty_label = _("Current cycle")
        self.fields["department"].empty_label = _("All departments")
        for form_field in self.fields.values():
            form_field.widget.attrs["class"] = "form-select-sm"


class CycleForm(CrispyFormMixin, forms.ModelForm):
    class Meta:
        model = Cycle
        fields = ["name", "start", "end", "status", "year"]
        widgets = {"start": forms.DateInput(attrs={"type": "date"}), "end": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].queryset = Cycle.objects.filter(year__isnull=True).exclude(pk=self.instance.pk)
        # a cycle is closed from its review, where closing grades its key results
        self.fields["status"].choices = [c for c in CycleStatus.choices if c[0] != CycleStatus.CLOSED]


class ObjectiveForm(CrispyFormMixin, forms.ModelForm):
    class Meta:
        model = Objective
        fields = [
            "title",
            "description",
            "cycle",
            "level",
            "department",
            "parent",
            "kind",
            "status",
            "owner",
            "contributing_departments",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle"].queryset = Cycle.objects.exclude(status=CycleStatus.CLOSED)
        self.fields["level"].choices = [
            (level, label) for level, label in ObjectiveLevel.choices if access.may_set_level(user, level=level)
        ]
        self.fields["department"].queryset = access.objective_departments(user)
        self.fields["parent"].queryset = (
            Objective.objects.visible_to(user)
            .exclude(level=ObjectiveLevel.INDIVIDUAL)
            .exclude(status__in=[ObjectiveStatus.CLOSED, ObjectiveStatus.CANCELLED])
            .exclude(pk=self.instance.pk)
            .select_related("cycle")
        )
        self.fields["contributing_departments"].queryset = Department.objects.active()
        self.fields["contributing_departments"].widget.attrs["size"] = 6
        self.fields["owner"].queryset = self.fields["owner"].queryset.filter(is_active=True)

    def _get_validation_exclusions(self):
        # Which level needs a department is the service's rule (it clears a hospital
        # objective's department and refuses a missing one on the department field);
        # the model's check constraints would answer first, with their names.
        return super()._get_validation_exclusions() | {"department"}


class KeyResultForm(CrispyFormMixin, forms.ModelForm):
    metric_key = forms.ChoiceField(label=_("Live metric"), required=False)

    class Meta:
        model = KeyResult
        fields = [
            "title",
            "kind",
            "unit",
            "baseline",
            "target",
            "lower",
            "upper",
            "weight",
            "due_date",
            "owner",
            "metric_key",
            "metric_department",
        ]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metric_key"].choices = [("", _("None: values are entered by hand")), *metric_registry.choices()]
        self.fields["metric_key"].help_text = KeyResult._meta.get_field("metric_key").help_text
        # live data of the departments the user may see (and the one already bound, if set by someone else)
        self.fields["metric_department"].queryset = Department.objects.active().filter(
            Q(pk__in=access.data_departments(user)) | Q(pk=self.instance.metric_department_id)
        )
        self.fields["owner"].queryset = self.fields["owner"].queryset.filter(is_active=True)
        # the service's message rather than the database constraint's name
        self.fields["weight"].validators.append(
            MinValueValidator(Decimal("0.01"), message=_("The weight must be above zero."))
        )
        if self.instance.pk:
            # targets change only with a reason (see "Change target")
            for name in ("target", "lower", "upper"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Use “Change target” to change it, giving the reason.")


class TargetChangeForm(CrispyFormMixin, forms.Form):
    submit_label = _("Change target")
    target = forms.DecimalField(label=_("New target"), required=False, max_digits=14, decimal_places=4)
    lower = forms.DecimalField(label=_("New lower bound"), required=False, max_digits=14, decimal_places=4)
    upper = forms.DecimalField(label=_("New upper bound"), required=False, max_digits=14, decimal_places=4)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, key_result, **kwargs):
        super().__init__(*args, **kwargs)
        if key_result.kind == KeyResultKind.RANGE:
            del self.fields["target"]
        else:
            del self.fields["lower"], self.fields["upper"]
        self.helper.layout = Layout(*self.fields)  # laid out by the mixin before the deletion
