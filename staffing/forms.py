"""Forms of the staffing pages. They read input; the services decide."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hospital.forms import CrispyFormMixin
from hospital.models import User
from staffing import access
from staffing.models import (
    WORK_RULE_FIELDS,
    CertificationKind,
    CoverageRule,
    LeaveKind,
    ShiftType,
    StaffProfile,
    WorkRules,
)

DATE = forms.DateInput(attrs={"type": "date"})
WEEKDAYS = (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday"))


def next_monday(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7)


class RosterForm(CrispyFormMixin, forms.Form):
    submit_label = _("Create the roster")
    department = forms.ModelChoiceField(label=_("Department"), queryset=None)
    first_day = forms.DateField(label=_("First day"), widget=DATE)
    length_days = forms.IntegerField(label=_("Days"), min_value=1, max_value=366, initial=28)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = access.scheduled_departments(user)
        self.fields["first_day"].initial = next_monday(timezone.localdate())


class CellForm(forms.Form):
    """One cell of the grid: a shift type, or none for a day off."""

    shift_type = forms.ModelChoiceField(
        label=_("Shift"), queryset=ShiftType.objects.filter(is_active=True), required=False, empty_label=_("Off")
    )


class GenerateForm(forms.Form):
    time_limit = forms.IntegerField(
        label=_("Time limit (seconds)"), min_value=1, max_value=600, required=False, help_text=_("Empty: the default.")
    )


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Reason"), max_length=1000, required=False)


class LeaveForm(CrispyFormMixin, forms.Form):
    submit_label = _("Request leave")
    kind = forms.ChoiceField(label=_("Kind"), choices=LeaveKind.choices)
    start = forms.DateField(label=_("First day"), widget=DATE)
    end = forms.DateField(label=_("Last day"), widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ShiftRequestForm(CrispyFormMixin, forms.Form):
    submit_label = _("Send the request")
    date = forms.DateField(label=_("Date"), widget=DATE)
    wants_to_work = forms.TypedChoiceField(
        label=_("I would like"),
        choices=[("0", _("not to work")), ("1", _("to work"))],
        coerce=lambda value: value == "1",
        initial="0",
    )
    shift_type = forms.ModelChoiceField(
        label=_("Shift"),
        queryset=ShiftType.objects.filter(is_active=True),
        required=False,
        empty_label=_("Any shift"),
    )
    weight = forms.IntegerField(label=_("How much it matters (1–10)"), min_value=1, max_value=10, initial=1)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class SwapForm(CrispyFormMixin, forms.Form):
    submit_label = _("Ask for the swap")
    requester_assignment = forms.ModelChoiceField(label=_("My shift"), queryset=None)
    partner = forms.ModelChoiceField(label=_("Swap with"), queryset=None)
    partner_date = forms.DateField(
        label=_("Take their shift of"),
        widget=DATE,
        required=False,
        help_text=_("Empty: they take my shift and I am off."),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, shifts, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requester_assignment"].queryset = shifts
        self.fields["requester_assignment"].label_from_instance = lambda a: (
            f"{a.date:%Y-%m-%d} {a.shift_type.code} · {a.roster.department.name}"
        )
        self.fields["partner"].queryset = (
            User.objects.filter(is_active=True, staff_profile__is_rostered=True, department_id=user.department_id)
            .exclude(pk=user.pk)
            .order_by("display_name", "username")
        )


class CertificationFilterForm(forms.Form):
    within = forms.TypedChoiceField(
        label=_("Expiring within"),
        choices=[(30, _("30 days")), (60, _("60 days")), (90, _("90 days")), (180, _("180 days"))],
        coerce=int,
        required=False,
        empty_value=60,
    )


# --- Reference data and staff (the setup pages) --------------------------------------------

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ShiftTypeForm(CrispyFormMixin, forms.ModelForm):
    class Meta:
        model = ShiftType
        fields = ["code", "name", "start", "end", "paid_hours", "is_night", "colour", "sort_order", "is_active"]
        widgets = {"start": TIME, "end": TIME}
        help_texts = {"end": _("At or before the start: the shift ends the next day.")}

    def _post_clean(self):
        """The service validates the shift type (paid hours, its length, a unique code)."""


class CoverageRuleForm(CrispyFormMixin, forms.ModelForm):
    class Meta:
        model = CoverageRule
        fields = ["scope", "weekday", "date", "shift_type", "skill", "minimum", "preferred", "patients_per_staff"]
        widgets = {"date": DATE, "weekday": forms.Select(choices=[("", "—"), *enumerate(WEEKDAYS)])}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shift_type"].queryset = ShiftType.objects.filter(is_active=True)

    def _post_clean(self):
        """The service validates the rule (scope, minimum and preferred) with its department."""


class SuccessionsField(forms.CharField):
    """Forbidden successions typed as "N A, P N": pairs of shift codes, first then next day's."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(" ".join(pair) for pair in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        pairs = [part.split() for part in text.replace(";", ",").split(",") if part.strip()]
        if any(len(pair) != 2 for pair in pairs):
            raise forms.ValidationError(_("Write pairs of shift codes, such as “N A, P N”."))
        return pairs


class WorkRulesForm(CrispyFormMixin, forms.ModelForm):
    forbidden_successions = SuccessionsField(
        label=_("Forbidden successions"),
        required=False,
        help_text=_("Pairs of shift codes, first then the next day's: “N A, P N”."),
    )

    class Meta:
        model = WorkRules
        fields = WORK_RULE_FIELDS

    def _post_clean(self):
        """The service validates the rules (shift codes, limits) with their department."""


class StaffProfileForm(CrispyFormMixin, forms.ModelForm):
    class Meta:
        model = StaffProfile
        fields = ["job", "grade", "contract_hours_per_week", "fte", "skills", "is_rostered", "may_work_nights"]
        widgets = {"skills": forms.CheckboxSelectMultiple}

    def _post_clean(self):
        """The service validates the profile."""


class CertificationForm(CrispyFormMixin, forms.Form):
    submit_label = _("Add the certification")
    kind = forms.ChoiceField(label=_("Kind"), choices=CertificationKind.choices)
    issued = forms.DateField(label=_("Issued"), widget=DATE)
    expires = forms.DateField(label=_("Expires"), widget=DATE, required=False, help_text=_("Empty: never expires."))
    reference = forms.CharField(label=_("Certificate number"), max_length=60, required=False)
