"""Writes to parcels, and the read tokens of the OGC API."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gpmb.core.audit import acting_as
from gpmb.core.models import Actor, check_version, record_event
from gpmb.core.permissions import NotPermitted, check_reach
from gpmb.parcels.models import Parcel, ReadToken

# Where a parcel sits in the price table (segment, position, depth, other roads) is set
# through gpmb.policy.services, which knows the packs' road segments.
EDITABLE_FIELDS = (
    "land_use_code",
    "remainder_land_use_code",
    "certificate_area",
    "measured_area",
    "address",
)
# The fields a plan's land lines are computed from (land type, the use of a residential
# plot beyond its residential part, the areas the recovered area is checked against and
# the whole-parcel rules use): a change moves money.
MONEY_FIELDS = ("land_use_code", "remainder_land_use_code", "certificate_area", "measured_area")


class ParcelEditError(ValueError):
    """A parcel edit that cannot be saved as asked; nothing was changed."""


@transaction.atomic
def parcel_update(
    *,
    actor: Actor,
    parcel: Parcel,
    data: dict[str, Any],
    reason: str = "",
    seen: str | None = None,
) -> Parcel:
    """Edit a parcel's attributes. The change log keeps before/after; the reason is kept
    as a domain event next to it. A change of land use or an area moves money (the plan's
    land lines follow it), so it needs a reason (ParcelEditError, nothing saved); the
    address alone does not. `seen`: the version the user's form was opened on; a later
    change refuses the edit (EditConflict)."""
    check_reach(actor, "change", parcel)
    locked = Parcel.objects.select_for_update().get(pk=parcel.pk)
    check_version(locked, seen)
    changed = [f for f in EDITABLE_FIELDS if f in data and getattr(locked, f) != data[f]]
    if not changed:
        return locked
    reason = reason.strip()
    moving = [f for f in changed if f in MONEY_FIELDS]
    if moving and not reason:
        labels = ", ".join(
            str(field.verbose_name)
            for field in Parcel._meta.concrete_fields
            if field.name in moving
        )
        raise ParcelEditError(
            _(
                "Ghi lý do sửa (ví dụ: biên bản đo đạc lại): %(fields)s quyết định tiền "
                "bồi thường. Chưa lưu gì."
            )
            % {"fields": labels}
        )
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


# A token lives at most this long, whatever its creator asks (ten years).
MAX_TOKEN_DAYS = 3650


class TokenError(ValueError):
    """A read token cannot be made or changed as asked; the message says why."""


def read_token_create(
    *, user: Any, name: str, actor: Actor, days: int | None = None
) -> tuple[ReadToken, str]:
    """Create a read token for `user`, working for `days` (GPMB_READ_TOKEN_DAYS by
    default); returns it with the key, which is shown only now. A user makes tokens for
    themselves; the command line (actor None) or a superuser for anyone."""
    if actor is not None and actor != user and not actor.is_superuser:
        raise NotPermitted(_("Chỉ tạo được khóa đọc cho chính mình"))
    days = settings.GPMB_READ_TOKEN_DAYS if days is None else days
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise TokenError(
            _("Thời hạn khóa phải từ 1 đến %(max)s ngày (đã chọn %(days)s)")
            % {"max": MAX_TOKEN_DAYS, "days": days}
        )
    key = "gpmb_" + secrets.token_urlsafe(32)
    with acting_as(actor):
        token = ReadToken.objects.create(
            user=user,
            name=name.strip()[:100] or "QGIS",
            key_hash=hash_key(key),
            prefix=key[5:13],
            expires_at=timezone.now() + timedelta(days=days),
        )
        record_event(
            actor=actor,
            kind="read_token.create",
            message=f"Tạo khóa đọc bản đồ “{token.name}” ({token.prefix}…) cho {user}, "
            f"hết hạn {timezone.localtime(token.expires_at):%d/%m/%Y}",
            target=token,
        )
    return token, key


def read_token_revoke(*, token: ReadToken, actor: Actor) -> ReadToken:
    """Revoke a token at once. Its owner, a superuser or the command line may."""
    if actor is not None and actor.pk != token.user_id and not actor.is_superuser:
        raise NotPermitted(_("Chỉ thu hồi được khóa đọc của chính mình"))
    with transaction.atomic(), acting_as(actor):
        updated = ReadToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        token.refresh_from_db()
        if updated:
            record_event(
                actor=actor,
                kind="read_token.revoke",
                message=(
                    f"Thu hồi khóa đọc bản đồ “{token.name}” ({token.prefix}…) của {token.user}"
                ),
                target=token,
            )
    return token


def read_token_state(token: ReadToken) -> str:
    """ "active", "expired" or "revoked"."""
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at <= timezone.now():
        return "expired"
    return "active"


def read_token_user(key: str) -> Any | None:
    """The user a key reads for, if it is a live token of an active user."""
    if not key.startswith("gpmb_") or len(key) > 100:
        return None
    now = timezone.now()
    token = (
        ReadToken.objects.select_related("user")
        .filter(
            key_hash=hash_key(key),
            revoked_at__isnull=True,
            expires_at__gt=now,
            user__is_active=True,
        )
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        type(token).objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
