"""Synthetic cadastral lots near Hải Phòng in VN-2000 / EPSG:9210 (no Django)."""

from __future__ import annotations

import shapely

LE_CHAN, AN_BIEN = "11383", "11407"
X0, Y0 = 590_000.0, 2_305_000.0


def parcel_grid(rows: int = 3, cols: int = 4, x0: float = X0, y0: float = Y0) -> list[dict]:
    """Lots of varied sizes that share their edges exactly, as on a cadastral sheet:
    quadrilaterals over a grid of vertices nudged by quarter metres (exact at the 1 cm
    resolution of a DGN seed)."""

    def vertex(i: int, j: int) -> tuple[float, float]:
        x = x0 + sum(8.0 + (k % 3) * 1.25 for k in range(i)) + ((i * 7 + j * 3) % 5) * 0.25
        y = y0 + sum(15.0 + (k % 2) * 2.5 for k in range(j)) + ((i * 2 + j * 5) % 7) * 0.25
        return (x, y)

    codes = ["ODT", "CLN", "LUC", "ODT", "TMD"]
    lots = []
    number = 1
    for j in range(rows):
        for i in range(cols):
            geom = shapely.Polygon(
                [vertex(i, j), vertex(i + 1, j), vertex(i + 1, j + 1), vertex(i, j + 1)]
            )
            lots.append(
                {"number": str(number), "land_use": codes[number % len(codes)], "geometry": geom}
            )
            number += 1
    return lots
