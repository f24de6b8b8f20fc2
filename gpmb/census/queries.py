"""Reads of the census: land lines from the parcel overlay, a household's current
inventory, the diff between rounds, and the facts the engine will be given."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from gpmb.census.choices import ItemKind
from gpmb.census.models import Census, InventoryCorrection, InventoryItem
from gpmb.census.spec import VALUE_FIELDS
from gpmb.parcels.models import ParcelImpact
from gpmb.projects.models import Project


@dataclass(frozen=True)
class LandLine:
    """Recovered land of a household by parcel, derived from the overlay — never typed."""

    household_code: str
    map_sheet: str
    parcel_number: str
    land_use_code: str
    recovered_area: Decimal


def land_lines(
    project: Project, household_ids: list[int] | None = None, *, user: Any = None
) -> list[LandLine]:
    """One line per (household, parcel) the project recovers, from Tenure × ParcelImpact;
    with `user`, only the parcels the user may see."""
    impacts = ParcelImpact.objects.restrict(user) if user is not None else ParcelImpact.objects
    qs = impacts.filter(project=project, parcel__tenures__household__isnull=False)
    if household_ids is not None:
        qs = qs.filter(parcel__tenures__household_id__in=household_ids)
    rows = qs.values(
        "parcel__tenures__household__code",
        "parcel__map_sheet",
        "parcel__parcel_number",
        "parcel__land_use_code",
        "recovered_area",
    ).order_by("parcel__tenures__household__code", "parcel__map_sheet", "parcel__parcel_number")
    return [
        LandLine(
            household_code=r["parcel__tenures__household__code"],
            map_sheet=r["parcel__map_sheet"],
            parcel_number=r["parcel__parcel_number"],
            land_use_code=r["parcel__land_use_code"],
            recovered_area=r["recovered_area"] or Decimal("0.00"),
        )
        for r in rows
    ]


def land_by_use(project: Project, household_id: int) -> dict[str, Decimal]:
    """Recovered area by land-use code for one household (what land lines are priced on)."""
    rows = (
        ParcelImpact.objects.filter(project=project, parcel__tenures__household_id=household_id)
        .values("parcel__land_use_code")
        .annotate(area=Sum("recovered_area"))
    )
    return {r["parcel__land_use_code"]: r["area"] or Decimal("0.00") for r in rows}


def latest_rounds(project: Project) -> list[Census]:
    """The latest round of each batch of the project."""
    latest: dict[int, Census] = {}
    for census in Census.objects.filter(project=project).order_by("batch_id", "number"):
        latest[census.batch_id] = census
    return list(latest.values())


def latest_corrections(items: list[InventoryItem]) -> dict[int, InventoryCorrection]:
    """The latest correction of each of `items` (by item id)."""
    out: dict[int, InventoryCorrection] = {}
    for correction in InventoryCorrection.objects.filter(
        item_id__in=[i.pk for i in items]
    ).select_related("corrected_by"):
        out[correction.item_id] = correction  # ordered by pk: the last one wins
    return out


def household_items(census: Census | None, household_id: int) -> list[InventoryItem]:
    """A household's lines in a round, in the order of ItemKind (houses first), each as
    its latest correction left it (`item.correction`, None when never corrected)."""
    if census is None:
        return []
    items = corrected(
        census, list(InventoryItem.objects.filter(census=census, household_id=household_id))
    )
    return sorted(items, key=lambda i: (KIND_ORDER.get(i.kind, 99), i.line_no))


def corrected(census: Census, items: list[InventoryItem]) -> list[InventoryItem]:
    """`items` of `census` as their latest corrections left them (in memory), each with
    `item.correction` (None when never corrected) and `item.removed` (a correction took
    it out of what counts: pages show it struck through, the record and the plan leave it
    out). Only a closed round is corrected."""
    corrections = latest_corrections(items) if census.is_closed else {}
    for item in items:
        correction = corrections.get(item.pk)
        item.correction = correction  # type: ignore[attr-defined]
        item.removed = correction is not None and correction.removes  # type: ignore[attr-defined]
        if correction is not None:
            correction.apply(item)
    return items


def counted(items: list[InventoryItem]) -> list[InventoryItem]:
    """Of `items` (through `corrected`), those a correction has not removed."""
    return [i for i in items if not getattr(i, "removed", False)]


KIND_ORDER = {k.value: i for i, k in enumerate(ItemKind)}


@dataclass
class ItemChange:
    household_code: str
    kind: str
    line_no: int
    status: str  # added | removed | changed
    fields: list[tuple[str, Any, Any]] = field(default_factory=list)


def census_diff(census: Census, *, user: Any = None) -> list[ItemChange]:
    """What a round changed against the previous one, by natural key; with `user`, only
    the lines the user may see."""
    if census.previous_id is None:
        return []
    items = InventoryItem.objects.restrict(user) if user is not None else InventoryItem.objects

    def load(c_id: int) -> dict[tuple[str, str, int], dict[str, Any]]:
        rows = items.filter(census_id=c_id).values(
            "household__code", "kind", "line_no", "cutoff_status", *VALUE_FIELDS
        )
        return {(r["household__code"], r["kind"], r["line_no"]): r for r in rows}

    old, new = load(census.previous_id), load(census.pk)
    changes: list[ItemChange] = []
    for key in sorted(set(old) | set(new), key=lambda k: (k[0], KIND_ORDER.get(k[1], 99), k[2])):
        if key not in old:
            changes.append(ItemChange(*key, status="added"))
        elif key not in new:
            changes.append(ItemChange(*key, status="removed"))
        else:
            diffs = [
                (n, old[key][n], new[key][n])
                for n in [*VALUE_FIELDS, "cutoff_status"]
                if old[key][n] != new[key][n]
            ]
            if diffs:
                changes.append(ItemChange(*key, status="changed", fields=diffs))
    return changes


def case_facts(project: Project, census: Census, household_id: int) -> dict[str, Any]:
    """What the engine is given for a household: land by use and the items that count.
    Post-cut-off items not admitted are left out (Land Law 2024 Art. 105)."""
    items = (
        InventoryItem.objects.filter(census=census, household_id=household_id)
        .counted()
        .values("kind", *VALUE_FIELDS)
    )
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in items:
        grouped[row.pop("kind")].append(row)
    return {"land": land_by_use(project, household_id), "items": dict(grouped)}
