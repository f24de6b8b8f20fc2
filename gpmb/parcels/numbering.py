"""Map sheets and parcel numbers are text ("12", "12a", "105") that people read as
numbers: sheet 2 comes before sheet 10."""

from __future__ import annotations

import re

_PARTS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key reading runs of digits as numbers: "2" < "10" < "10a" < "10b" < "11"."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.casefold())
        for part in _PARTS.split(str(text).strip())
        if part
    )
