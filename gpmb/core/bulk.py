"""The one bulk writer for imports, overlays and computations of 100,000 rows.

Django's bulk_create/bulk_update prepare every value through the field machinery and
build one model instance per row; at this size that costs several times the work
itself. Here rows are plain tuples of column values (attnames, in `columns` order),
dates adapted once per distinct value with the backend's own adapters: PostgreSQL gets a `COPY`,
SQLite multi-row `INSERT`s with as many rows per statement as it takes parameters.
`created_at`/`updated_at` are filled in when the model has them and the caller does not
give them. JSON columns come as already encoded JSON text. Like bulk_create, this
bypasses signals and the change log: callers record one AuditEvent for the whole write."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

CHUNK = 5000
# After this many rows PostgreSQL's statistics are refreshed: with the table still
# "empty" to the planner, the next join on it (the re-import, the export) ran as a
# nested loop for minutes.
ANALYZE_AFTER = 5000
STAMPS = ("created_at", "updated_at")

Row = Sequence[Any]


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Sequence[Row]) -> int:
    """INSERT `rows`; returns how many were written."""
    if not rows:
        return 0
    stamps = _missing_stamps(model, columns, STAMPS)
    fields = _fields(model, [*columns, *stamps])
    prepare = _preparer(fields, [timezone.now()] * len(stamps))
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg 3
            with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in rows:
                    copy.write_row(prepare(row))
            if len(rows) >= ANALYZE_AFTER:
                cursor.execute(f"ANALYZE {table}")
            return len(rows)
        if len(rows) > 10_000:
            # Index pages of 100,000 new rows do not fit SQLite's default 2 MB cache;
            # without a larger one every insert into a unique index reads from disk.
            cursor.execute("PRAGMA cache_size = -262144")
        # SQLite does an INSERT statement's fixed work (starting it, the AUTOINCREMENT
        # counter, the end-of-statement checks) once per statement: one row per statement
        # was about 40 % slower than as many rows as the parameter limit allows.
        one = "(" + ", ".join(["%s"] * len(fields)) + ")"
        per = max(1, (connection.features.max_query_params or 999) // len(fields))
        flat = itertools.chain.from_iterable
        for start in range(0, len(rows), per * 100):
            chunk = [prepare(row) for row in rows[start : start + per * 100]]
            full = len(chunk) - len(chunk) % per
            if full:
                sql = f"INSERT INTO {table} ({names}) VALUES {', '.join([one] * per)}"
                cursor.executemany(
                    sql, [tuple(flat(chunk[i : i + per])) for i in range(0, full, per)]
                )
            if full < len(chunk):
                rest = chunk[full:]
                sql = f"INSERT INTO {table} ({names}) VALUES {', '.join([one] * len(rest))}"
                cursor.execute(sql, tuple(flat(rest)))
    return len(rows)


def update_rows(model: type[models.Model], columns: Sequence[str], rows: Sequence[Row]) -> int:
    """UPDATE by primary key: each row is (a value for each of `columns`…, pk);
    `updated_at` is set when the model has it and `columns` does not name it."""
    stamps = _missing_stamps(model, columns, STAMPS[1:])
    fields = _fields(model, [*columns, *stamps])
    prepare = _preparer(fields, [timezone.now()] * len(stamps))
    table = connection.ops.quote_name(model._meta.db_table)
    sets = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields)
    pk = connection.ops.quote_name(model._meta.pk.column)  # type: ignore[union-attr]
    sql = f"UPDATE {table} SET {sets} WHERE {pk} = %s"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            cursor.executemany(
                sql, [(*prepare(row[:-1]), row[-1]) for row in rows[start : start + CHUNK]]
            )
    return len(rows)


def _missing_stamps(
    model: type[models.Model], columns: Sequence[str], stamps: Sequence[str]
) -> list[str]:
    names = {f.name for f in model._meta.concrete_fields}
    return [s for s in stamps if s in names and s not in columns]


def _fields(model: type[models.Model], columns: Sequence[str]) -> list[models.Field]:
    return [model._meta.get_field(name) for name in columns]  # type: ignore[misc]


def _preparer(fields: list[models.Field], extra: Sequence[Any]) -> Callable[[Row], tuple]:
    """A function that adapts a row for the database and appends the constant `extra`
    time stamps, adapted once. Only the columns that need it are touched."""
    width = len(fields) - len(extra)
    fixed = tuple(connection.ops.adapt_datetimefield_value(v) for v in extra)
    convert = [(i, a) for i, f in enumerate(fields[:width]) if (a := _adapter(f))]

    def prepare(row: Row) -> tuple:
        if not convert:
            return (*row, *fixed)
        values = list(row)
        for i, adapt in convert:
            values[i] = adapt(values[i])
        return (*values, *fixed)

    return prepare


def _adapter(field: models.Field) -> Callable[[Any], Any] | None:
    ops = connection.ops
    adapt: Callable[[Any], Any]
    # Decimals need nothing: every backend's adapt_decimalfield_value returns the value.
    if isinstance(field, models.DateTimeField):
        adapt = ops.adapt_datetimefield_value
    elif isinstance(field, models.DateField):
        adapt = ops.adapt_datefield_value
    elif isinstance(field, models.BinaryField):
        # Geometry as WKB: one value per row, nothing to remember.
        return lambda v: None if v is None else bytes(v)
    else:
        return None
    # Imports repeat the same dates on many rows: adapt each once.
    seen: dict[Any, Any] = {None: None}

    def remembered(value: Any) -> Any:
        try:
            return seen[value]
        except KeyError:
            seen[value] = result = adapt(value)
            return result

    return remembered
