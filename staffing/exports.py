"""XLSX exports through the core's formula-safe writer: a roster as its grid shows it, and
the hours worked per person as the hours page shows them."""

from django.utils.translation import gettext as _

from hospital.exports import XlsxExport


def roster_workbook(roster, rows) -> bytes:
    """One line per person, one column per day (the shift's code, "Leave" on approved leave),
    then their shifts and paid hours: the grid of the roster page, all people at once."""
    export = XlsxExport()
    days = roster.days
    headers = [_("Person"), *(f"{day:%a} {day:%Y-%m-%d}" for day in days), _("Shifts"), _("Hours")]
    sheet = export.sheet(
        f"{roster.department.code} {roster.first_day:%Y-%m-%d}", headers, widths=(24, *([6] * len(days)), 8, 8)
    )
    for row in rows:
        cells = []
        for cell in row.cells:
            if cell.assignment:
                cells.append(cell.assignment.shift_type.code)
            elif cell.leave:
                cells.append(_("Leave"))
            else:
                cells.append("")
        sheet.append([str(row.person), *cells, row.shifts, row.hours])
    return export.to_bytes()


def hours_workbook(roster, lines) -> bytes:
    """Hours worked per person on the roster against their contract (the hours page)."""
    export = XlsxExport()
    sheet = export.sheet(
        _("Hours"),
        [
            _("Person"),
            _("Shifts"),
            _("Nights"),
            _("Weekend days"),
            _("Hours"),
            _("Contract hours"),
            _("Over contract"),
        ],
        widths=(24, 8, 8, 12, 10, 14, 14),
    )
    for line in lines:
        sheet.append(
            [
                str(line.person),
                line.shifts,
                line.nights,
                line.weekend_days,
                line.hours,
                line.contract_hours,
                line.over_contract,
            ]
        )
    return export.to_bytes()
