"""The daily census: one day by hand, or a CSV/XLSX file of many days (all rows or none)."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hospital.access import may_manage_department
from hospital.errors import AccessDenied, DomainError
from hospital.imports import TableRow, parse_rows, read_table
from hospital.model_update import model_update
from hospital.models import DailyCensus, Department, User
from hospital.roles import Role, has_role
from hospital.selectors import CENSUS_FIELDS

CENSUS_MAX_COUNT = 1_000_000


@dataclass
class CensusImportResult:
    created: int = 0
    updated: int = 0


def may_enter_census(user: User) -> bool:
    """Administrators and department heads enter the census (for the departments they manage)."""
    return has_role(user, Role.ADMINISTRATOR, Role.DEPARTMENT_HEAD)


def _parse_census_row(row: TableRow, *, departments: dict[str, Department], user: User, today: dt.date) -> dict:
    """One row as model values, only for the columns the file has; raises DomainError
    with every problem of the row."""
    problems = []
    code = row.get("department")
    department = departments.get(code.upper())
    if not code:
        problems.append(_("department code is missing"))
    elif department is None:
        problems.append(_("unknown department code “%(code)s”") % {"code": code})
    elif not may_manage_department(user, department):
        problems.append(_("you may not enter census for %(department)s") % {"department": department.name})
    try:
        day = dt.date.fromisoformat(row.get("date"))
        if day > today:
            problems.append(_("date %(date)s is in the future") % {"date": day})
    except ValueError:
        day = None
        problems.append(_("date must be YYYY-MM-DD"))
    counts = {}
    for name in CENSUS_FIELDS:
        text = row.get(name)
        if text == "":
            continue  # a column or cell the file leaves out never overwrites a stored value
        # ASCII digits only: "1,5", "-3", "1e3" and "²" are refused, never read as another number
        if not text.isascii() or not text.isdigit() or int(text) > CENSUS_MAX_COUNT:
            problems.append(_("%(column)s must be a whole number from 0 to 1,000,000") % {"column": name})
        else:
            counts[name] = int(text)
    if problems:
        raise DomainError("; ".join(problems))
    return {"department": department, "date": day, "counts": counts}


def import_census(*, user: User, upload) -> CensusImportResult:
    """Import daily census rows from a CSV or XLSX upload; all rows or none.

    Columns: department (code) and date, then any of the census fields. A day
    already stored is updated only in the columns (and non-empty cells) the file
    has; a new day gets 0 for the others and the department's staffed beds. Refuses users who may not
    enter census before reading the file; raises TableImportError listing every
    bad row by line, and then the database is unchanged.
    """
    if not may_enter_census(user):
        raise AccessDenied(_("Only administrators and department heads may import the census."))
    table = read_table(upload, required=("department", "date"), optional=CENSUS_FIELDS)
    departments = {d.code.upper(): d for d in Department.objects.all()}
    today = timezone.localdate()
    first_lines = {}  # (department, date) → the line that has it first

    def parse(row: TableRow) -> dict:
        parsed = _parse_census_row(row, departments=departments, user=user, today=today)
        key = (parsed["department"].pk, parsed["date"])
        if key in first_lines:
            raise DomainError(_("the same department and date are on line %(line)d too") % {"line": first_lines[key]})
        first_lines[key] = row.line
        return parsed

    rows = parse_rows(table, parse)
    result = CensusImportResult()
    with transaction.atomic():
        for row in rows:
            department, counts = row["department"], row["counts"]
            census = DailyCensus.objects.select_for_update().filter(department=department, date=row["date"]).first()
            if census is None:
                counts.setdefault("staffed_beds", department.staffed_beds)
                DailyCensus.objects.create(department=department, date=row["date"], **counts)
                result.created += 1
            else:
                model_update(instance=census, fields=CENSUS_FIELDS, data=counts)
                result.updated += 1
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
