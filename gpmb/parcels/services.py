"""Writes to parcels, and the read tokens of the OGC API."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from gpmb.core.audit import acting_as
from gpmb.core.models import record_event
from gpmb.core.permissions import check_reach
from gpmb.parcels.models import Parcel, ReadToken

# Where a parcel sits in the price table (segment, position, depth, other roads) is set
# through gpmb.policy.services, which knows the packs' road segments.
EDITABLE_FIELDS = ("land_use_code", "certificate_area", "measured_area", "address")


@transaction.atomic
def parcel_update(*, actor: Any, parcel: Parcel, data: dict[str, Any], reason: str = "") -> Parcel:
    """Edit a parcel's attributes. The change log keeps before/after; a reason, when
    given, is kept as a domain event next to it."""
    check_reach(actor, "change", parcel)
    locked = Parcel.objects.select_for_update().get(pk=parcel.pk)
    changed = [f for f in EDITABLE_FIELDS if f in data and getattr(locked, f) != data[f]]
    if not changed:
        return locked
    with acting_as(actor):
        for name in changed:
            setattr(locked, name, data[name])
        locked.save(update_fields=[*changed, "updated_at"])
        if reason:
            record_event(
                actor=actor,
                kind="parcel.update",
                message=str(locked),
                target=locked,
                reason=reason,
                data={"fields": changed},
            )
    return locked


# -- read tokens of the OGC API ---------------------------------------------------------


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def read_token_create(*, user: Any, name: str, actor: Any | None) -> tuple[Any, str]:
    """Create a read token for `user`; returns it with the key (shown only now)."""
    key = "gpmb_" + secrets.token_urlsafe(32)
    with acting_as(actor):
        token = ReadToken.objects.create(
            user=user, name=name, key_hash=hash_key(key), prefix=key[5:13]
        )
        record_event(
            actor=actor,
            kind="read_token.create",
            message=f"Tạo khóa đọc bản đồ “{name}” cho {user}",
            target=token,
        )
    return token, key


def read_token_user(key: str) -> Any | None:
    token = (
        ReadToken.objects.select_related("user")
        .filter(key_hash=hash_key(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        type(token).objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
