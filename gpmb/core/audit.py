"""The change log: every create, edit and delete of an audited model is written to
`ObjectChange` with before/after values and the acting user.

The acting user travels in a context variable that the web middleware, imports, jobs and
commands set with `acting_as(...)`; services still take `actor=` explicitly and open
the context themselves, so the shell leaves the same trail as the web."""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import hashlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models


@dataclass(frozen=True)
class AuditContext:
    user_id: int | None
    request_id: uuid.UUID
    enabled: bool = True


_context: contextvars.ContextVar[AuditContext | None] = contextvars.ContextVar(
    "gpmb_audit_context", default=None
)


@contextlib.contextmanager
def acting_as(user: Any | None, request_id: uuid.UUID | None = None) -> Iterator[AuditContext]:
    """Attribute every change made inside the block to `user` (None = the system)."""
    ctx = AuditContext(
        user_id=getattr(user, "pk", None) if user is not None else None,
        request_id=request_id or uuid.uuid4(),
    )
    token = _context.set(ctx)
    try:
        yield ctx
    finally:
        _context.reset(token)


@contextlib.contextmanager
def audit_disabled() -> Iterator[None]:
    """For bulk generation (the demo): the caller records one AuditEvent instead."""
    token = _context.set(AuditContext(user_id=None, request_id=uuid.uuid4(), enabled=False))
    try:
        yield
    finally:
        _context.reset(token)


def current_context() -> AuditContext:
    ctx = _context.get()
    if ctx is None:
        ctx = AuditContext(user_id=None, request_id=uuid.uuid4())
    return ctx


def jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        data = bytes(value)
        # Geometry and files are logged by fingerprint, not content.
        return f"<{len(data)} bytes sha1:{hashlib.sha1(data).hexdigest()[:12]}>"
    if isinstance(value, uuid.UUID):
        return str(value)
    return str(value)


def serialize(instance: models.Model) -> dict[str, Any]:
    """The audited field values of an instance, JSON-ready, keyed by field name."""
    return serialize_values(type(instance), instance.__dict__)


def serialize_values(model: type[models.Model], loaded: dict[str, Any]) -> dict[str, Any]:
    """The audited field values among `loaded` (attname → value), JSON-ready, keyed by
    field name."""
    data: dict[str, Any] = {}
    excluded = set(getattr(model, "audit_exclude", ()))
    for field in model._meta.concrete_fields:
        if field.name in excluded or field.name in {"created_at", "updated_at"}:
            continue
        # Fields deferred by .only()/.defer() are left out: reading one would load it
        # again (and snapshot again), and an edit cannot have changed what was not loaded.
        if field.attname in loaded:
            data[field.name] = jsonable(loaded[field.attname])
    return data


# Personal data (Decree 13/2023) in audited rows: shown masked to whoever may not read it.
PERSONAL_FIELDS = frozenset({"national_id", "phone", "address"})
MASK = "•••"


def mask_personal(values: dict[str, Any] | None) -> dict[str, Any] | None:
    """A before/after record of the change log with its personal data masked."""
    if values is None:
        return None
    return {k: (MASK if k in PERSONAL_FIELDS and v else v) for k, v in values.items()}
