"""Imports of cost entries, revenue entries, budgets and driver values from CSV/XLSX
(hospital.imports): every bad row is reported with its line, and nothing is written
unless every row is good (a closed month is a row error too)."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from hospital.errors import DomainError
from hospital.imports import RowError, TableImportError, TableRow, parse_rows, read_table
from hospital.models import Department, User
from performance.models import (
    Budget,
    CostCategory,
    CostEntry,
    CostSource,
    DriverKind,
    DriverSource,
    DriverValue,
    RevenueEntry,
    RevenueKind,
)
from performance.services.entries import parse_amount, parse_driver_value
from performance.services.months import closed_months, lock_open_month, parse_month, require_manager

COST_COLUMNS = ("department", "month", "category", "amount")
COST_OPTIONAL = ("reference", "note")
REVENUE_COLUMNS = ("department", "month", "kind", "amount")
DRIVER_COLUMNS = ("department", "month", "driver", "value")
IMPORTED_DRIVERS = [kind for kind in DriverKind.values if kind != DriverKind.FIXED_SHARES]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0


class _Lookups:
    """Departments and categories by code, read once per import."""

    def __init__(self):
        self.departments = {d.code.upper(): d for d in Department.objects.filter(is_active=True)}
        self.categories = {c.code.lower(): c for c in CostCategory.objects.filter(is_active=True)}

    def department_month(self, row: TableRow) -> dict:
        department = self.departments.get(row.get("department").upper())
        if department is None:
            raise DomainError(_("no active department has the code “%(code)s”") % {"code": row.get("department")})
        return {"department": department, "month": parse_month(row.get("month")), "line": row.line}

    def row(self, row: TableRow, *, allow_negative: bool) -> dict:
        values = self.department_month(row)
        category = self.categories.get(row.get("category").lower())
        if category is None:
            raise DomainError(_("no cost category has the code “%(code)s”") % {"code": row.get("category")})
        values["category"] = category
        values["amount"] = parse_amount(row.get("amount"), allow_negative=allow_negative)
        return values


def _refuse_repeats(rows: list[dict], key, message: str) -> None:
    """A row that sets the same thing as an earlier row of the file is an error."""
    seen: dict[tuple, int] = {}
    errors = []
    for r in rows:
        if key(r) in seen:
            errors.append(RowError(r["line"], message % {"line": seen[key(r)]}))
        seen.setdefault(key(r), r["line"])
    if errors:
        raise TableImportError(errors)


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

    return _save_imported_entries(CostEntry, parse_rows(table, parse), user=user, kind_field="category")


def import_budgets(*, upload, user: User) -> ImportResult:
    """Each row sets one department's budget of a category and month (replacing it); a
    key named twice in the file is a row error; all rows or none."""
    require_manager(user)
    table = read_table(upload, required=COST_COLUMNS)
    lookups = _Lookups()
    rows = parse_rows(table, lambda row: lookups.row(row, allow_negative=False))
    _refuse_repeats(
        rows, lambda r: (r["department"].pk, r["category"].pk, r["month"]), _("the same budget as line %(line)d")
    )
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


def import_revenue_entries(*, upload, user: User) -> ImportResult:
    """Each row a new revenue entry (source "import"): department, month, kind (its code:
    outpatient, inpatient, drugs, examinations, other), amount, optionally reference and
    note; all rows or none."""
    require_manager(user)
    table = read_table(upload, required=REVENUE_COLUMNS, optional=COST_OPTIONAL)
    lookups = _Lookups()

    def parse(row: TableRow) -> dict:
        values = lookups.department_month(row)
        kind = row.get("kind").strip().lower()
        if kind not in RevenueKind.values:
            raise DomainError(
                _("“%(kind)s” is not a kind of revenue (%(kinds)s)")
                % {"kind": row.get("kind")[:40], "kinds": ", ".join(RevenueKind.values)}
            )
        values.update(
            kind=kind,
            amount=parse_amount(row.get("amount")),
            reference=row.get("reference")[:100],
            note=row.get("note")[:300],
        )
        return values

    return _save_imported_entries(RevenueEntry, parse_rows(table, parse), user=user, kind_field="kind")


def import_driver_values(*, upload, user: User) -> ImportResult:
    """Each row sets one department's value of a driver in a month (replacing it; an
    imported value wins over the one filled from the apps): department, month, driver
    (its code: fte, floor_area, patient_days, work_orders, requisition_value, revenue),
    value. A key named twice in the file is a row error; all rows or none."""
    require_manager(user)
    table = read_table(upload, required=DRIVER_COLUMNS)
    lookups = _Lookups()

    def parse(row: TableRow) -> dict:
        values = lookups.department_month(row)
        kind = row.get("driver").strip().lower()
        if kind not in IMPORTED_DRIVERS:
            raise DomainError(
                _("“%(driver)s” is not a driver (%(drivers)s)")
                % {"driver": row.get("driver")[:40], "drivers": ", ".join(IMPORTED_DRIVERS)}
            )
        values.update(kind=kind, value=parse_driver_value(row.get("value")))
        return values

    rows = parse_rows(table, parse)
    _refuse_repeats(
        rows, lambda r: (r["department"].pk, r["kind"], r["month"]), _("the same driver value as line %(line)d")
    )
    _refuse_closed(rows)
    result = ImportResult()
    with transaction.atomic():
        for month in sorted({r["month"] for r in rows}):
            lock_open_month(month)
        for r in rows:
            _driver, created = DriverValue.objects.update_or_create(
                department=r["department"],
                month=r["month"],
                kind=r["kind"],
                defaults={"value": r["value"], "source": DriverSource.IMPORT},
            )
            if created:
                result.created += 1
            else:
                result.updated += 1
    return result


def _save_imported_entries(model, rows: list[dict], *, user: User, kind_field: str) -> ImportResult:
    """Cost or revenue entries from parsed rows, all or none, refused in closed months;
    `kind_field` is what sorts them (a cost's category, a revenue's kind)."""
    _refuse_closed(rows)
    with transaction.atomic():
        for month in sorted({r["month"] for r in rows}):
            lock_open_month(month)
        model.objects.bulk_create(
            model(
                department=r["department"],
                month=r["month"],
                amount=r["amount"],
                source=CostSource.IMPORT,
                reference=r["reference"],
                note=r["note"],
                created_by=user,
                **{kind_field: r[kind_field]},
            )
            for r in rows
        )
    return ImportResult(created=len(rows))
