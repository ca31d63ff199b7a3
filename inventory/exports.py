"""XLSX of the balance and expiry reports: the page's rows and filters, through the
core's formula-safe writer. Values only for those who may see them (as on the page)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from hospital.exports import XlsxExport


def _headers(show_values: bool) -> list[str]:
    headers = [_("Store"), _("Item code"), _("Item"), _("Lot"), _("Expiry"), _("Quantity"), _("Unit")]
    return headers + [_("Unit cost"), _("Value")] if show_values else headers


def _row(balance, show_values: bool) -> list:
    row = [
        balance.store.name,
        balance.item.code,
        str(balance.item),
        balance.lot.number,
        balance.lot.expiry,
        balance.quantity,
        balance.item.base_unit,
    ]
    return row + [balance.lot.unit_cost, balance.value] if show_values else row


def balances_workbook(rows, *, show_values: bool, title: str = "") -> bytes:
    """One row per store and lot, one query whatever the number of rows."""
    export = XlsxExport()
    sheet = export.sheet(
        title or _("Stock balances"), _headers(show_values), widths=(24, 12, 36, 14, 12, 10, 10, 12, 14)
    )
    for balance in rows.iterator(chunk_size=2000):
        sheet.append(_row(balance, show_values))
    return export.to_bytes()


def expiry_workbook(rows, *, show_values: bool) -> bytes:
    return balances_workbook(rows, show_values=show_values, title=_("Expiring stock"))


def consumption_workbook(table: dict, months) -> bytes:
    export = XlsxExport()
    headers = [_("Department"), *[f"{start:%Y-%m}" for start in months], _("Total")]
    sheet = export.sheet(_("Consumption cost"), headers, widths=(28, *([11] * len(months)), 13))
    for row in table.values():
        sheet.append([row["department"], *row["cost"], row["total"]])
    return export.to_bytes()


def recall_workbook(lot, holdings, issues, *, show_values: bool, serials=None) -> bytes:
    """The recall page as a workbook: who holds the lot, who was given it, and for a
    high-value item where each serial number is."""
    export = XlsxExport()
    sheet = export.sheet(_("Held in stores"), _headers(show_values), widths=(24, 12, 36, 14, 12, 10, 10, 12, 14))
    for balance in holdings:
        sheet.append(_row(balance, show_values))
    given = export.sheet(
        _("Issued to departments"), [_("Department"), _("Store"), _("Quantity"), _("First"), _("Last")]
    )
    for row in issues:
        given.append(
            [
                row["department__name"],
                row["store__name"],
                row["quantity"],
                timezone.localtime(row["first"]),
                timezone.localtime(row["last"]),
            ]
        )
    if serials is not None:
        units = export.sheet(_("Serial numbers"), [_("Serial number"), _("Status"), _("Store"), _("Issued to")])
        for unit in serials:
            units.append(
                [unit.serial, unit.get_status_display(), unit.store.name if unit.store else "", _department(unit)]
            )
    return export.to_bytes()


def _department(unit) -> str:
    return unit.department.name if unit.department else ""
