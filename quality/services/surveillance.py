"""Infection surveillance data entry and survey responses (entered or imported)."""

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from hospital.errors import AccessDenied, DomainError
from hospital.models import Department, User
from quality import access
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
    return InfectionCase.objects.create(
        department=department,
        kind=kind,
        onset_date=onset_date,
        patient_identifier=patient_identifier.strip(),
        note=note.strip(),
        recorded_by=user,
    )


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
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(response=response, question=questions[number], score=score) for number, score in scores.items()
    )
    return response


def _check_scores(scores: dict[int, int], questions: dict) -> None:
    if not scores:
        raise DomainError(_("Answer at least one question."))
    for number, score in scores.items():
        if number not in questions:
            raise DomainError(_("The survey has no question %(number)s.") % {"number": number})
        if not 1 <= score <= 5:
            raise DomainError(_("Scores are 1 to 5 (question %(number)s).") % {"number": number})


class SurveyImportError(DomainError):
    """Bad rows in an import: `errors` is a list of (line, message); nothing was imported."""

    def __init__(self, errors: list[tuple[int, str]]):
        super().__init__(_("%(count)s rows have errors; nothing was imported.") % {"count": len(errors)})
        self.errors = errors


@dataclass
class SurveyImportResult:
    responses: int = 0
    answers: int = 0


# Excel saves "CSV" as UTF-8 when asked, but in the system's code page by default:
# GB18030 (GBK) on a Chinese-language Windows, where most of the hospital's PCs are.
UPLOAD_ENCODINGS = ("utf-8-sig", "gb18030")
# About 100,000 responses: more than a year of paper surveys, and it fits in memory.
MAX_CSV_BYTES = 5 * 1024 * 1024


def decode_csv_upload(file: BinaryIO) -> io.StringIO:
    """An uploaded CSV file as text: UTF-8 (with or without BOM), else GB18030.

    Refuses a file over MAX_CSV_BYTES, reading no more than that."""
    raw = file.read(MAX_CSV_BYTES + 1)
    if len(raw) > MAX_CSV_BYTES:
        raise DomainError(
            _("The file is larger than %(size)s MB: split it and import each part.")
            % {"size": MAX_CSV_BYTES // (1024 * 1024)},
            field="file",
        )
    for encoding in UPLOAD_ENCODINGS:
        try:
            return io.StringIO(raw.decode(encoding), newline="")
        except UnicodeDecodeError:
            continue
    raise DomainError(_("The file is not text: save it as CSV (UTF-8) and try again."), field="file")


def import_survey_csv(*, file: io.TextIOBase, user: User, survey: Survey) -> SurveyImportResult:
    """Import survey responses: all rows or none.

    Columns: department (code), date (YYYY-MM-DD), then q1, q2, … (question numbers,
    1–5 or empty for unanswered). Any bad row raises SurveyImportError listing every
    bad row by line; then nothing is stored.
    """
    _require_quality_office(user)
    reader = csv.DictReader(file)
    headers = [h.strip().lower() for h in (reader.fieldnames or [])]
    if not {"department", "date"} <= set(headers):
        raise DomainError(_("The first line must name the columns, at least “department” and “date”."))
    reader.fieldnames = headers
    questions = {q.number: q for q in survey.questions.all()}
    question_columns = {}
    for header in headers:
        if header.startswith("q") and header[1:].isdigit():
            if int(header[1:]) not in questions:
                raise DomainError(_("Column %(column)s: the survey has no such question.") % {"column": header})
            question_columns[header] = int(header[1:])
    if not question_columns:
        raise DomainError(_("Add a column per question: q1, q2, …"))
    departments = {d.code.upper(): d for d in Department.objects.all()}
    today = timezone.localdate()
    rows, errors = [], []
    for raw in reader:
        try:
            rows.append(_parse_survey_row(raw, departments, question_columns, today))
        except DomainError as error:
            errors.append((reader.line_num, error.message))
    if errors:
        raise SurveyImportError(errors)
    if not rows:
        raise DomainError(_("The file has no data rows."))
    result = SurveyImportResult()
    with transaction.atomic():
        for department, responded_on, scores in rows:
            response = SurveyResponse.objects.create(
                survey=survey, department=department, responded_on=responded_on, entered_by=user
            )
            answers = [SurveyAnswer(response=response, question=questions[n], score=s) for n, s in scores.items()]
            SurveyAnswer.objects.bulk_create(answers)
            result.responses += 1
            result.answers += len(answers)
    return result


def _parse_survey_row(raw, departments, question_columns, today):
    code = (raw.get("department") or "").strip().upper()
    department = departments.get(code)
    if department is None:
        raise DomainError(_("unknown department “%(code)s”") % {"code": code})
    try:
        responded_on = parse_date((raw.get("date") or "").strip())
    except ValueError:
        responded_on = None
    if responded_on is None:
        raise DomainError(_("the date must be YYYY-MM-DD"))
    if responded_on > today:
        raise DomainError(_("the date is in the future"))
    scores = {}
    for column, number in question_columns.items():
        value = (raw.get(column) or "").strip()
        if not value:
            continue
        # Only the digits 1–5: str.isdigit() also accepts "²", which int() refuses.
        if value not in SCORES:
            raise DomainError(_("%(column)s must be a score from 1 to 5") % {"column": column})
        scores[number] = SCORES[value]
    if not scores:
        raise DomainError(_("no question is answered"))
    return department, responded_on, scores
