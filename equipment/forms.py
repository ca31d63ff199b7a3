"""Forms of the equipment pages. They read input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from equipment.models import (
    CORRECTIVE_OUTCOMES,
    PLANNED_OUTCOMES,
    Equipment,
    IntervalUnit,
    Outcome,
    PlanKind,
    Priority,
    WorkOrderKind,
)
from equipment.selectors import engineers_on_duty
from equipment.services.lifecycle import DEVICE_FIELDS
from hospital.forms import CrispyFormMixin
from hospital.models import Department

DATE = forms.DateInput(attrs={"type": "date"})
# The checks every device passes before first use (EC.02.04.03).
ACCEPTANCE_STEPS = (
    ("delivery_complete", _("Delivered complete, undamaged, with manuals")),
    ("powers_on", _("Powers on and passes its self-test")),
    ("alarms", _("Alarms sound and can be heard")),
    ("function", _("Performs its function within the manufacturer's tolerances")),
)


class DeviceForm(CrispyFormMixin, forms.ModelForm):
    class Meta:
        model = Equipment
        fields = ["asset_tag", *DEVICE_FIELDS]
        widgets = {"purchase_date": DATE, "warranty_end": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.active()
        if self.instance.pk:
            del self.fields["asset_tag"]

    def validate_unique(self):
        """The service says whether the asset tag is taken (409 on the page as in the API)."""

    def _post_clean(self):
        # The model's check constraints are the service's rules: the service reports them.
        pass


class StepForm(CrispyFormMixin, forms.Form):
    submit_label = None
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000)
    on = forms.DateField(label=_("Date"), required=False, widget=DATE, help_text=_("Today if empty."))


class AcceptanceTestForm(CrispyFormMixin, forms.Form):
    submit_label = _("Record the acceptance test")
    electrical_safety_passed = forms.BooleanField(label=_("Electrical safety test passed"), required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in ACCEPTANCE_STEPS:
            self.fields[name] = forms.BooleanField(label=label, required=False)
            self.fields[name].widget.attrs.setdefault("class", "form-check-input")
        self.order_fields([name for name, _label in ACCEPTANCE_STEPS])

    def checklist_results(self) -> list[dict]:
        return [{"step": str(label), "passed": bool(self.cleaned_data.get(name))} for name, label in ACCEPTANCE_STEPS]


class PlanForm(CrispyFormMixin, forms.Form):
    submit_label = _("Save the plan")
    kind = forms.ChoiceField(label=_("Kind"), choices=PlanKind.choices)
    interval_value = forms.IntegerField(label=_("Every"), min_value=1, max_value=3650)
    interval_unit = forms.ChoiceField(label=_("Unit"), choices=IntervalUnit.choices)
    first_due = forms.DateField(label=_("First due"), widget=DATE)
    checklist = forms.CharField(
        label=_("Checklist steps"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )
    engineer = forms.ModelChoiceField(label=_("Engineer"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["engineer"].queryset = engineers_on_duty()

    def steps(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("checklist", "").splitlines() if line.strip()]


class WorkOrderForm(CrispyFormMixin, forms.Form):
    submit_label = _("Open the work order")
    kind = forms.ChoiceField(label=_("Kind"), choices=WorkOrderKind.choices)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL)
    description = forms.CharField(label=_("Fault or task"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class FaultReportForm(CrispyFormMixin, forms.Form):
    submit_label = None
    description = forms.CharField(
        label=_("What is wrong?"),
        required=False,  # the service says "Describe the fault.", as to the API
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you saw or heard, and whether a patient was connected."),
    )


class TagLookupForm(CrispyFormMixin, forms.Form):
    submit_label = None
    asset_tag = forms.CharField(label=_("Asset tag"), max_length=40)


class AssignForm(CrispyFormMixin, forms.Form):
    submit_label = None
    engineer = forms.ModelChoiceField(label=_("Engineer"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["engineer"].queryset = engineers_on_duty()


class CompleteForm(CrispyFormMixin, forms.Form):
    submit_label = None
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    labour_hours = forms.DecimalField(label=_("Labour hours"), min_value=0, max_digits=7, decimal_places=2, initial=0)
    parts_cost = forms.DecimalField(label=_("Parts cost"), min_value=0, max_digits=12, decimal_places=2, initial=0)
    vendor_cost = forms.DecimalField(label=_("Vendor cost"), min_value=0, max_digits=12, decimal_places=2, initial=0)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, corrective: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = CORRECTIVE_OUTCOMES if corrective else PLANNED_OUTCOMES
        self.fields["outcome"].choices = [(value, Outcome(value).label) for value in allowed]


class CancelForm(CrispyFormMixin, forms.Form):
    submit_label = None
    reason = forms.CharField(label=_("Reason"), max_length=1000)
