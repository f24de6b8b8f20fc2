"""Road segments of the price table in words. A parcel stores the segment's id in its
project's policy pack (ho-sen-cau-rao-2/an-bien); the policy app, above the parcels in
the layers, names them (registered in its AppConfig.ready) so pages show the road."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_namer: Callable[[Any], dict[str, str]] | None = None


def register_segment_names(namer: Callable[[Any], dict[str, str]]) -> None:
    global _namer
    _namer = namer


def segment_names(parcel: Any) -> dict[str, str]:
    """Segment id → road and ends, for the segments `parcel`'s packs list."""
    return _namer(parcel) if _namer is not None else {}
