"""Forms of the quality pages. They check input shapes; the rules live in quality.services."""

import uuid

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hospital.forms import CrispyFormMixin, ListFilterForm
from hospital.models import Department, User
from quality.models import (
    ActionKind,
    ActionStatus,
    Category,
    Effectiveness,
    EventStatus,
    EventType,
    Harm,
    InfectionKind,
    MedicationErrorCategory,
    RootCauseKind,
    Survey,
)
from quality.models.events import merp_event_type
from quality.selectors import eligible_investigators

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class MerpSelect(forms.Select):
    """The NCC MERP letters, each marked with the event type it means (A unsafe
    condition, B near miss, C–I incident): quality/report.js offers only the letters
    of the chosen event type, and the service refuses any other pairing."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["data-event-type"] = merp_event_type(str(value))
        return option


def _merp_field():
    return forms.ChoiceField(
        label=_("NCC MERP category"),
        choices=[("", "—"), *MedicationErrorCategory.choices],
        required=False,
        widget=MerpSelect,
    )


def _datetime_field(label, required=True):
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=[DATETIME_LOCAL],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EventReportForm(CrispyFormMixin, forms.Form):
    """The report a nurse files from a phone. Fields that a category does not need are
    hidden by quality/report.js (data-show-when); report_event drops what they do not apply to."""

    submit_label = None  # laid out field by field with _field.html

    anonymous = forms.BooleanField(
        label=_("Report anonymously"),
        required=False,
        help_text=_("Nothing that identifies you is stored. You will not be able to follow this report."),
    )
    event_type = forms.ChoiceField(label=_("What kind of event?"), choices=EventType.choices, widget=forms.RadioSelect)
    category = forms.ChoiceField(label=_("Category"), choices=[("", "—"), *Category.choices])
    harm = forms.ChoiceField(label=_("Harm to the patient"), choices=Harm.choices, initial=Harm.UNKNOWN, required=False)
    medication_category = _merp_field()
    device_asset_tag = forms.CharField(label=_("Device asset tag"), max_length=40, required=False)
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none())
    location = forms.CharField(label=_("Location (room, bed, area)"), max_length=120, required=False)
    occurred_at = _datetime_field(_("When did it happen?"))
    discovered_at = _datetime_field(_("When was it found? (if later)"), required=False)
    description = forms.CharField(label=_("What happened?"), widget=forms.Textarea(attrs={"rows": 3}))
    immediate_actions = forms.CharField(
        label=_("What was done at once?"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    contributing_factors = forms.CharField(
        label=_("What contributed to it?"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    patient_identifier = forms.CharField(
        label=_("Patient identifier (optional)"),
        max_length=40,
        required=False,
        help_text=_("Seen only by the quality office."),
    )

    submission_key = forms.CharField(required=False, widget=forms.HiddenInput)

    # field -> (controlling field, values that show it)
    SHOW_WHEN = {
        "harm": ("event_type", [EventType.INCIDENT]),
        "medication_category": ("category", [Category.MEDICATION]),
        "device_asset_tag": ("category", [Category.DEVICE]),
    }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.active().order_by("name")
        if user.department_id:
            self.fields["department"].initial = user.department_id
        self.fields["occurred_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["submission_key"].initial = uuid.uuid4()  # one per form shown: see AdverseEvent
        for name, (controller, values) in self.SHOW_WHEN.items():
            self.fields[name].widget.attrs["data-show-when"] = f"{controller}={','.join(values)}"

    def clean_submission_key(self) -> uuid.UUID | None:
        # A hidden field has nowhere to show an error: a mangled key files the report anyway.
        try:
            return uuid.UUID(self.cleaned_data["submission_key"])
        except ValueError:
            return None


class TriageForm(CrispyFormMixin, forms.Form):
    submit_label = None  # laid out field by field with _field.html
    id_prefix = "triage"
    event_type = forms.ChoiceField(label=_("Event type"), choices=EventType.choices)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    harm = forms.ChoiceField(label=_("Harm"), choices=Harm.choices)
    medication_category = _merp_field()
    investigator = forms.ModelChoiceField(label=_("Investigator"), queryset=User.objects.none())
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=_date_widget(),
        help_text=_("Leave empty to set it by severity (45 working days for serious harm)."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["investigator"].queryset = eligible_investigators()
        # Shown only for medication events (quality/report.js), as on the report form.
        self.fields["medication_category"].widget.attrs["data-show-when"] = f"category={Category.MEDICATION}"


class FindingsForm(CrispyFormMixin, forms.Form):
    submit_label = None  # laid out field by field with _field.html
    id_prefix = "findings"
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 4}))


class RootCauseForm(CrispyFormMixin, forms.Form):
    submit_label = None  # laid out field by field with _field.html
    id_prefix = "root_cause"
    kind = forms.ChoiceField(label=_("Kind"), choices=RootCauseKind.choices)
    description = forms.CharField(label=_("Root cause"), widget=forms.Textarea(attrs={"rows": 2}))


class ActionForm(CrispyFormMixin, forms.Form):
    submit_label = None  # laid out field by field with _field.html
    id_prefix = "action"
    kind = forms.ChoiceField(label=_("Kind"), choices=ActionKind.choices)
    description = forms.CharField(label=_("What is to be done"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none())
    due_date = forms.DateField(label=_("Due date"), widget=_date_widget())

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        # the same people add_action accepts (quality.access.action_owners)
        self.fields["owner"].queryset = owners if owners is not None else User.objects.none()


class ActionUpdateForm(CrispyFormMixin, forms.Form):
    submit_label = None  # laid out field by field with _field.html
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    effectiveness = forms.ChoiceField(label=_("Effectiveness"), choices=Effectiveness.choices)
    effectiveness_note = forms.CharField(label=_("Effectiveness check"), required=False)


class CloseForm(CrispyFormMixin, forms.Form):
    submit_label = None  # laid out field by field with _field.html
    id_prefix = "close"
    summary = forms.CharField(label=_("Closing summary"), widget=forms.Textarea(attrs={"rows": 3}))


class ReopenForm(CrispyFormMixin, forms.Form):
    submit_label = None  # laid out field by field with _field.html
    id_prefix = "reopen"
    reason = forms.CharField(label=_("Reason for reopening"), widget=forms.Textarea(attrs={"rows": 2}))


class DeviceDaysForm(CrispyFormMixin, forms.Form):
    submit_label = None  # laid out field by field with _field.html
    id_prefix = "device_days"
    department = forms.ModelChoiceField(label=_("Ward"), queryset=Department.objects.none())
    month = forms.DateField(label=_("Month"), input_formats=["%Y-%m"], widget=forms.DateInput(attrs={"type": "month"}))
    central_line_days = forms.IntegerField(label=_("Central-line days"), min_value=0, initial=0)
    urinary_catheter_days = forms.IntegerField(label=_("Urinary-catheter days"), min_value=0, initial=0)
    ventilator_days = forms.IntegerField(label=_("Ventilator days"), min_value=0, initial=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.active().filter(staffed_beds__gt=0)


class InfectionCaseForm(CrispyFormMixin, forms.Form):
    submit_label = None  # laid out field by field with _field.html
    id_prefix = "case"
    department = forms.ModelChoiceField(label=_("Ward"), queryset=Department.objects.none())
    kind = forms.ChoiceField(label=_("Infection"), choices=InfectionKind.choices)
    onset_date = forms.DateField(label=_("Date of event"), widget=_date_widget())
    patient_identifier = forms.CharField(label=_("Patient identifier"), max_length=40, required=False)
    note = forms.CharField(label=_("Note"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.active().filter(staffed_beds__gt=0)


class SurveyImportForm(CrispyFormMixin, forms.Form):
    submit_label = None  # laid out field by field with _field.html
    survey = forms.ModelChoiceField(label=_("Survey"), queryset=Survey.objects.filter(is_active=True))
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_("At most 5 MB. Columns: department, date, q1, q2, … (scores 1–5). All rows or none are imported."),
    )


SCORE_CHOICES = [("", "—"), *((str(n), str(n)) for n in range(1, 6))]


class SurveyResponseForm(CrispyFormMixin, forms.Form):
    """One paper response typed in: a 1–5 field per question of the survey (unanswered: empty)."""

    submit_label = None  # laid out field by field with _field.html

    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none())
    responded_on = forms.DateField(label=_("Date"), widget=_date_widget())

    def __init__(self, *args, survey, **kwargs):
        self.survey = survey
        self.questions = list(survey.questions.all())
        super().__init__(*args, **kwargs)
        # Any department patients meet (a clinic or radiology has no beds), as in the CSV import.
        self.fields["department"].queryset = Department.objects.active().order_by("name")
        for question in self.questions:
            self.fields[f"q{question.number}"] = forms.TypedChoiceField(
                label=f"{question.number}. {question.text}",
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.Select(attrs={"class": "form-select"}),
            )

    def scores(self) -> dict[int, int]:
        return {
            q.number: self.cleaned_data[f"q{q.number}"]
            for q in self.questions
            if self.cleaned_data.get(f"q{q.number}") is not None
        }


class InfectionThresholdForm(CrispyFormMixin, forms.Form):
    submit_label = None  # laid out field by field with _field.html
    id_prefix = "threshold"
    department = forms.ModelChoiceField(label=_("Ward"), queryset=Department.objects.none())
    kind = forms.ChoiceField(label=_("Infection"), choices=InfectionKind.choices)
    rate = forms.DecimalField(label=_("Alert above rate"), min_value=0, max_digits=8, decimal_places=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.active().filter(staffed_beds__gt=0)


class EventFilterForm(ListFilterForm):
    """The safety-event list's filters; the list and its export both apply them."""

    reference = forms.CharField(required=False, max_length=20)
    status = forms.ChoiceField(required=False, choices=EventStatus.choices)
    category = forms.ChoiceField(required=False, choices=Category.choices)
    harm = forms.ChoiceField(required=False, choices=Harm.choices)
    department = forms.ModelChoiceField(required=False, queryset=Department.objects.all())
    start = forms.DateField(required=False)
    end = forms.DateField(required=False)

    def filter_reference(self, events, value):
        # An anonymous reporter's only link to their report is its number: find it by that.
        return events.filter(reference__icontains=value.strip())

    def filter_status(self, events, value):
        return events.filter(status=value)

    def filter_category(self, events, value):
        return events.filter(category=value)

    def filter_harm(self, events, value):
        return events.filter(harm=value)

    def filter_department(self, events, value):
        return events.in_department(value)

    def filter_start(self, events, value):
        return events.filter(occurred_on__gte=value)

    def filter_end(self, events, value):
        return events.filter(occurred_on__lte=value)


class ActionFilterForm(ListFilterForm):
    """The action tracker's search and filters: words of the action or the event's
    number, owner, department (with its sub-departments) and due dates."""

    q = forms.CharField(required=False, max_length=100)
    owner = forms.ModelChoiceField(required=False, queryset=User.objects.all())
    department = forms.ModelChoiceField(required=False, queryset=Department.objects.all())
    due_from = forms.DateField(required=False)
    due_to = forms.DateField(required=False)

    def filter_q(self, actions, value):
        words = value.strip()
        return actions.filter(Q(description__icontains=words) | Q(event__reference__icontains=words))

    def filter_owner(self, actions, value):
        return actions.filter(owner=value)

    def filter_department(self, actions, value):
        return actions.filter(department_path__startswith=value.path)  # the action's copy: no join

    def filter_due_from(self, actions, value):
        return actions.filter(due_date__gte=value)

    def filter_due_to(self, actions, value):
        return actions.filter(due_date__lte=value)
