"""Writes to parcels."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from gpmb.core.audit import acting_as
from gpmb.core.models import record_event
from gpmb.parcels.models import Parcel

EDITABLE_FIELDS = (
    "land_use_code",
    "certificate_area",
    "measured_area",
    "address",
    "price_segment",
    "price_position",
)


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


@transaction.atomic
def parcels_set_price_basis(
    *,
    actor: Any,
    parcels: Iterable[Parcel],
    segment: str | None = None,
    position: str | None = None,
    reason: str = "",
) -> int:
    """Set the price-table segment and/or position of many parcels at once (None leaves
    a field as it is). Each parcel's change is logged with before/after; the reason is
    kept once, as a domain event naming how many parcels changed. Returns that count."""
    data = {
        name: value
        for name, value in (("price_segment", segment), ("price_position", position))
        if value is not None
    }
    changed = 0
    with acting_as(actor):
        for parcel in Parcel.objects.select_for_update().filter(pk__in=[p.pk for p in parcels]):
            fields = [name for name, value in data.items() if getattr(parcel, name) != value]
            if not fields:
                continue
            for name in fields:
                setattr(parcel, name, data[name])
            parcel.save(update_fields=[*fields, "updated_at"])
            changed += 1
        if changed:
            record_event(
                actor=actor,
                kind="parcel.price_basis",
                message=f"{changed} thửa: " + ", ".join(f"{k}={v or '—'}" for k, v in data.items()),
                reason=reason,
                data={"parcels": changed, **data},
            )
    return changed
