"""Infection surveillance data entry and survey responses (entered or imported)."""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from hospital.errors import AccessDenied, DomainError
from hospital.imports import TableRow, parse_rows, read_table
from hospital.models import Department, User
from quality import access, summaries
from quality.models import (
    DeviceDays,
    InfectionCase,
    InfectionKind,
    InfectionThreshold,
    Survey,
    SurveyAnswer,
    SurveyResponse,
)

DEVICE_FIELDS = ("central_line_days", "urinary_catheter_days", "ventilator_days")
# More device-days than this in one ward and month is a typing slip (a 3,000-bed hospital
# has about 93,000 patient-days a month); it also stays inside the integer column.
MAX_DEVICE_DAYS = 100_000
SCORES = {"1": 1, "2": 2, "3": 3, "4": 4, "5": 5}


def _require_quality_office(user: User) -> None:
    if not access.may_enter_surveillance_data(user):
        raise AccessDenied(_("Only the quality office may enter surveillance data."))


@transaction.atomic
def record_device_days(*, user: User, department: Department, month: dt.date, **counts: int) -> DeviceDays:
    """Record (or replace) a ward's device-days for a month."""
    _require_quality_office(user)
    unknown = set(counts) - set(DEVICE_FIELDS)
    if unknown:
        raise DomainError(_("Unknown device-day fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    for name, value in counts.items():
        if value is None or value < 0:
            raise DomainError(_("Device-days cannot be negative."), field=name)
        if value >= MAX_DEVICE_DAYS:
            raise DomainError(
                _("%(count)s device-days in one ward and month cannot be right: check the number.") % {"count": value},
                field=name,
            )
    month = month.replace(day=1)
    if month > timezone.localdate():
        raise DomainError(_("The month cannot be in the future."), field="month")
    row, _created = DeviceDays.objects.update_or_create(department=department, month=month, defaults=counts)
    return row


@transaction.atomic
def record_infection_case(
    *, user: User, department: Department, kind: str, onset_date: dt.date, patient_identifier: str = "", note: str = ""
) -> InfectionCase:
    _require_quality_office(user)
    if kind not in InfectionKind.values:
        raise DomainError(_("Choose the kind of infection."), field="kind")
    if onset_date > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."), field="onset_date")
    case = InfectionCase.objects.create(
        department=department,
        kind=kind,
        onset_date=onset_date,
        patient_identifier=patient_identifier.strip(),
        note=note.strip(),
        recorded_by=user,
    )
    summaries.infection_added(case)
    return case


@transaction.atomic
def set_infection_threshold(*, user: User, department: Department, kind: str, rate: Decimal) -> InfectionThreshold:
    _require_quality_office(user)
    if kind not in InfectionKind.values:
        raise DomainError(_("Choose the kind of infection."), field="kind")
    if rate < 0:
        raise DomainError(_("The threshold cannot be negative."), field="rate")
    threshold, _created = InfectionThreshold.objects.update_or_create(
        department=department, kind=kind, defaults={"rate": rate}
    )
    return threshold


@transaction.atomic
def record_survey_response(
    *, user: User, survey: Survey, department: Department, responded_on: dt.date, scores: dict[int, int]
) -> SurveyResponse:
    """Store one response: `scores` maps question numbers to 1–5 (unanswered questions left out)."""
    _require_quality_office(user)
    questions = {q.number: q for q in survey.questions.all()}
    _check_scores(scores, questions)
    if responded_on > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."), field="responded_on")
    response = SurveyResponse.objects.create(
        survey=survey, department=department, responded_on=responded_on, entered_by=user
    )
    answers = SurveyAnswer.objects.bulk_create(
        SurveyAnswer(response=response, question=questions[number], score=score) for number, score in scores.items()
    )
    summaries.answers_added(response, answers)
    return response


def _check_scores(scores: dict[int, int], questions: dict) -> None:
    if not scores:
        raise DomainError(_("Answer at least one question."))
    for number, score in scores.items():
        if number not in questions:
            raise DomainError(_("The survey has no question %(number)s.") % {"number": number})
        if not 1 <= score <= 5:
            raise DomainError(_("Scores are 1 to 5 (question %(number)s).") % {"number": number})


@dataclass
class SurveyImportResult:
    responses: int = 0
    answers: int = 0


QUESTION_COLUMN = re.compile(r"q[0-9]+")


def import_survey(*, user: User, survey: Survey, upload) -> SurveyImportResult:
    """Import survey responses from a CSV or XLSX upload: all rows or none.

    Columns: department (code), date (YYYY-MM-DD), then q1, q2, … (question numbers,
    1–5 or empty for unanswered). Refuses users outside the quality office before
    reading the file; raises TableImportError listing every bad row by line, and
    then nothing is stored.
    """
    _require_quality_office(user)
    table = read_table(upload, required=("department", "date"), extra_columns=QUESTION_COLUMN)
    questions = {q.number: q for q in survey.questions.all()}
    question_columns = {column: int(column[1:]) for column in table.columns if QUESTION_COLUMN.fullmatch(column)}
    for column, number in question_columns.items():
        if number not in questions:
            raise DomainError(_("Column %(column)s: the survey has no such question.") % {"column": column})
    if not question_columns:
        raise DomainError(_("Add a column per question: q1, q2, …"))
    departments = {d.code.upper(): d for d in Department.objects.all()}
    today = timezone.localdate()
    rows = parse_rows(table, lambda row: _parse_survey_row(row, departments, question_columns, today))
    result = SurveyImportResult()
    with transaction.atomic():
        for department, responded_on, scores in rows:
            response = SurveyResponse.objects.create(
                survey=survey, department=department, responded_on=responded_on, entered_by=user
            )
            answers = [SurveyAnswer(response=response, question=questions[n], score=s) for n, s in scores.items()]
            SurveyAnswer.objects.bulk_create(answers)
            summaries.answers_added(response, answers)
            result.responses += 1
            result.answers += len(answers)
    return result


def _parse_survey_row(row: TableRow, departments, question_columns, today):
    code = row.get("department").upper()
    department = departments.get(code)
    if department is None:
        raise DomainError(_("unknown department “%(code)s”") % {"code": code})
    try:
        responded_on = parse_date(row.get("date"))
    except ValueError:
        responded_on = None
    if responded_on is None:
        raise DomainError(_("the date must be YYYY-MM-DD"))
    if responded_on > today:
        raise DomainError(_("the date is in the future"))
    scores = {}
    for column, number in question_columns.items():
        value = row.get(column)
        if not value:
            continue
        # Only the digits 1–5: str.isdigit() also accepts "²", which int() refuses.
        if value not in SCORES:
            raise DomainError(_("%(column)s must be a score from 1 to 5") % {"column": column})
        scores[number] = SCORES[value]
    if not scores:
        raise DomainError(_("no question is answered"))
    return department, responded_on, scores
