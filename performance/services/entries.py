"""Cost and revenue entries, budgets and driver values typed or imported by finance.

Every verb checks the user (finance or an administrator), the month (open: a closed
month is a ConflictError) and the amount (Decimal in cents, within the column), and
writes in one transaction. Entries that monthly collection wrote (inventory,
equipment, staffing) are changed only by collecting again: a hand edit would vanish
at the next run, so it is refused with the advice to add a manual entry.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from hospital.errors import ConflictError, DomainError
from hospital.models import Department, User
from performance.models import (
    AUTOMATIC_SOURCES,
    Budget,
    CostCategory,
    CostEntry,
    CostSource,
    DriverKind,
    DriverValue,
    RevenueEntry,
    RevenueKind,
)
from performance.services.months import lock_open_month, require_manager

MAX_AMOUNT = Decimal("999999999999.99")  # the columns' 14 digits, 2 after the point
MAX_DRIVER = Decimal("999999999999.9999")
PEOPLE_SOURCES = (CostSource.MANUAL, CostSource.IMPORT)


def parse_amount(value, *, field: str = "amount", allow_negative: bool = True) -> Decimal:
    """A money amount from a form, an API body or an import cell; DomainError if it is not one."""
    text = str(value if value is not None else "").strip().replace(",", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise DomainError(_("“%(value)s” is not an amount.") % {"value": text[:40]}, field=field) from None
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
        raise DomainError(_("Give the amount in cents at most, e.g. 1234.50."), field=field)
    if abs(amount) > MAX_AMOUNT:
        raise DomainError(_("The amount is too large."), field=field)
    if amount < 0 and not allow_negative:
        raise DomainError(_("The amount cannot be negative."), field=field)
    return amount.quantize(Decimal("0.01"))


def parse_driver_value(value, *, field: str = "value") -> Decimal:
    """A driver's amount (a number from 0 up, four decimals kept); DomainError if it is not one."""
    try:
        value = Decimal(str(value if value is not None else "").strip().replace(",", ""))
    except InvalidOperation:
        raise DomainError(_("“%(value)s” is not a number.") % {"value": str(value)[:40]}, field=field) from None
    if not value.is_finite() or value < 0 or value > MAX_DRIVER:
        raise DomainError(_("A driver value is a number from 0 up."), field=field)
    return value.quantize(Decimal("0.0001"))


def _check_department(department: Department) -> None:
    if department is None:
        raise DomainError(_("Choose a department."), field="department")


def _record(model, *, department, month, amount, user, source, reference, note, refusal, **fields):
    """A cost or revenue entry (`model`) typed or imported by finance: the checks and the
    write both kinds share; `fields` are the kind's own (category, or kind of revenue)."""
    require_manager(user)
    _check_department(department)
    if source not in PEOPLE_SOURCES:
        raise DomainError(refusal, field="source")
    amount = parse_amount(amount)
    with transaction.atomic():
        month = lock_open_month(month)
        return model.objects.create(
            department=department,
            month=month,
            amount=amount,
            source=source,
            reference=reference[:100],
            note=note[:300],
            created_by=user,
            **fields,
        )


def record_cost_entry(
    *,
    department: Department,
    month: dt.date,
    category: CostCategory,
    amount,
    user: User,
    source: str = CostSource.MANUAL,
    reference: str = "",
    note: str = "",
) -> CostEntry:
    """A cost typed or imported by finance (a credit may be negative)."""
    if category is None:
        raise DomainError(_("Choose a cost category."), field="category")
    return _record(
        CostEntry,
        department=department,
        month=month,
        amount=amount,
        user=user,
        source=source,
        reference=reference,
        note=note,
        refusal=_("Only monthly collection writes entries from other apps."),
        category=category,
    )


def _require_people_entry(entry) -> None:
    if entry.source in AUTOMATIC_SOURCES:
        raise ConflictError(
            _(
                "This entry was collected from %(source)s and is replaced at the next collection: "
                "correct it there, or add a manual entry."
            )
            % {"source": entry.get_source_display()}
        )


def update_cost_entry(*, entry: CostEntry, user: User, amount=None, category=None, reference=None, note=None):
    """Change a manual or imported entry of an open month."""
    require_manager(user)
    _require_people_entry(entry)
    with transaction.atomic():
        lock_open_month(entry.month)
        entry = CostEntry.objects.select_for_update().get(pk=entry.pk)
        if amount is not None:
            entry.amount = parse_amount(amount)
        if category is not None:
            entry.category = category
        if reference is not None:
            entry.reference = reference[:100]
        if note is not None:
            entry.note = note[:300]
        entry.save()
        return entry


def delete_cost_entry(*, entry: CostEntry, user: User) -> None:
    require_manager(user)
    _require_people_entry(entry)
    with transaction.atomic():
        lock_open_month(entry.month)
        CostEntry.objects.filter(pk=entry.pk).delete()


def record_revenue_entry(
    *,
    department: Department,
    month: dt.date,
    kind: str,
    amount,
    user: User,
    source: str = CostSource.MANUAL,
    reference: str = "",
    note: str = "",
) -> RevenueEntry:
    if kind not in RevenueKind.values:
        require_manager(user)
        raise DomainError(_("Choose a kind of revenue."), field="kind")
    return _record(
        RevenueEntry,
        department=department,
        month=month,
        amount=amount,
        user=user,
        source=source,
        reference=reference,
        note=note,
        refusal=_("Revenue is typed or imported."),
        kind=kind,
    )


def set_budget(*, department: Department, category: CostCategory, month: dt.date, amount, user: User) -> Budget:
    """The budget of one department, category and month (replacing the one there was)."""
    require_manager(user)
    _check_department(department)
    amount = parse_amount(amount, allow_negative=False)
    with transaction.atomic():
        month = lock_open_month(month)
        budget, _created = Budget.objects.update_or_create(
            department=department, category=category, month=month, defaults={"amount": amount}
        )
        return budget


def set_driver_value(
    *, department: Department, month: dt.date, kind: str, value, user: User | None, source: str = CostSource.MANUAL
) -> DriverValue:
    """A department's amount of one driver in one month (typed, imported, or filled from an app)."""
    if user is not None:
        require_manager(user)
    _check_department(department)
    if kind not in DriverKind.values or kind == DriverKind.FIXED_SHARES:
        raise DomainError(_("Choose a driver; fixed shares are set on the allocation rule."), field="kind")
    value = parse_driver_value(value)
    with transaction.atomic():
        month = lock_open_month(month)
        driver, _created = DriverValue.objects.update_or_create(
            department=department, month=month, kind=kind, defaults={"value": value, "source": source}
        )
        return driver
