"""Grouped reads and summary upkeep that every app shares (docs/architecture.md, section 6).

- `split_months(periods)`: which calendar months a set of periods covers whole
  (read them from a monthly summary) and which days are left over (read them raw).
- `period_case(field, ranges)`: a SQL CASE giving each row the index of its period,
  so one grouped query answers all periods at once.
- `rollup(rows, departments)`: sums of rows grouped by department path, rolled up
  each department's subtree in Python (no filtered aggregate per department).
- `add_counts(model, keys, counts)`: the incremental upkeep of a summary row,
  one `INSERT … ON CONFLICT DO UPDATE` (PostgreSQL and SQLite); rows that reach
  zero are deleted, so an incremental summary equals one rebuilt from the raw rows.
"""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from hospital.periods import Period, add_months, month_end, month_start

# (first day, last day, index of the period the days belong to)
Range = tuple[dt.date, dt.date, int]


def disjoint(periods: Sequence[Period]) -> bool:
    ordered = sorted(periods)
    return all(a[1] < b[0] for a, b in zip(ordered, ordered[1:], strict=False))


def split_months(periods: Sequence[Period], *, today: dt.date | None = None) -> tuple[dict[dt.date, int], list[Range]]:
    """({first day of a month read whole: period index}, [left-over day ranges]).

    A month is read whole when the period holds all of it, or all of it up to
    today: no writer accepts a date after today (events, census, infections and
    survey answers all refuse one), so the month's summary already is "up to today".
    Periods must be disjoint.
    """
    today = today or timezone.localdate()
    whole: dict[dt.date, int] = {}
    partial: list[Range] = []
    for index, (start, end) in enumerate(periods):
        month = month_start(start)
        while month <= end:
            last = month_end(month)
            if start <= month and (end >= last or end >= today):
                whole[month] = index
            else:
                partial.append((max(start, month), min(end, last), index))
            month = add_months(month, 1)
    return whole, partial


def in_ranges(field: str, ranges: Iterable[tuple]) -> Q:
    """Rows whose `field` falls in any of the (first, last, …) ranges."""
    q = Q(pk__in=[])
    for first, last, *_rest in ranges:
        q |= Q(**{f"{field}__gte": first, f"{field}__lte": last})
    return q


def period_case(field: str, ranges: Iterable[tuple]) -> Case:
    """CASE WHEN field BETWEEN first AND last THEN index …: the period index of each row."""
    whens = [
        When(**{f"{field}__gte": first, f"{field}__lte": last}, then=Value(index)) for first, last, index in ranges
    ]
    return Case(*whens, default=Value(-1), output_field=IntegerField())


def period_ranges(periods: Sequence[Period]) -> list[Range]:
    return [(start, end, index) for index, (start, end) in enumerate(periods)]


def rollup(rows: Iterable[Mapping], departments: Sequence, *, path: str = "path", fields: Sequence[str]) -> dict:
    """{department pk: {field: sum}} of the rows (each with a department `path`) in each
    department's subtree. The rows are few (grouped in SQL); the tree walk is Python."""
    rows = list(rows)
    totals = {}
    for department in departments:
        sums = dict.fromkeys(fields, 0)
        for row in rows:
            if row[path].startswith(department.path):
                for name in fields:
                    sums[name] += row[name] or 0
        totals[department.pk] = sums
    return totals


def add_counts(model, keys: Mapping[str, object], counts: Mapping[str, int]) -> None:
    """Add `counts` (negative to take away) to the summary row of `keys`, creating it;
    delete it when every count is zero again. Safe under concurrent writers: the
    database adds, not Python."""
    if not any(counts.values()):
        return
    meta = model._meta
    table = connection.ops.quote_name(meta.db_table)
    key_columns = [meta.get_field(name).column for name in keys]
    count_columns = [meta.get_field(name).column for name in counts]
    columns = [*key_columns, *count_columns]
    # Only names from the model's own metadata are put into the SQL; values are parameters.
    quote = connection.ops.quote_name
    quoted = [quote(c) for c in columns]
    updates = ", ".join(f"{quote(c)} = {table}.{quote(c)} + EXCLUDED.{quote(c)}" for c in count_columns)
    conflict = ", ".join(quote(c) for c in key_columns)
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(quoted)}) VALUES ({placeholders}) ON CONFLICT ({conflict}) DO UPDATE SET {updates}"  # noqa: E501, S608
    key_values = [getattr(v, "pk", v) for v in keys.values()]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*key_values, *counts.values()])
        where = " AND ".join(f"{quote(c)} = %s" for c in key_columns)
        zero = " AND ".join(f"{quote(c)} = 0" for c in count_columns)
        cursor.execute(f"DELETE FROM {table} WHERE {where} AND {zero}", key_values)  # noqa: S608


ADD_MANY_CHUNK = 1000  # rows per statement: well inside both databases' parameter limits


def add_many(model, keys: Sequence[str], counts: Sequence[str], rows: Mapping[tuple, Sequence]) -> None:
    """Add to many summary rows at once: `rows` maps a key tuple (values of `keys`, in
    order) to the amounts to add to `counts` (negative to take away). One
    `INSERT … ON CONFLICT DO UPDATE … RETURNING` per thousand rows, keys in sorted order
    (concurrent writers lock rows in the same order); rows that reached zero are deleted
    by a second statement, only when some did. Same guarantees as `add_counts`."""
    ordered = sorted(
        ((key, amounts) for key, amounts in rows.items() if any(amounts)),
        key=lambda pair: tuple(getattr(v, "pk", v) for v in pair[0]),
    )
    for start in range(0, len(ordered), ADD_MANY_CHUNK):
        _add_chunk(model, keys, counts, ordered[start : start + ADD_MANY_CHUNK])


def _add_chunk(model, keys: Sequence[str], counts: Sequence[str], ordered: list) -> None:
    meta = model._meta
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    key_columns = [quote(meta.get_field(name).column) for name in keys]
    count_columns = [quote(meta.get_field(name).column) for name in counts]
    columns = ", ".join([*key_columns, *count_columns])
    row_sql = "(" + ", ".join(["%s"] * (len(keys) + len(counts))) + ")"
    values = [getattr(v, "pk", v) for key, amounts in ordered for v in (*key, *amounts)]
    updates = ", ".join(f"{c} = {table}.{c} + EXCLUDED.{c}" for c in count_columns)
    # Only names from the model's own metadata are put into the SQL; values are parameters.
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES {', '.join([row_sql] * len(ordered))} "  # noqa: S608
        f"ON CONFLICT ({', '.join(key_columns)}) DO UPDATE SET {updates} RETURNING {columns}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        emptied = [row[: len(keys)] for row in cursor.fetchall() if not any(row[len(keys) :])]
        if emptied:
            key_sql = "(" + ", ".join(["%s"] * len(keys)) + ")"
            match = f"({', '.join(key_columns)}) IN ({', '.join([key_sql] * len(emptied))})"
            zero = " AND ".join(f"{c} = 0" for c in count_columns)
            cursor.execute(f"DELETE FROM {table} WHERE {match} AND {zero}", [v for key in emptied for v in key])  # noqa: S608
