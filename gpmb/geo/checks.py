"""Geometry checks run before any geometry is used (STYLE.md rule 16)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import shapely

# VN-2000 TM-3 coordinates of the mainland and islands: easting with the 500 km false
# easting, northing from the equator. Values outside are degrees, swapped axes or
# another system.
EASTING_RANGE = (100_000.0, 900_000.0)
NORTHING_RANGE = (900_000.0, 2_650_000.0)


@dataclass(frozen=True)
class Overlap:
    first: int  # index into the checked array
    second: int
    area: float
    x: float
    y: float


def invalid_reasons(geometries: np.ndarray) -> dict[int, str]:
    """Index → GEOS's reason ("Self-intersection[x y]") for every invalid geometry."""
    valid = shapely.is_valid(geometries)
    bad = np.flatnonzero(~valid)
    if not len(bad):
        return {}
    reasons = shapely.is_valid_reason(geometries[bad])
    return {int(i): str(r) for i, r in zip(bad, reasons, strict=True)}


_REASON_POINT = re.compile(r"\[(-?[\d.eE+-]+) (-?[\d.eE+-]+)\]")


def reason_point(reason: str) -> tuple[float, float] | None:
    """The place GEOS names in a reason ("Self-intersection[x y]"): where the fault is,
    which for a bow-tie is not where its centroid lies."""
    found = _REASON_POINT.search(reason)
    if found is None:
        return None
    try:
        return float(found.group(1)), float(found.group(2))
    except ValueError:
        return None


def outside_vn2000(geometries: np.ndarray) -> list[int]:
    """Indexes of geometries whose bounds fall outside plausible VN-2000 TM-3 ranges."""
    bounds = shapely.bounds(geometries)
    ok = (
        (bounds[:, 0] >= EASTING_RANGE[0])
        & (bounds[:, 2] <= EASTING_RANGE[1])
        & (bounds[:, 1] >= NORTHING_RANGE[0])
        & (bounds[:, 3] <= NORTHING_RANGE[1])
    )
    return [int(i) for i in np.flatnonzero(~ok)]


def overlaps(geometries: np.ndarray, tolerance: float) -> list[Overlap]:
    """Pairs of (valid) polygons that share more than `tolerance` m²; drawing slivers
    below it are ignored. GEOS's coverage check first finds the few polygons whose
    edges do not match their neighbours' exactly — in a clean cadastral map almost
    none — and only those are intersected pairwise."""
    if len(geometries) < 2:
        return []
    edges = shapely.coverage_invalid_edges(geometries)
    suspects = np.flatnonzero(~shapely.is_empty(edges))
    if not len(suspects):
        return []
    tree = shapely.STRtree(geometries)
    found, right = tree.query(geometries[suspects], predicate="intersects")
    left = suspects[found]
    pairs = {(int(min(a, b)), int(max(a, b))) for a, b in zip(left, right, strict=True) if a != b}
    if not pairs:
        return []
    first = np.array([p[0] for p in sorted(pairs)])
    second = np.array([p[1] for p in sorted(pairs)])
    shared = shapely.intersection(geometries[first], geometries[second])
    areas = shapely.area(shared)
    big = np.flatnonzero(areas > tolerance)
    points = shapely.point_on_surface(shared[big])
    return [
        Overlap(
            int(first[i]),
            int(second[i]),
            float(areas[i]),
            float(shapely.get_x(p)),
            float(shapely.get_y(p)),
        )
        for i, p in zip(big, points, strict=True)
    ]
