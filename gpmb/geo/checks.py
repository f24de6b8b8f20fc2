"""Geometry checks run before any geometry is used (STYLE.md rule 16)."""

from __future__ import annotations

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
    """Pairs of polygons that share more than `tolerance` m² (drawing slivers below it
    are ignored)."""
    if len(geometries) < 2:
        return []
    tree = shapely.STRtree(geometries)
    left, right = tree.query(geometries, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    if not len(left):
        return []
    shared = shapely.intersection(geometries[left], geometries[right])
    areas = shapely.area(shared)
    big = np.flatnonzero(areas > tolerance)
    points = shapely.point_on_surface(shared[big])
    return [
        Overlap(
            int(left[i]),
            int(right[i]),
            float(areas[i]),
            float(shapely.get_x(p)),
            float(shapely.get_y(p)),
        )
        for i, p in zip(big, points, strict=True)
    ]
