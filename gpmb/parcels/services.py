"""Writes to parcels."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from gpmb.core.audit import acting_as
from gpmb.core.models import record_event
from gpmb.parcels.models import Parcel

EDITABLE_FIELDS = ("land_use_code", "certificate_area", "measured_area", "address")


@transaction.atomic
def parcel_update(*, actor: Any, parcel: Parcel, data: dict[str, Any], reason: str = "") -> Parcel:
    """Edit a parcel's attributes. The change log keeps before/after; a reason, when
    given, is kept as a domain event next to it."""
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
