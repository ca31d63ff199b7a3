"""Infection surveillance (CDC NHSN, docs/standards.md section 2) and patient satisfaction.

Patient-days and operations come from the core's daily census; only the
device-days, which the census does not count, are kept here.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hospital.models import Department
from quality import access


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Ward records the user may see (quality.access.surveillance_scope)."""
        return self.filter(access.surveillance_scope(user))

    def in_department(self, department):
        if department is None:
            return self
        return self.filter(department__path__startswith=department.path)


class InfectionKind(models.TextChoices):
    CLABSI = "clabsi", _("CLABSI (central line-associated bloodstream infection)")
    CAUTI = "cauti", _("CAUTI (catheter-associated urinary tract infection)")
    VAE = "vae", _("VAE (ventilator-associated event)")
    SSI = "ssi", _("SSI (surgical site infection)")
    OTHER = "other", _("Other healthcare-associated infection")


class DeviceDays(models.Model):
    """One ward's device-days in one month (sums of the daily counts)."""

    department = models.ForeignKey(Department, verbose_name=_("ward"), on_delete=models.PROTECT)
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    central_line_days = models.PositiveIntegerField(_("central-line days"), default=0)
    urinary_catheter_days = models.PositiveIntegerField(_("urinary-catheter days"), default=0)
    ventilator_days = models.PositiveIntegerField(_("ventilator days"), default=0)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "department__code"]
        verbose_name = _("device-days")
        verbose_name_plural = _("device-days")
        constraints = [
            models.UniqueConstraint(fields=["department", "month"], name="device_days_one_per_ward_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="device_days_month_starts_on_first"),
        ]

    def __str__(self):
        return f"{self.department} {self.month:%Y-%m}"


class InfectionCase(models.Model):
    department = models.ForeignKey(Department, verbose_name=_("ward"), on_delete=models.PROTECT)
    kind = models.CharField(_("infection"), max_length=8, choices=InfectionKind.choices)
    onset_date = models.DateField(_("date of event"))
    patient_identifier = models.CharField(_("patient identifier"), max_length=40, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-onset_date", "-id"]
        verbose_name = _("infection case")
        verbose_name_plural = _("infection cases")
        indexes = [models.Index(fields=["department", "kind", "onset_date"], name="infection_ward_kind_date")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.department} {self.onset_date}"


class InfectionThreshold(models.Model):
    """The rate above which a ward's month raises an alert (the ward's own baseline)."""

    department = models.ForeignKey(Department, verbose_name=_("ward"), on_delete=models.CASCADE)
    kind = models.CharField(_("infection"), max_length=8, choices=InfectionKind.choices)
    rate = models.DecimalField(_("alert above rate"), max_digits=8, decimal_places=2)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["department__code", "kind"]
        verbose_name = _("infection threshold")
        verbose_name_plural = _("infection thresholds")
        constraints = [
            models.UniqueConstraint(fields=["department", "kind"], name="infection_threshold_one_per_kind"),
            models.CheckConstraint(condition=Q(rate__gte=0), name="infection_threshold_not_negative"),
        ]

    def __str__(self):
        return f"{self.department} {self.kind} > {self.rate}"


class Survey(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self):
        return self.name


class SurveyQuestion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.CharField(_("question"), max_length=300)

    class Meta:
        ordering = ["survey", "number"]
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        constraints = [models.UniqueConstraint(fields=["survey", "number"], name="survey_question_number_unique")]

    def __str__(self):
        return f"Q{self.number}. {self.text}"


class SurveyResponse(models.Model):
    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.PROTECT, related_name="responses")
    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.PROTECT)
    responded_on = models.DateField(_("date"), db_index=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, on_delete=models.SET_NULL
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-responded_on", "-id"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")

    def __str__(self):
        return f"{self.survey} {self.department} {self.responded_on}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.PROTECT)
    score = models.PositiveSmallIntegerField(_("score"), validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="survey_answer_once_per_question"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="survey_score_1_to_5"),
        ]

    def __str__(self):
        return f"Q{self.question.number}: {self.score}"
