"""The one bulk writer for imports, overlays and computations of 100,000 rows.

Django's bulk_create/bulk_update prepare every value through the field machinery and
build one model instance per row; at this size that costs several times the work
itself. Here rows are plain tuples of column values (attnames, in `columns` order),
dates adapted once per distinct value with the backend's own adapters: PostgreSQL gets a `COPY`,
SQLite multi-row `INSERT`s with as many rows per statement as it takes parameters.
`created_at`/`updated_at` are filled in when the model has them and the caller does not
give them. JSON columns come as already encoded JSON text. Like bulk_create, this
bypasses signals; the change log is written here instead, in bulk: for an audited model
(gpmb.core.models.AuditedModel) every created row and every changed field of an updated
row gets its ObjectChange, attributed to the acting user of the audit context. Callers
still record one AuditEvent for the whole write, with its reason."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

import orjson
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.models import Max
from django.utils import timezone

from gpmb.core.audit import AuditContext, current_context, jsonable
from gpmb.core.choices import ChangeAction
from gpmb.core.models import AuditedModel, ObjectChange

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
    now = timezone.now()
    prepare = _preparer(fields, [now] * len(stamps))
    ctx = _logging(model)
    if ctx is not None and "created_at" in stamps:
        last = model._base_manager.aggregate(top=Max("pk"))["top"] or 0
        _insert(model, fields, rows, prepare)
        created = model._base_manager.filter(pk__gt=last, created_at=now).order_by("pk")
        _log_created(model, ctx, fields[: len(columns)], rows, created)
        return len(rows)
    _insert(model, fields, rows, prepare)
    return len(rows)


def _insert(
    model: type[models.Model],
    fields: list[models.Field],
    rows: Sequence[Row],
    prepare: Callable[[Row], tuple],
) -> None:
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
            return
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
    ctx = _logging(model)
    if ctx is not None:
        _log_updated(model, ctx, fields[: len(columns)], rows)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            cursor.executemany(
                sql, [(*prepare(row[:-1]), row[-1]) for row in rows[start : start + CHUNK]]
            )
    return len(rows)


# -- the change log, in bulk ------------------------------------------------------------


def _logging(model: type[models.Model]) -> AuditContext | None:
    """The audit context when this model's bulk writes are logged, else None."""
    if not issubclass(model, AuditedModel) or not model.audit_bulk_writes:
        return None
    ctx = current_context()
    return ctx if ctx.enabled else None


def _audited(model: type[models.Model]) -> list[models.Field]:
    """The fields the change log records (gpmb.core.audit.serialize: all but the time
    stamps and the model's audit_exclude)."""
    excluded = {*getattr(model, "audit_exclude", ()), *STAMPS}
    return [f for f in model._meta.concrete_fields if f.name not in excluded]


def _log_created(
    model: type[models.Model],
    ctx: AuditContext,
    fields: list[models.Field],
    rows: Sequence[Row],
    created: models.QuerySet,
) -> None:
    """One ObjectChange per created row. The values are the caller's own rows, zipped
    with the new primary keys (rows get their keys in the order they are written, and
    `created` holds only this write's rows); reading 100,000 rows back, with their
    geometry, cost more than the import itself. Should the counts ever differ, the rows
    are read back."""
    audited = set(_audited(model))
    logged = [(i, f) for i, f in enumerate(fields) if f in audited]
    pks = list(created.values_list("pk", flat=True).iterator(chunk_size=CHUNK))
    if len(pks) != len(rows):
        values = created.values_list(*[f.attname for _, f in logged])
        rows = list(values.iterator(chunk_size=CHUNK))
        logged = [(n, f) for n, (_, f) in enumerate(logged)]
    log = _ChangeLog(model, ctx, ChangeAction.CREATE)
    keys = orjson.dumps(sorted(f.name for _, f in logged)).decode()
    changes = [
        log.row(pk, None, {f.name: jsonable(row[i]) for i, f in logged}, keys)
        for pk, row in zip(pks, rows, strict=True)
    ]
    insert_rows(ObjectChange, _CHANGE_COLUMNS, changes)


def _log_updated(
    model: type[models.Model], ctx: AuditContext, fields: list[models.Field], rows: Sequence[Row]
) -> None:
    """One ObjectChange per row that changes something, with the changed fields' values
    before (read from the database, before the update) and after."""
    audited = set(_audited(model))
    logged = [(i, f) for i, f in enumerate(fields) if f in audited]
    if not logged:
        return
    log = _ChangeLog(model, ctx, ChangeAction.UPDATE)
    changes = []
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        stored = {
            pk: values
            for pk, *values in model._base_manager.filter(
                pk__in=[r[-1] for r in chunk]
            ).values_list("pk", *[f.attname for _, f in logged])
        }
        for row in chunk:
            old = stored.get(row[-1])
            if old is None:
                continue
            before, after = {}, {}
            for (i, field), was in zip(logged, old, strict=True):
                a, b = jsonable(was), jsonable(row[i])
                if a != b:
                    before[field.name], after[field.name] = a, b
            if after:
                changes.append(log.row(row[-1], before, after))
    insert_rows(ObjectChange, _CHANGE_COLUMNS, changes)


_CHANGE_COLUMNS = [
    "time", "user_id", "request_id", "action", "content_type_id", "object_id", "object_repr",
    "before", "after", "changed_fields",
]  # fmt: skip


class _ChangeLog:
    """Builds ObjectChange rows (in `_CHANGE_COLUMNS` order) for one bulk write: what
    is the same for every row (time, user, request, content type, the model's name) is
    worked out once."""

    def __init__(self, model: type[models.Model], ctx: AuditContext, action: str) -> None:
        self.fixed = (
            timezone.now(), ctx.user_id, ctx.request_id, action,
            ContentType.objects.get_for_model(model).pk,
        )  # fmt: skip
        # The model's name and id, not str(instance): many __str__ read related rows,
        # one query each, which 100,000 rows cannot afford.
        self.name = str(model._meta.verbose_name)

    def row(
        self, pk: Any, before: dict[str, Any] | None, after: dict[str, Any], keys: str = ""
    ) -> tuple[Any, ...]:
        return (
            *self.fixed, pk, f"{self.name} {pk}"[:200],
            None if before is None else orjson.dumps(before).decode(),
            orjson.dumps(after).decode(),
            keys or orjson.dumps(sorted(after)).decode(),
        )  # fmt: skip


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
    elif isinstance(field, models.UUIDField):
        # SQLite stores 32 hex digits; the change log repeats one request id 100,000 times.
        def adapt(value: Any) -> Any:
            return field.get_db_prep_value(value, connection)

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
