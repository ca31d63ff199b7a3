"""Imports of cost entries and budgets from CSV/XLSX (hospital.imports): every bad row is
reported with its line, and nothing is written unless every row is good."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from hospital.errors import DomainError
from hospital.imports import RowError, TableImportError, TableRow, parse_rows, read_table
from hospital.models import Department, User
from performance.models import Budget, CostCategory, CostEntry, CostSource
from performance.services.entries import parse_amount
from performance.services.months import closed_months, lock_open_month, parse_month, require_manager

COST_COLUMNS = ("department", "month", "category", "amount")
COST_OPTIONAL = ("reference", "note")


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0


class _Lookups:
    """Departments and categories by code, read once per import."""

    def __init__(self):
        self.departments = {d.code.upper(): d for d in Department.objects.filter(is_active=True)}
        self.categories = {c.code.lower(): c for c in CostCategory.objects.filter(is_active=True)}

    def row(self, row: TableRow, *, allow_negative: bool) -> dict:
        department = self.departments.get(row.get("department").upper())
        if department is None:
            raise DomainError(_("no active department has the code “%(code)s”") % {"code": row.get("department")})
        category = self.categories.get(row.get("category").lower())
        if category is None:
            raise DomainError(_("no cost category has the code “%(code)s”") % {"code": row.get("category")})
        return {
            "department": department,
            "month": parse_month(row.get("month")),
            "category": category,
            "amount": parse_amount(row.get("amount"), allow_negative=allow_negative),
            "line": row.line,
        }


def _refuse_closed(rows: list[dict]) -> None:
    closed = closed_months({r["month"] for r in rows})
    errors = [
        RowError(r["line"], _("%(month)s is closed") % {"month": f"{r['month']:%Y-%m}"})
        for r in rows
        if r["month"] in closed
    ]
    if errors:
        raise TableImportError(errors)


def import_cost_entries(*, upload, user: User) -> ImportResult:
    """Each row a new entry (source "import"); all rows or none."""
    require_manager(user)
    table = read_table(upload, required=COST_COLUMNS, optional=COST_OPTIONAL)
    lookups = _Lookups()

    def parse(row: TableRow) -> dict:
        values = lookups.row(row, allow_negative=True)
        values["reference"] = row.get("reference")[:100]
        values["note"] = row.get("note")[:300]
        return values

    rows = parse_rows(table, parse)
    _refuse_closed(rows)
    with transaction.atomic():
        for month in sorted({r["month"] for r in rows}):
            lock_open_month(month)
        CostEntry.objects.bulk_create(
            CostEntry(
                department=r["department"],
                month=r["month"],
                category=r["category"],
                amount=r["amount"],
                source=CostSource.IMPORT,
                reference=r["reference"],
                note=r["note"],
                created_by=user,
            )
            for r in rows
        )
    return ImportResult(created=len(rows))


def import_budgets(*, upload, user: User) -> ImportResult:
    """Each row sets one department's budget of a category and month (replacing it); a
    key named twice in the file is a row error; all rows or none."""
    require_manager(user)
    table = read_table(upload, required=COST_COLUMNS)
    lookups = _Lookups()
    rows = parse_rows(table, lambda row: lookups.row(row, allow_negative=False))
    seen: dict[tuple, int] = {}
    errors = []
    for r in rows:
        key = (r["department"].pk, r["category"].pk, r["month"])
        if key in seen:
            errors.append(RowError(r["line"], _("the same budget as line %(line)d") % {"line": seen[key]}))
        seen.setdefault(key, r["line"])
    if errors:
        raise TableImportError(errors)
    _refuse_closed(rows)
    result = ImportResult()
    with transaction.atomic():
        for month in sorted({r["month"] for r in rows}):
            lock_open_month(month)
        for r in rows:
            _budget, created = Budget.objects.update_or_create(
                department=r["department"], category=r["category"], month=r["month"], defaults={"amount": r["amount"]}
            )
            if created:
                result.created += 1
            else:
                result.updated += 1
    return result
