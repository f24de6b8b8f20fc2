"""The census as the engine reads it: the counted items and the people of a household
in the engine's case format (docs/compute-case-format.md, `items[]` and `members[]`).

Items after the cut-off that no officer admitted are left out (Land Law 2024 Art. 105).
An admitted item is passed without its date: the engine would otherwise zero it as
created after the notice, and the admission — a named decision with its reason and
evidence in the audit trail — is what overrides the date."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from gpmb.census.choices import CutoffStatus, GraveType, ItemKind
from gpmb.census.models import Census, InventoryItem

ENGINE_KIND: dict[str, str] = {
    ItemKind.HOUSE: "structure",
    ItemKind.STRUCTURE: "structure",
    ItemKind.TREE: "tree",
    ItemKind.CROP: "crop",
    ItemKind.GRAVE: "grave",
    ItemKind.LIVESTOCK: "livestock",
    ItemKind.BUSINESS: "business",
    ItemKind.MOVABLE: "moving",
}
# The demo packs key graves by these words (graves.unit_prices).
GRAVE_SPECIES = {GraveType.BUILT: "built", GraveType.UNBUILT: "earth"}


def decimal_text(value: Decimal | str | None) -> str | None:
    """A decimal as the facts want it, the same on every database: "10.00" (PostgreSQL's
    text of a numeric column) and "10" (SQLite's) both give "10"."""
    if value is None:
        return None
    text = value if isinstance(value, str) else format(value, "f")
    if "e" in text or "E" in text:  # a float rendered in exponent form
        text = format(Decimal(text), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# Plain values of the kinds engine_item tests, bound once: it runs for every item of a
# project's computation (about 100,000 for the 20,000-household demo).
_HOUSE = ItemKind.HOUSE.value
_BUILT = frozenset((ItemKind.HOUSE.value, ItemKind.STRUCTURE.value))
_PLANTED = frozenset((ItemKind.TREE.value, ItemKind.CROP.value))
_CROP = ItemKind.CROP.value
_GRAVE = ItemKind.GRAVE.value
_LIVESTOCK = ItemKind.LIVESTOCK.value
_BUSINESS = ItemKind.BUSINESS.value
_ADMITTED = CutoffStatus.ADMITTED.value
_POST_CUTOFF = CutoffStatus.POST_CUTOFF.value


def engine_item(item: InventoryItem, census: Census) -> dict[str, Any]:
    item_kind = item.kind
    kind = ENGINE_KIND[item_kind]  # keyed by ItemKind, whose members are their str values
    species, _, subgroup = item.price_code.partition("/")
    out: dict[str, Any] = {
        "id": f"{item_kind}-{item.line_no}",
        "kind": kind,
        "species": species,
        "subgroup": subgroup,
        "quantity": decimal_text(item.quantity),
    }
    if item.cutoff_status == _POST_CUTOFF:
        out["after_cutoff"] = True  # the engine writes its zero line (Art. 105(2))
    dated = item.cutoff_status != _ADMITTED
    if item_kind in _BUILT:
        # A kitchen, toilet, tank, yard or fence is "other" here: the pack's price row
        # (`living`) tells the engine it serves a household's living (Art. 102(1)).
        out["category"] = "house" if item_kind == _HOUSE else "other"
        if item_kind == _HOUSE and item.floor_area is not None:
            out["quantity"] = decimal_text(item.floor_area)  # priced per m² of floor
        if dated and item.origin_date is not None:
            out["built_on"] = item.origin_date.isoformat()
        elif dated and item.year_built is not None:
            out["built_on"] = f"{item.year_built}-01-01"
        if item.year_built is not None:
            out["years_used"] = str(max(census.cutoff_date.year - item.year_built, 0))
        if item.special_case:
            out[item.special_case] = True  # permit_expired, in_power_corridor
    elif item_kind in _PLANTED:
        if dated and item.origin_date is not None:
            out["planted_on"] = item.origin_date.isoformat()
        if item_kind == _CROP:
            out["area"] = decimal_text(item.quantity)
        elif item.garden_area is not None:
            out["area"] = decimal_text(item.garden_area)  # the density norm's garden
    elif item_kind == _GRAVE:
        out["species"] = (
            GRAVE_SPECIES.get(GraveType(item.grave_type), "") if item.grave_type else ""
        )
        out["count"] = int(item.quantity)
    elif item_kind == _LIVESTOCK:
        out["count"] = int(item.quantity)
        if item.weight_kg is not None:
            out["weight_kg"] = decimal_text(item.weight_kg)  # per head
    elif item_kind == _BUSINESS:
        out["avg_after_tax_income"] = item.annual_income
    return out


def engine_facts(census: Census, household_id: int) -> dict[str, Any]:
    """`items` and `members` of a household's case facts, from the round `census`."""
    items = InventoryItem.objects.filter(census=census, household_id=household_id)
    out: dict[str, Any] = {"items": [], "members": []}
    for item in items.order_by("kind", "line_no"):
        if item.kind == ItemKind.PERSON:
            if item.cutoff_status == _POST_CUTOFF:
                continue  # moved in after the notice: not counted (Decree 88 Art. 19(1)(d))
            out["members"].append(
                {"id": f"person-{item.line_no}", "name": item.name, "counts_for_support": True}
            )
        else:
            out["items"].append(engine_item(item, census))
    return out
