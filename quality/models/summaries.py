"""Summaries the dashboards and metric cards read instead of the raw rows.

One row per department, month (the first day) and the keys a dashboard groups
by, holding counts. Written only by quality.summaries: incrementally, in the
transaction of the service that writes the raw row, and in full by
`manage.py rebuild_quality_summaries`. Never edited by hand (read-only in the
admin; not registered there at all).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hospital.models import Department

# Counts are IntegerField, not PositiveIntegerField: an increment arrives as
# INSERT … ON CONFLICT DO UPDATE, and a decrement’s proposed row is checked before
# the conflict is found.
from quality.models.events import Category, EventStatus, EventType, Harm
from quality.models.surveillance import InfectionKind, SurveyQuestion


class EventMonth(models.Model):
    """Safety events by the ward's department, month of occurrence, category, type, harm and status."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"))
    category = models.CharField(max_length=20, choices=Category.choices)
    event_type = models.CharField(max_length=20, choices=EventType.choices)
    harm = models.CharField(max_length=10, choices=Harm.choices)
    status = models.CharField(max_length=16, choices=EventStatus.choices)
    events = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("safety events per month")
        verbose_name_plural = _("safety events per month")
        constraints = [
            models.UniqueConstraint(
                fields=["department", "month", "category", "event_type", "harm", "status"],
                name="event_month_unique",
            )
        ]
        indexes = [models.Index(fields=["month", "department"], name="event_month_month")]

    def __str__(self):
        return f"{self.department_id} {self.month:%Y-%m} {self.category}/{self.event_type}/{self.harm}/{self.status}"


class InfectionMonth(models.Model):
    """Infection cases by department, month of onset and kind (device-days are monthly already: DeviceDays)."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"))
    kind = models.CharField(max_length=8, choices=InfectionKind.choices)
    cases = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("infections per month")
        verbose_name_plural = _("infections per month")
        constraints = [models.UniqueConstraint(fields=["department", "month", "kind"], name="infection_month_unique")]
        indexes = [models.Index(fields=["month", "department"], name="infection_month_month")]

    def __str__(self):
        return f"{self.department_id} {self.month:%Y-%m} {self.kind}"


class SatisfactionMonth(models.Model):
    """Survey answers by department, month of response and question: all, and those scored 4 or 5."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"))
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="+")
    answers = models.IntegerField(default=0)
    good = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("survey answers per month")
        verbose_name_plural = _("survey answers per month")
        constraints = [
            models.UniqueConstraint(fields=["department", "month", "question"], name="satisfaction_month_unique")
        ]
        indexes = [models.Index(fields=["month", "department"], name="satisfaction_month_month")]

    def __str__(self):
        return f"{self.department_id} {self.month:%Y-%m} q{self.question_id}"
