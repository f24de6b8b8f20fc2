"""Fast inserts for imports: Django's bulk_create spends most of its time preparing
each of ~40 values per row (and SQLite allows only ~25 rows per statement at that
width). Rows here are plain tuples in column order; SQLite gets one `executemany`,
PostgreSQL a `COPY`. No model signals run: the caller records one AuditEvent."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models

ANALYZE_AFTER = 5000


def _adapter(field: models.Field) -> Any:
    ops = connection.ops
    adapt: Any
    if isinstance(field, models.DateTimeField):
        adapt = ops.adapt_datetimefield_value
    elif isinstance(field, models.DateField):
        adapt = ops.adapt_datefield_value
    elif isinstance(field, models.DecimalField):
        adapt = ops.adapt_decimalfield_value
    else:
        return None
    cache: dict[Any, Any] = {None: None}

    def convert(value: Any) -> Any:
        # Imports repeat the same dates and amounts on many rows: adapt each once.
        try:
            return cache[value]
        except KeyError:
            cache[value] = result = adapt(value)
            return result

    return convert


def insert_rows(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert `rows` (values for the concrete fields named by attname in `columns`)."""
    fields = [model._meta.get_field(name) for name in columns]
    db_columns = [str(f.column) for f in fields]  # type: ignore[union-attr]
    adapters = [(i, a) for i, f in enumerate(fields) if (a := _adapter(f)) is not None]  # type: ignore[arg-type]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in db_columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg 3
            with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in rows:
                    copy.write_row(_convert(row, adapters))
                    count += 1
            if count >= ANALYZE_AFTER:
                # Fresh statistics: with the table still "empty" to the planner, the next
                # join on it (the re-import, the export) ran as a nested loop for minutes.
                cursor.execute(f"ANALYZE {table}")
            return count
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"
        batch: list[Sequence[Any]] = []
        for row in rows:
            batch.append(_convert(row, adapters))
            if len(batch) >= 5000:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _convert(row: Sequence[Any], adapters: list[tuple[int, Any]]) -> Sequence[Any]:
    if not adapters:
        return row
    values = list(row)
    for index, adapt in adapters:
        values[index] = adapt(values[index])
    return values
