"""Writes the change log: every create, edit and delete of an audited model becomes an
`ObjectChange` row with its before/after values, attributed to the acting user of the
audit context (gpmb.core.audit)."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import post_delete, post_save

from gpmb.core.audit import AuditContext, current_context, serialize
from gpmb.core.choices import ChangeAction
from gpmb.core.models import AuditedModel, ObjectChange


def _on_save(sender: type[models.Model], instance: Any, created: bool, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    ctx = current_context()
    if not ctx.enabled:
        return
    after = serialize(instance)
    before = None if created else instance._audit_snapshot
    if before is not None and before == after:
        return
    _write(instance, ChangeAction.CREATE if created else ChangeAction.UPDATE, before, after, ctx)
    instance._audit_snapshot = after


def _on_delete(sender: type[models.Model], instance: Any, **kwargs: Any) -> None:
    ctx = current_context()
    if not ctx.enabled:
        return
    _write(instance, ChangeAction.DELETE, serialize(instance), None, ctx)


def _write(
    instance: models.Model,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    ctx: AuditContext,
) -> None:
    changed = sorted(
        key
        for key in set(before or {}) | set(after or {})
        if (before or {}).get(key) != (after or {}).get(key)
    )
    ObjectChange.objects.create(
        user_id=ctx.user_id,
        request_id=ctx.request_id,
        action=action,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=instance.pk,
        object_repr=str(instance)[:200],
        before=before,
        after=after,
        changed_fields=changed,
    )


def connect_signals() -> None:
    def audited(sender: type) -> bool:
        return isinstance(sender, type) and issubclass(sender, AuditedModel)

    def save_handler(sender: Any, **kwargs: Any) -> None:
        if audited(sender):
            _on_save(sender, **kwargs)

    def delete_handler(sender: Any, **kwargs: Any) -> None:
        if audited(sender):
            _on_delete(sender, **kwargs)

    post_save.connect(save_handler, dispatch_uid="gpmb_audit_save", weak=False)
    post_delete.connect(delete_handler, dispatch_uid="gpmb_audit_delete", weak=False)
