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

# Line ends closer than this to other line-work are joined to it: CAD vertices that
# should meet often miss by a millimetre or two (a snap the draughtsman did not make).
# Cadastral maps at 1:500 are drawn to ±5 cm, so 2 cm closes only what is a slip.
DEFAULT_SNAP = 0.02
# Open ends within this distance of other line-work are reported as gaps (with their
# location); farther ones are loose lines, not a parcel edge that misses its neighbour.
GAP_REPORT_DISTANCE = 1.0
# Vertices are rounded to this grid before noding (metres).
GRID = 0.001
# The CAD layers that GPMB's DXF export writes parcels and their labels on
# (gpmb.parcels.exporting), and RANH_THUA ("ranh thửa", parcel boundary). A drawing
# that has line-work on one of PARCEL_LAYERS is read from those layers only, unless the
# user chooses (and the report names the layers read and left out); likewise labels.
# Any other drawing is read whole.
PARCEL_LAYERS = ("THUA_DAT", "RANH_THUA")
LABEL_LAYERS = ("SO_THUA",)


@dataclass
class Face:
    """A polygon built from the line-work with the labels that fall inside it."""

    geometry: BaseGeometry
    labels: list[tuple[int, str]] = field(default_factory=list)  # (fid, text)


@dataclass(frozen=True)
class Gap:
    """An open end of the line-work: where it is, and how far the nearest other line."""

    x: float
    y: float
    distance: float


@dataclass
class DrawingParcels:
    faces: list[Face]
    stray_labels: list[tuple[int, str, float, float]]  # labels outside every face
    line_count: int
    label_count: int
    gaps: list[Gap] = field(default_factory=list)  # open ends left after snapping
    snapped: int = 0  # open ends joined within the snapping tolerance


def build_faces(
    fids: np.ndarray,
    geometries: np.ndarray,
    texts: np.ndarray | None,
    *,
    snap: float = DEFAULT_SNAP,
) -> DrawingParcels:
    """Node all lines (and the rings of polygon elements), close gaps up to `snap`
    metres, polygonize, join labels."""
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
    gaps: list[Gap] = []
    snapped = 0
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
        # that should meet often miss by 1e-9), join open ends that miss their
        # neighbour by up to `snap`, and take the faces.
        work = [*lines, *closed, *(g.boundary for g in shapes)]
        parts = _noded(work)
        joins, gaps = _close_gaps(parts, snap)
        if joins:
            snapped = len(joins)
            parts = _noded([*parts, *joins])
        polygons = shapely.get_parts(shapely.polygonize(parts))
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
        gaps=gaps,
        snapped=snapped,
    )


def cad_layer_names(attributes: dict[str, np.ndarray], count: int) -> np.ndarray:
    """The CAD layer of each element as text: the DXF layer name, or the DGN level."""
    for name in ("Layer", "Level"):
        column = attributes.get(name)
        if column is not None:
            return np.asarray(["" if v is None else str(v) for v in column.tolist()], dtype=object)
    return np.full(count, "", dtype=object)


def _noded(work: list[BaseGeometry]) -> np.ndarray:
    merged = shapely.set_precision(shapely.union_all(work, grid_size=GRID), GRID)
    return shapely.get_parts(merged)


def _close_gaps(parts: np.ndarray, snap: float) -> tuple[list[BaseGeometry], list[Gap]]:
    """Segments that join each open end (an end no other line shares) to the nearest
    other line within `snap`; and the open ends left, with the distance to the
    nearest other line when it is within GAP_REPORT_DISTANCE."""
    if not len(parts):
        return [], []
    ends = np.vstack(
        [
            shapely.get_coordinates(shapely.get_point(parts, 0)),
            shapely.get_coordinates(shapely.get_point(parts, -1)),
        ]
    )
    owner = np.concatenate([np.arange(len(parts)), np.arange(len(parts))])
    keys = np.round(ends / GRID).astype(np.int64)
    _, inverse, counts = np.unique(keys, axis=0, return_inverse=True, return_counts=True)
    open_ends = np.flatnonzero(counts[inverse.reshape(-1)] == 1)
    if not len(open_ends):
        return [], []
    points = shapely.points(ends[open_ends])
    tree = shapely.STRtree(parts)
    reach = max(snap, GAP_REPORT_DISTANCE)
    point_index, part_index = tree.query(points, predicate="dwithin", distance=reach)
    other = owner[open_ends[point_index]] != part_index
    point_index, part_index = point_index[other], part_index[other]
    targets = np.asarray(parts[part_index], dtype=object)
    # The other open ends too, so that a single polyline whose two ends miss each other
    # (a parcel drawn alone) closes on itself.
    end_tree = shapely.STRtree(points)
    left, right = end_tree.query(points, predicate="dwithin", distance=reach)
    pairs = left != right
    point_index = np.concatenate([point_index, left[pairs]])
    targets = np.concatenate([targets, np.asarray(points[right[pairs]], dtype=object)])
    distances = shapely.distance(points[point_index], targets)
    nearest: dict[int, tuple[float, BaseGeometry]] = {}
    for p, target, d in zip(point_index.tolist(), targets, distances.tolist(), strict=True):
        if p not in nearest or d < nearest[p][0]:
            nearest[p] = (d, target)
    joins: list[BaseGeometry] = []
    gaps: list[Gap] = []
    for p, (distance, target) in sorted(nearest.items()):
        if distance <= snap:
            joins.append(shapely.shortest_line(points[p], target))
        else:
            x, y = ends[open_ends[p]]
            gaps.append(Gap(float(x), float(y), float(distance)))
    return joins, gaps


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value).strip()


_SPLIT = re.compile(r"[\s/;|\\]+")
_PLUS = re.compile(r"\s*\+\s*")
_INTEGER = re.compile(r"^\d{1,6}[a-zA-Z]?$")
_DECIMAL = re.compile(r"^\d+[.,]\d+$")


@dataclass
class LabelFacts:
    numbers: list[str] = field(default_factory=list)
    land_uses: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)


def read_labels(texts: list[str], land_use_codes: set[str]) -> LabelFacts:
    """Classify the tokens of a parcel's labels: a land-use code (ODT, LUC…, or several
    joined by "+"), an integer (the parcel number), a decimal (the area written on the
    map), or something else."""
    facts = LabelFacts()
    for text in texts:
        if "+" in text:
            text = _PLUS.sub("+", text)
        for token in _SPLIT.split(text):
            token = token.strip(".,:-()")
            if not token:
                continue
            upper = token.upper()
            if upper in land_use_codes or (
                "+" in upper and all(part in land_use_codes for part in upper.split("+"))
            ):
                facts.land_uses.append(upper)  # "ODT+CLN": several uses, the main first
            elif _INTEGER.match(token):
                facts.numbers.append(token)
            elif _DECIMAL.match(token):
                facts.areas.append(token)
            else:
                facts.other.append(token)
    return facts
