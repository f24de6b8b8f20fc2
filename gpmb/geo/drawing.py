"""Parcels out of a CAD drawing (DGN v7, DXF).

Land registration offices draw parcel boundaries as lines — often one line per shared
edge, sometimes closed polylines — and write the parcel number and land-use code as
text labels inside each parcel. Here the line-work is noded and polygonized into faces,
and each text label is joined to the face it falls in."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

_AREAL = {"Polygon", "MultiPolygon"}


@dataclass
class Face:
    """A polygon built from the line-work with the labels that fall inside it."""

    geometry: BaseGeometry
    labels: list[tuple[int, str]] = field(default_factory=list)  # (fid, text)


@dataclass
class DrawingParcels:
    faces: list[Face]
    stray_labels: list[tuple[int, str, float, float]]  # labels outside every face
    line_count: int
    label_count: int


def build_faces(
    fids: np.ndarray, geometries: np.ndarray, texts: np.ndarray | None
) -> DrawingParcels:
    """Node all lines (and the rings of polygon elements), polygonize, join labels."""
    # Sort the elements by kind, vectorised (a DGN sheet set holds 200,000 of them).
    geoms = np.asarray(geometries, dtype=object).reshape(-1)
    kinds = shapely.get_type_id(geoms)
    linear = (kinds == 1) | (kinds == 2)
    ring = linear & shapely.is_closed(geoms) & (shapely.get_num_coordinates(geoms) >= 4)
    closed: list[BaseGeometry] = list(geoms[ring])  # closed polylines: already parcels
    lines: list[BaseGeometry] = list(geoms[(linear & ~ring) | (kinds == 5)])
    shapes: list[BaseGeometry] = list(geoms[(kinds == 3) | (kinds == 6)])  # DGN shapes
    for geom in geoms[kinds == 7]:
        lines.extend(g.boundary if g.geom_type in _AREAL else g for g in geom.geoms)
    label_points: list[BaseGeometry] = []
    label_rows: list[tuple[int, str]] = []
    if texts is not None:
        for index in np.flatnonzero(kinds == 0).tolist():
            text = _text(texts[index])
            if text:
                label_points.append(geoms[index])
                label_rows.append((int(fids[index]), text))
    faces: list[Face] = []
    if not lines:
        # Every parcel drawn closed: each ring is a parcel, no noding needed.
        rings = np.asarray(closed, dtype=object)
        if len(rings):
            coords, owner = shapely.get_coordinates(rings, return_index=True)
            rings = shapely.linearrings(coords, indices=owner)
        polygons = [*shapely.polygons(rings), *shapes]
        faces = [Face(geometry=p) for p in polygons if p.area > 0]
    else:
        # Loose line-work: node everything (snapped to the millimetre, as CAD vertices
        # that should meet often miss by 1e-9) and take the faces.
        work = [*lines, *closed, *(g.boundary for g in shapes)]
        merged = shapely.set_precision(shapely.union_all(work, grid_size=0.001), 0.001)
        polygons = shapely.get_parts(shapely.polygonize(shapely.get_parts(merged)))
        faces = [Face(geometry=p) for p in polygons if p.area > 0]
    stray: list[tuple[int, str, float, float]] = []
    if label_points and faces:
        tree = shapely.STRtree([f.geometry for f in faces])
        point_index, face_index = tree.query(label_points, predicate="within")
        found = set()
        for p, f in zip(point_index.tolist(), face_index.tolist(), strict=True):
            faces[f].labels.append(label_rows[p])
            found.add(p)
        for p, point in enumerate(label_points):
            if p not in found:
                stray.append((*label_rows[p], point.x, point.y))
    else:
        stray = [(*row, pt.x, pt.y) for row, pt in zip(label_rows, label_points, strict=True)]
    return DrawingParcels(
        faces=faces,
        stray_labels=stray,
        line_count=len(lines) + len(closed) + len(shapes),
        label_count=len(label_rows),
    )


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value).strip()


_SPLIT = re.compile(r"[\s/;|\\]+")
_INTEGER = re.compile(r"^\d{1,6}[a-zA-Z]?$")
_DECIMAL = re.compile(r"^\d+[.,]\d+$")


@dataclass
class LabelFacts:
    numbers: list[str] = field(default_factory=list)
    land_uses: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)


def read_labels(texts: list[str], land_use_codes: set[str]) -> LabelFacts:
    """Classify the tokens of a parcel's labels: a land-use code (ODT, LUC…), an integer
    (the parcel number), a decimal (the area written on the map), or something else."""
    facts = LabelFacts()
    for text in texts:
        for token in _SPLIT.split(text):
            token = token.strip(".,:-()")
            if not token:
                continue
            upper = token.upper()
            if upper in land_use_codes:
                facts.land_uses.append(upper)
            elif _INTEGER.match(token):
                facts.numbers.append(token)
            elif _DECIMAL.match(token):
                facts.areas.append(token)
            else:
                facts.other.append(token)
    return facts
