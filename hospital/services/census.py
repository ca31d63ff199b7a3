"""The daily census: one day by hand, or a CSV/XLSX file of many days (all rows or none)."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hospital.access import may_manage_department
from hospital.errors import AccessDenied, DomainError
from hospital.imports import RowError, TableImportError, TableRow, parse_rows, read_table
from hospital.model_update import model_update
from hospital.models import DailyCensus, Department, User
from hospital.roles import Role, has_role
from hospital.selectors import CENSUS_FIELDS

CENSUS_MAX_COUNT = 1_000_000
EARLIEST_CENSUS_DATE = dt.date(2000, 1, 1)  # earlier is a slip of the keyboard ("0026"), not history
# Extra beds in corridors can take a ward above its staffed beds, never to twice as many.
BED_OVERFLOW = 2


def census_day_problems(day: dict[str, int]) -> list[str]:
    """What makes one day's counts impossible (`day` has every census field).

    The patients a ward starts the day with are its midnight count plus those who
    left (discharged, died, transferred out) minus those who came (admitted,
    transferred in); neither that nor the midnight count can exceed the beds.
    """
    beds = day["staffed_beds"]
    if not beds:
        return []  # a department without beds of its own: nothing to compare with
    limit = beds * BED_OVERFLOW
    problems = []
    if day["inpatients"] > limit:
        problems.append(
            _("%(inpatients)d in-patients is more than twice the %(beds)d staffed beds")
            % {"inpatients": day["inpatients"], "beds": beds}
        )
    left = day["discharges"] + day["deaths"] + day["transfers_out"]
    came = day["admissions"] + day["transfers_in"]
    at_start = day["inpatients"] + left - came
    if at_start > limit:
        problems.append(
            _(
                "%(left)d patients left the ward (discharges, deaths, transfers out) and %(came)d came, "
                "so it would have started the day with %(start)d patients in %(beds)d staffed beds"
            )
            % {"left": left, "came": came, "start": at_start, "beds": beds}
        )
    return problems


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
        elif day < EARLIEST_CENSUS_DATE:
            problems.append(_("date %(date)s is before 2000") % {"date": day})
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
    has; a new day gets 0 for the others and the department's staffed beds. Refuses
    users who may not enter census before reading the file; raises TableImportError
    listing every bad row by line (then every impossible day, see
    census_day_problems), and then the database is unchanged.
    """
    if not may_enter_census(user):
        raise AccessDenied(_("Only administrators and department heads may import the census."))
    table = read_table(upload, required=("department", "date"), optional=CENSUS_FIELDS)
    if not set(table.columns) & set(CENSUS_FIELDS):
        # A file of departments and dates alone would "import" without changing a number.
        raise DomainError(
            _("The file has no census columns. Add at least one of: %(columns)s.")
            % {"columns": ", ".join(CENSUS_FIELDS)},
            field="file",
        )
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
    _check_import_plausible(rows, first_lines)
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


def _check_import_plausible(rows: list[dict], lines: dict) -> None:
    """Each day as it would be stored (the file's columns over the stored ones) must be possible."""
    stored = {
        (c.department_id, c.date): c
        for c in DailyCensus.objects.filter(
            department__in={row["department"] for row in rows}, date__in={row["date"] for row in rows}
        )
    }
    errors = []
    for row in rows:
        key = (row["department"].pk, row["date"])
        before = stored.get(key)
        day = {name: getattr(before, name) if before else 0 for name in CENSUS_FIELDS}
        if before is None:
            day["staffed_beds"] = row["department"].staffed_beds
        day.update(row["counts"])
        problems = census_day_problems(day)
        if problems:
            errors.append(RowError(lines[key], "; ".join(problems)))
    if errors:
        raise TableImportError(errors)


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
    if date < EARLIEST_CENSUS_DATE:
        raise DomainError(_("The census date must be in 2000 or later."), field="date")
    counts.setdefault("staffed_beds", department.staffed_beds)
    problems = census_day_problems({**dict.fromkeys(CENSUS_FIELDS, 0), **counts})
    if problems:
        raise DomainError("; ".join(problems).capitalize() + ".")
    census, _created = DailyCensus.objects.update_or_create(department=department, date=date, defaults=counts)
    return census
