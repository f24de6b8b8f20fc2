"""Where a parcel sits in the price table: the road segment of the project's policy
pack and the position (VT1–VT5). The compensation team sets both; nothing is guessed."""

from __future__ import annotations

from collections.abc import Iterable
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
