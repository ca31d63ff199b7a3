"""Reading an uploaded table (CSV or XLSX) for an import: the one way every app does it.

An import service calls `read_table` (size cap, encoding, headers checked by
name), then `parse_rows` with a function that turns one row into values or
raises DomainError; every bad row is reported with its line, and the service
writes only when no row failed — all rows or none. The API's exception handler
turns `TableImportError` into a 400 that lists the rows.
"""

import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import load_workbook

from hospital.errors import DomainError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # a year of census for 60 wards is about 1 MB
MAX_CELL_CHARACTERS = 2_000  # no cell of a hospital import is longer than a short note
MAX_REPORTED_ERRORS = 200  # a file with thousands of bad rows gets the first ones and a count
# Excel on a Chinese Windows saves "CSV" in GB18030 (GBK); everything else is UTF-8,
# with or without the byte-order mark Excel writes for "CSV UTF-8".
ENCODINGS = ("utf-8-sig", "gb18030")
XLSX_SIGNATURE = b"PK\x03\x04"

Parsed = TypeVar("Parsed")


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


class TableImportError(DomainError):
    """Some rows are wrong; nothing was imported. `errors` holds the first
    MAX_REPORTED_ERRORS, `error_count` how many rows failed in all."""

    def __init__(self, errors: list[RowError]):
        self.error_count = len(errors)
        self.errors = errors[:MAX_REPORTED_ERRORS]
        message = ngettext(
            "%(count)d row has errors; nothing was imported.",
            "%(count)d rows have errors; nothing was imported.",
            self.error_count,
        ) % {"count": self.error_count}
        super().__init__(message, field="file")

    def as_data(self) -> dict:
        return {
            "detail": self.message,
            "error_count": self.error_count,
            "rows": [{"line": e.line, "error": e.message} for e in self.errors],
        }


@dataclass(frozen=True)
class TableRow:
    """One data row: `line` as a spreadsheet shows it, `values` by (lower-case) column
    name, stripped text, only for the columns the file has."""

    line: int
    values: dict[str, str]

    def has(self, column: str) -> bool:
        return column in self.values

    def get(self, column: str, default: str = "") -> str:
        return self.values.get(column, default)


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: list[TableRow]


def uploaded_file(files, name: str = "file"):
    """The upload an API request attached as `name`, or a DomainError saying how to attach it."""
    upload = files.get(name)
    if upload is None:
        raise DomainError(_("Attach the file as “%(name)s” (multipart/form-data).") % {"name": name}, field=name)
    return upload


def read_table(
    upload,
    *,
    required: Iterable[str],
    optional: Iterable[str] = (),
    extra_columns: re.Pattern | None = None,
    max_bytes: int | None = None,
) -> Table:
    """The rows of an uploaded CSV or XLSX file (first sheet), headers in the first row.

    Refuses with a DomainError (nothing read further): a file over `max_bytes`, a
    file that is neither UTF-8/GB18030 text nor XLSX, a missing required column, a
    column the import does not know (a misspelt header must not silently import
    nothing), and a column named twice. `extra_columns` admits more names by
    pattern (e.g. survey questions q1, q2, …). A cell longer than
    MAX_CELL_CHARACTERS or holding a NUL character fails its row.
    """
    max_bytes = max_bytes or MAX_UPLOAD_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise DomainError(
            _("The file is larger than %(size)s MB: split it and import each part.")
            % {"size": max_bytes // (1024 * 1024)},
            field="file",
        )
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise DomainError(
            _("The file is larger than %(size)s MB: split it and import each part.")
            % {"size": max_bytes // (1024 * 1024)},
            field="file",
        )
    raw_rows = _xlsx_rows(data) if data.startswith(XLSX_SIGNATURE) else _csv_rows(data)
    header_line, header = next(raw_rows, (1, []))
    columns = _checked_columns(header, required=required, optional=optional, extra_columns=extra_columns)
    rows, errors = [], []
    for line, cells in raw_rows:
        if not any(cell.strip() for cell in cells):
            continue  # blank lines at the end of a spreadsheet are not rows
        problem = _cell_problem(cells)
        if problem:
            errors.append(RowError(line, problem))
            continue
        values = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(columns)}
        rows.append(TableRow(line, values))
    if errors:
        raise TableImportError(errors)
    return Table(columns=tuple(columns), rows=rows)


def parse_rows(table: Table, parse_row: Callable[[TableRow], Parsed]) -> list[Parsed]:
    """`parse_row` applied to every row; raises TableImportError listing each row that
    raised DomainError (by line), or DomainError when the file has no data rows."""
    if not table.rows:
        raise DomainError(_("The file has no data rows."), field="file")
    parsed, errors = [], []
    for row in table.rows:
        try:
            parsed.append(parse_row(row))
        except DomainError as error:
            errors.append(RowError(row.line, str(error.message)))
    if errors:
        raise TableImportError(errors)
    return parsed


def _checked_columns(header, *, required, optional, extra_columns) -> list[str]:
    columns = [str(name or "").strip().lower() for name in header]
    required, optional = list(required), list(optional)
    if not any(columns):
        raise DomainError(
            _("The first line must name the columns: %(columns)s.") % {"columns": ", ".join(required)}, field="file"
        )
    known = set(required) | set(optional)
    unknown = [c for c in columns if c not in known and not (extra_columns and extra_columns.fullmatch(c))]
    if unknown:
        raise DomainError(
            _("Unknown columns: %(unknown)s. The columns are: %(known)s.")
            % {"unknown": ", ".join(f"“{c}”" for c in unknown), "known": ", ".join([*required, *optional])},
            field="file",
        )
    missing = [c for c in required if c not in columns]
    if missing:
        raise DomainError(
            _("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)}, field="file"
        )
    twice = sorted({c for c in columns if columns.count(c) > 1})
    if twice:
        raise DomainError(_("Columns named twice: %(columns)s.") % {"columns": ", ".join(twice)}, field="file")
    return columns


def _cell_problem(cells: list[str]) -> str:
    for cell in cells:
        if len(cell) > MAX_CELL_CHARACTERS:
            return _("a value is longer than %(count)d characters") % {"count": MAX_CELL_CHARACTERS}
        if "\x00" in cell:
            return _("a value contains a NUL character")
    return ""


def _csv_rows(data: bytes):
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DomainError(_("The file is not text: save it as CSV (UTF-8) or XLSX and try again."), field="file")
    # The csv module raises on a field over its limit (131,072 by default); the whole
    # file is under the upload cap, so no field can pass that, and an over-long cell
    # becomes a row error (_cell_problem) instead of a crash.
    csv.field_size_limit(max(len(text), MAX_CELL_CHARACTERS) + 1)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for cells in reader:
            yield reader.line_num, cells
    except csv.Error:
        raise DomainError(
            _("Line %(line)d cannot be read as CSV (a quote is not closed).") % {"line": reader.line_num + 1},
            field="file",
        ) from None


def _xlsx_rows(data: bytes):
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line, [_cell_text(value) for value in values]
    except DomainError:
        raise
    except Exception:  # openpyxl raises many kinds of error for a damaged file
        raise DomainError(_("The file cannot be read as XLSX: save it again from Excel."), field="file") from None


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "date") and callable(value.date):  # a datetime: imports take dates
        return value.date().isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
