"""Fast bulk writes for imports and overlays of 100,000 rows.

Django's bulk_create/bulk_update prepare every value through the field machinery and
build one large statement per batch (bulk_update with CASE WHEN); at this size that
costs more than the work itself. Here values are adapted once per column with the
backend's own adapters and sent with executemany, which SQLite and psycopg both run
fast. Like bulk_create, this bypasses signals: callers record one AuditEvent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import connection, models
from django.utils import timezone


def _adapter(field: models.Field) -> Any:
    ops = connection.ops
    if isinstance(field, models.DecimalField):
        return lambda v: (
            None
            if v is None
            else ops.adapt_decimalfield_value(Decimal(v), field.max_digits, field.decimal_places)
        )
    if isinstance(field, models.DateTimeField):
        return lambda v: None if v is None else ops.adapt_datetimefield_value(v)
    if isinstance(field, models.BinaryField):
        return lambda v: None if v is None else bytes(v)
    return lambda v: v


def _columns(model: type[models.Model], names: Sequence[str]) -> list[models.Field]:
    return [model._meta.get_field(name) for name in names]  # type: ignore[misc]


def _prepared(
    fields: list[models.Field], rows: Sequence[Sequence[Any]], extra: Sequence[Any]
) -> list[tuple[Any, ...]]:
    """Rows adapted for the database; only columns that need it are touched, and the
    constant `extra` values (time stamps) are adapted once."""
    width = len(fields) - len(extra)
    adapters = [_adapter(f) for f in fields]
    fixed = tuple(a(v) for a, v in zip(adapters[width:], extra, strict=True))
    convert = [
        (i, adapters[i])
        for i, f in enumerate(fields[:width])
        if isinstance(f, models.DecimalField | models.DateTimeField | models.BinaryField)
    ]
    out = []
    for row in rows:
        if convert:
            values = list(row)
            for i, adapt in convert:
                values[i] = adapt(values[i])
            out.append((*values, *fixed))
        else:
            out.append((*row, *fixed))
    return out


def insert_rows(
    model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """INSERT rows (values in `names` order); created_at/updated_at are filled in."""
    now = timezone.now()
    stamp = [n for n in ("created_at", "updated_at") if _has(model, n) and n not in names]
    fields = _columns(model, [*names, *stamp])
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite" and len(rows) > 10_000:
            # Index pages of 100,000 new rows do not fit SQLite's default 2 MB cache;
            # without a larger one every insert into a unique index reads from disk.
            cursor.execute("PRAGMA cache_size = -262144")
        for start in range(0, len(rows), 5000):
            cursor.executemany(
                sql, _prepared(fields, rows[start : start + 5000], [now] * len(stamp))
            )


def update_rows(
    model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """UPDATE by primary key: each row is (value for each of `names`…, pk)."""
    stamp = _has(model, "updated_at") and "updated_at" not in names
    fields = _columns(model, [*names, *(["updated_at"] if stamp else [])])
    table = connection.ops.quote_name(model._meta.db_table)
    sets = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields)
    pk = connection.ops.quote_name(model._meta.pk.column)  # type: ignore[union-attr]
    sql = f"UPDATE {table} SET {sets} WHERE {pk} = %s"
    now: list[dt.datetime] = [timezone.now()] if stamp else []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            chunk = rows[start : start + 5000]
            # The primary key goes last, after the time stamp.
            prepared = _prepared(fields, [row[:-1] for row in chunk], now)
            cursor.executemany(
                sql, [(*values, row[-1]) for values, row in zip(prepared, chunk, strict=True)]
            )


def _has(model: type[models.Model], name: str) -> bool:
    return any(f.name == name for f in model._meta.concrete_fields)
