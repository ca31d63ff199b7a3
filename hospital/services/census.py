"""The daily census: one day by hand, or a CSV of many days (all rows or none)."""

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hospital.access import may_manage_department
from hospital.errors import AccessDenied, DomainError
from hospital.models import DailyCensus, Department, User
from hospital.selectors import CENSUS_FIELDS

CENSUS_COLUMNS = ("department", "date", *CENSUS_FIELDS)


@dataclass
class CensusImportResult:
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, message)


class CensusImportError(DomainError):
    def __init__(self, errors: list[tuple[int, str]]):
        super().__init__(_("The file has errors; nothing was imported."))
        self.errors = errors


def _parse_census_row(raw: dict, *, departments: dict[str, Department], user: User, today: dt.date) -> dict:
    """One CSV row as model values; raises DomainError with every problem of the row."""
    problems = []
    code = (raw.get("department") or "").strip()
    department = departments.get(code.upper())
    if not code:
        problems.append(_("department code is missing"))
    elif department is None:
        problems.append(_("unknown department code “%(code)s”") % {"code": code})
    elif not may_manage_department(user, department):
        problems.append(_("you may not enter census for %(department)s") % {"department": department.name})
    try:
        day = dt.date.fromisoformat((raw.get("date") or "").strip())
        if day > today:
            problems.append(_("date %(date)s is in the future") % {"date": day})
    except ValueError:
        day = None
        problems.append(_("date must be YYYY-MM-DD"))
    values = {}
    for name in CENSUS_FIELDS:
        text = (raw.get(name) or "").strip()
        if text == "" and name == "staffed_beds" and department is not None:
            values[name] = department.staffed_beds
            continue
        if text == "":
            values[name] = 0
            continue
        try:
            number = int(text)
        except ValueError:
            problems.append(_("%(column)s must be a whole number") % {"column": name})
            continue
        if number < 0 or number > 1_000_000:
            problems.append(_("%(column)s must be between 0 and 1,000,000") % {"column": name})
            continue
        values[name] = number
    if problems:
        raise DomainError("; ".join(problems))
    return {"department": department, "date": day, **values}


def import_census_csv(*, file: io.TextIOBase, user: User) -> CensusImportResult:
    """Import daily census rows; all rows or none.

    Columns: department (code), date, then the census fields (missing numbers are
    0; missing staffed_beds takes the department's). A row for a department and
    day that already exists replaces it. Raises CensusImportError listing every
    bad row by line number; then the database is unchanged.
    """
    reader = csv.DictReader(file)
    if reader.fieldnames is None or not {"department", "date"} <= {h.strip() for h in reader.fieldnames}:
        raise DomainError(_("The first line must name the columns, at least “department” and “date”."))
    reader.fieldnames = [h.strip() for h in reader.fieldnames]
    departments = {d.code.upper(): d for d in Department.objects.all()}
    today = timezone.localdate()
    rows, errors, seen = [], [], set()
    for raw in reader:
        line = reader.line_num
        try:
            row = _parse_census_row(raw, departments=departments, user=user, today=today)
        except DomainError as error:
            errors.append((line, error.message))
            continue
        key = (row["department"].pk, row["date"])
        if key in seen:
            errors.append((line, _("the same department and date appear twice in the file")))
            continue
        seen.add(key)
        rows.append(row)
    if errors:
        raise CensusImportError(errors)
    if not rows:
        raise DomainError(_("The file has no data rows."))
    result = CensusImportResult()
    with transaction.atomic():
        for row in rows:
            _census, created = DailyCensus.objects.update_or_create(
                department=row.pop("department"), date=row.pop("date"), defaults=row
            )
            result.created += created
            result.updated += not created
    return result


@transaction.atomic
def record_census_day(*, user: User, department: Department, date: dt.date, **counts: int) -> DailyCensus:
    """Record (or replace) one department's census for one day."""
    if not may_manage_department(user, department):
        raise AccessDenied(_("You may not enter census for %(department)s.") % {"department": department.name})
    if date > timezone.localdate():
        raise DomainError(_("The census date cannot be in the future."), field="date")
    unknown = set(counts) - set(CENSUS_FIELDS)
    if unknown:
        raise DomainError(_("Unknown census fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    for name, value in counts.items():
        if value is None or value < 0:
            raise DomainError(_("%(column)s cannot be negative.") % {"column": name}, field=name)
    counts.setdefault("staffed_beds", department.staffed_beds)
    census, _created = DailyCensus.objects.update_or_create(department=department, date=date, defaults=counts)
    return census
