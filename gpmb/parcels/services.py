"""Writes to parcels."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from gpmb.core.audit import acting_as
from gpmb.core.models import record_event
from gpmb.parcels.models import Parcel, ParcelImpact
from gpmb.projects.models import Project

EDITABLE_FIELDS = (
    "land_use_code",
    "certificate_area",
    "measured_area",
    "address",
    "price_segment",
    "price_position",
    "depth_m",
    "other_segments",
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
    project: Project,
    parcels: Iterable[Parcel],
    segment: str | None = None,
    position: str | None = None,
    strip: str | None = None,
    reason: str = "",
) -> int:
    """Set the price-table segment and/or position of many parcels at once, and where
    `project`'s recovered part of each lies (`strip`); None leaves a value as it is.
    Each change is logged with before/after; the reason is kept once, as a domain event
    naming how many parcels changed. Returns that count."""
    data = {
        name: value
        for name, value in (("price_segment", segment), ("price_position", position))
        if value is not None
    }
    ids = [p.pk for p in parcels]
    changed: set[int] = set()
    with acting_as(actor):
        for parcel in Parcel.objects.select_for_update().filter(pk__in=ids):
            fields = [name for name, value in data.items() if getattr(parcel, name) != value]
            if fields:
                for name in fields:
                    setattr(parcel, name, data[name])
                parcel.save(update_fields=[*fields, "updated_at"])
                changed.add(parcel.pk)
        if strip is not None:
            for impact in ParcelImpact.objects.select_for_update().filter(
                project=project, parcel_id__in=ids
            ):
                if impact.recovered_strip != strip:
                    impact.recovered_strip = strip
                    impact.save(update_fields=["recovered_strip", "updated_at"])
                    changed.add(impact.parcel_id)
        if changed:
            values = {**data, **({"recovered_strip": strip} if strip is not None else {})}
            record_event(
                actor=actor,
                kind="parcel.price_basis",
                message=f"{project.code}, {len(changed)} thửa: "
                + ", ".join(f"{k}={v or '—'}" for k, v in values.items()),
                target=project,
                reason=reason,
                data={"parcels": len(changed), **values},
            )
    return len(changed)
