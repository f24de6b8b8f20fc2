"""Where a parcel sits in the price table: the road segment of the project's policy
pack and the position (VT1–VT5). The compensation team sets both; nothing is guessed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gpmb.engine.pack import Pack
from gpmb.policy.packs import PolicyError, pack_for_code
from gpmb.projects.models import AdminUnit, Project


def segment_label(row: dict[str, Any]) -> str:
    """ "Đường Hồ Sen – Cầu Rào 2 (Nút giao Hồ Sen – Ranh giới phường An Biên)"."""
    ends = " – ".join(str(row[k]) for k in ("from", "to") if row.get(k))
    road = str(row.get("road") or row.get("row") or "")
    return f"{road} ({ends})" if ends else road


def commune_segments(pack: Pack, commune: AdminUnit) -> list[tuple[str, str]]:
    """(segment id, label) of the pack's price-table segments in `commune`."""
    return [
        (sid, segment_label(row))
        for sid, row in pack.segments.items()
        if row.get("commune") == commune.slug
    ]


def segment_choices(projects: Iterable[Project], commune: AdminUnit) -> list[tuple[str, str]]:
    """Segments a parcel of `commune` may take, from the packs of `projects` (a parcel
    can lie in several projects); a project without a loadable pack offers none."""
    seen: dict[str, str] = {}
    for code in sorted({p.policy_pack_code for p in projects if p.policy_pack_code}):
        try:
            _row, pack = pack_for_code(code)
        except PolicyError:
            continue
        for sid, label in commune_segments(pack, commune):
            seen.setdefault(sid, label)
    return sorted(seen.items(), key=lambda item: item[1])


# The pack table that prices each inventory kind (gpmb.census.facts maps the kinds to the
# engine's; livestock is priced by weight, graves by type: neither takes a code here).
PRICE_TABLES = {
    "house": "structures.unit_prices",
    "structure": "structures.unit_prices",
    "tree": "crops.unit_prices",
    "crop": "crops.unit_prices",
}


def _code_title(code: str, row: Any) -> str:
    if isinstance(row, dict):
        return str(row.get("title") or row.get("row") or code)
    return code


@dataclass(frozen=True)
class PriceRow:
    """One row of a pack's price table: its code, title, unit price (đồng) and unit."""

    code: str
    title: str
    price: Decimal | None
    unit: str


def inventory_price_rows(project: Project) -> dict[str, list[PriceRow]]:
    """The rows of `project`'s pack that price each inventory kind, by title; a kind
    whose table the pack lacks (or marks missing) is left out."""
    try:
        _row, pack = pack_for_code(project.policy_pack_code)
    except PolicyError:
        return {}
    out: dict[str, list[PriceRow]] = {}
    for kind, key in PRICE_TABLES.items():
        param = pack.param(key)
        if param is None or param.is_missing or not isinstance(param.value, dict):
            continue
        rows = []
        for code, row in param.value.items():
            price = row.get("price") if isinstance(row, dict) else None
            rows.append(
                PriceRow(
                    code=str(code),
                    title=_code_title(str(code), row),
                    price=Decimal(str(price)) if price is not None else None,
                    unit=str(row.get("unit", "")) if isinstance(row, dict) else "",
                )
            )
        out[kind] = sorted(rows, key=lambda r: r.title)
    return out


def inventory_price_codes(project: Project) -> dict[str, list[tuple[str, str]]]:
    """(code, title) of the rows of `project`'s pack that price each inventory kind."""
    return {
        kind: [(r.code, r.title) for r in rows]
        for kind, rows in inventory_price_rows(project).items()
    }


def parcel_segment_names(parcel: Any) -> dict[str, str]:
    """Segment id → road and ends, for the segments of the packs of the projects
    `parcel` lies in, in its commune."""
    return dict(segment_choices(Project.objects.filter(impacts__parcel=parcel), parcel.commune))
