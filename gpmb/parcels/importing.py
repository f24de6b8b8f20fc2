"""Cadastral import: read a survey file, map its columns, check every parcel, then write
all of them in one transaction — or nothing.

The steps are separate so the web wizard can show the preview and the findings before
the user commits: `parcels_prepare` reads and checks (no writes); `parcels_write` writes
a prepared import; `parcels_import` does both for the command line."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from django.db import models, transaction
from shapely.geometry.base import BaseGeometry

from gpmb.core.audit import acting_as
from gpmb.core.bounds import range_error
from gpmb.core.bulk import insert_rows, update_rows
from gpmb.core.changes import households_changed
from gpmb.core.limits import read_limits
from gpmb.core.models import Actor, record_event
from gpmb.core.permissions import project_reach
from gpmb.core.vnformat import (
    NumberFormatError,
    NumberKind,
    format_area,
    format_number,
    parse_number,
)
from gpmb.geo import checks, crs, vntext
from gpmb.geo.drawing import (
    DEFAULT_SNAP,
    LABEL_LAYERS,
    PARCEL_LAYERS,
    build_faces,
    cad_layer_names,
    read_labels,
)
from gpmb.geo.dxf import XDATA_APP
from gpmb.geo.gisio import GISReadError, Layer, read_layer
from gpmb.parcels.choices import IssueKind, IssueLevel, LandUse, WholeRecovery
from gpmb.parcels.models import Parcel, ParcelImpact
from gpmb.parcels.numbering import natural_key
from gpmb.parcels.overlay import current_boundary, impacts_recompute
from gpmb.parties.models import Tenure
from gpmb.projects.models import AdminUnit, Project

CERTIFICATE_AREA = Parcel._meta.get_field("certificate_area")
MEASURED_AREA = Parcel._meta.get_field("measured_area")

Progress = Callable[[str, int, int], None]

# The fields a parcel gets from a file, and the column names surveyors use for them
# (compared without accents, case and punctuation), VBDLIS's among them (SoThuTuThua,
# SoHieuToBanDo, LoaiDat, DienTich).
TARGETS = ("parcel_number", "map_sheet", "land_use_code", "certificate_area", "address", "commune")
TARGET_LABELS = {
    "parcel_number": "Số thửa",
    "map_sheet": "Số tờ bản đồ",
    "land_use_code": "Loại đất",
    "certificate_area": "Diện tích theo GCN",
    "address": "Địa chỉ",
    "commune": "Mã xã/phường",
}
GUESSES = {
    "parcel_number": ["sothua", "thua", "thuadat", "shthua", "sohieuthua", "sothututhua",
                      "parcelnumber", "parcelno", "parcel", "thuaso", "sh_thua"],
    "map_sheet": ["soto", "tobando", "to", "shbando", "sohieutobando", "tobd", "mapsheet",
                  "sheet", "toso", "soto_bd"],
    "land_use_code": ["loaidat", "mdsd", "mucdich", "mucdichsudung", "kyhieumucdich",
                      "landuse", "landusecode", "madat", "kyhieu", "mdsdd"],
    "certificate_area": ["dientichgcn", "dientichgc", "dtgcn", "dientichphaply", "dtphaply",
                         "certificatearea", "dientich", "dt", "area"],
    "address": ["diachi", "diachithua", "address", "tenduong"],
    "commune": ["maxa", "xa", "maphuong", "phuong", "commune", "communecode", "madvhc"],
}  # fmt: skip
LAND_USE_CODES = {choice.value for choice in LandUse}
# The lengths the database keeps (Parcel.map_sheet, parcel_number, address): a longer
# value is a row error, not a database failure at write time.
SHEET_LENGTH = Parcel._meta.get_field("map_sheet").max_length or 20
NUMBER_LENGTH = Parcel._meta.get_field("parcel_number").max_length or 20
ADDRESS_LENGTH = Parcel._meta.get_field("address").max_length or 300
# Drawing slivers below this many m² between neighbours are not reported as overlaps.
DEFAULT_OVERLAP_TOLERANCE = 0.5


def _norm(name: str) -> str:
    text = unicodedata.normalize("NFD", name.lower().replace("đ", "d"))
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in text if not unicodedata.combining(c)))


def guess_mapping(fields: list[str]) -> dict[str, str]:
    """Target → source column, for every target a column name matches."""
    normalized = {_norm(f): f for f in fields}
    mapping: dict[str, str] = {}
    for target, names in GUESSES.items():
        for name in names:
            if _norm(name) in normalized and normalized[_norm(name)] not in mapping.values():
                mapping[target] = normalized[_norm(name)]
                break
    return mapping


@dataclass
class Issue:
    """One finding, naming the file, feature id, field and value, and where it is."""

    level: str
    kind: str
    message: str
    fid: int | None = None
    field: str = ""
    value: str = ""
    x: float | None = None
    y: float | None = None

    def __str__(self) -> str:
        where = f" tại ({self.x:.2f}; {self.y:.2f})" if self.x is not None else ""
        return f"{self.message}{where}"


@dataclass
class ParcelRow:
    fid: int | None  # the feature id, or for a drawing the id of its first label
    commune_id: int
    map_sheet: str
    parcel_number: str
    land_use_code: str
    certificate_area: Decimal | None
    address: str
    geometry: BaseGeometry


@dataclass
class ImportReport:
    """What a prepared import found and, once written, what it did."""

    path: Path
    layer: str
    driver: str
    epsg: int
    encoding: str
    features: int
    mapping: dict[str, str] = field(default_factory=dict)
    fields: list[str] = field(default_factory=list)
    rows: list[ParcelRow] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was read how (CAD layers, CRS)
    # The project's stored parcels, in the communes and sheets the file covers, that the
    # file no longer has (merged, split, renumbered): retired only when the user says.
    absent: list[int] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    written: bool = False

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.level == IssueLevel.ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.level == IssueLevel.WARNING]

    def summary(self) -> dict[str, Any]:
        return {
            "file": self.path.name,
            "layer": self.layer,
            "driver": self.driver,
            "epsg": self.epsg,
            "encoding": self.encoding,
            "features": self.features,
            "parcels": len(self.rows),
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "retired": self.retired,
            "absent": len(self.absent),
            "notes": self.notes,
        }


class ImportRejected(Exception):
    """The file did not pass: nothing was written. `report.issues` lists why."""

    def __init__(self, report: ImportReport, reason: str) -> None:
        super().__init__(reason)
        self.report = report


class _Findings:
    def __init__(self, file: str) -> None:
        self.file = file
        self.issues: list[Issue] = []

    def add(
        self,
        level: str,
        kind: str,
        text: str,
        *,
        fid: int | None = None,
        field: str = "",
        value: Any = "",
        point: tuple[float, float] | None = None,
    ) -> None:
        parts = [self.file]
        if fid is not None:
            parts.append(f"đối tượng {fid}")
        if field:
            parts.append(f"trường “{field}”")
        if value not in ("", None):
            parts.append(f"giá trị “{value}”")
        self.issues.append(
            Issue(
                level=level,
                kind=kind,
                message=f"{', '.join(parts)}: {text}",
                fid=fid,
                field=field,
                value="" if value is None else str(value),
                x=point[0] if point else None,
                y=point[1] if point else None,
            )
        )

    def error(self, kind: str, text: str, **kw: Any) -> None:
        self.add(IssueLevel.ERROR, kind, text, **kw)

    def warning(self, kind: str, text: str, **kw: Any) -> None:
        self.add(IssueLevel.WARNING, kind, text, **kw)


def _where(geom: BaseGeometry | None) -> tuple[float, float] | None:
    if geom is None or geom.is_empty or not np.isfinite(shapely.get_coordinates(geom)).all():
        return None
    point = shapely.point_on_surface(geom) if geom.is_valid else shapely.centroid(geom)
    return (float(point.x), float(point.y))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if np.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(float(value))
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace").strip()
    return str(value).strip()


def parcels_prepare(
    path: Path | str,
    *,
    project: Project,
    layer: str | None = None,
    epsg: int | None = None,
    commune: str | None = None,
    sheet: str | None = None,
    mapping: dict[str, str] | None = None,
    encoding: str = "auto",
    codepage: str | None = None,
    overlap_tolerance: float = DEFAULT_OVERLAP_TOLERANCE,
    layers: list[str] | None = None,
    label_layers: list[str] | None = None,
    snap: float = DEFAULT_SNAP,
    progress: Progress | None = None,
) -> ImportReport:
    """Read and check a file; nothing is written. Errors and warnings are in the report.

    For a drawing, `layers` are the CAD layers (DGN levels) holding parcel boundaries and
    `label_layers` those holding parcel labels; by default GPMB's own layer names when
    the drawing has them (gpmb.geo.drawing.PARCEL_LAYERS, LABEL_LAYERS), else every
    layer. Open ends of the line-work up to `snap` metres from other lines are joined.

    `epsg` is the CRS of the file when it declares none (CAD drawings never do);
    otherwise the project's zone is assumed, as a warning the user must accept. Parcels
    the file no longer has are listed in `report.absent` for `parcels_write` to retire
    on request. `encoding` is "auto", "unicode", "tcvn3" or
    "vni" for the text of labels and attributes; `codepage` overrides the code page GDAL
    decodes with (e.g. "cp1258")."""
    path = Path(path)
    tick = progress or (lambda stage, done, total: None)
    found = _Findings(path.name)
    tick("read", 0, 1)
    try:
        data = read_layer(path, layer, encoding=codepage, max_unpacked=read_limits().unpacked_bytes)
    except GISReadError as exc:
        report = ImportReport(path, layer or "", "", project.crs_epsg, encoding, 0)
        found.error(IssueKind.UNREADABLE, str(exc).split(": ", 1)[-1])
        report.issues = found.issues
        return report
    tick("read", 1, 1)
    target_epsg = project.crs_epsg
    source_epsg, assumed = _source_epsg(data, epsg, target_epsg, found)
    report = ImportReport(
        path=path,
        layer=data.name,
        driver=data.driver,
        epsg=source_epsg,
        encoding=encoding,
        features=len(data),
        fields=list(data.attributes),
    )
    units = _communes(project)
    fixed_commune, commune_given = _fixed_commune(commune, project, units, found)
    if data.is_drawing:
        records = _drawing_records(
            data, encoding, report, found, layers=layers, label_layers=label_layers, snap=snap
        )
    else:
        records = _table_records(data, encoding, mapping, report, found)
    if source_epsg != target_epsg:
        report.notes.append(
            f"Hệ tọa độ: {crs.describe(source_epsg)} → {crs.describe(target_epsg)} của dự án"
        )
    records = _reproject(records, source_epsg, target_epsg, found)
    _check_place(records, project, source_epsg, assumed, found)
    tick("check", 0, len(records))
    if commune_given:
        for rec in records:
            rec.pop("commune", None)  # the user's choice wins over a column
    rows = _check_rows(records, report, found, units, fixed_commune, sheet, overlap_tolerance, tick)
    if not commune_given:  # a chosen commune is checked once, above
        _check_project_communes(rows, project, found)
    _shared_parcels(rows, project, found)
    if rows and not any(i.kind == IssueKind.INVALID_GEOMETRY for i in found.issues):
        report.absent = _stored_beside(rows, project, found, overlap_tolerance)
    report.rows = rows
    report.issues = found.issues
    tick("check", len(records), len(records))
    return report


def _source_epsg(data: Layer, given: int | None, target: int, found: _Findings) -> tuple[int, bool]:
    """The CRS the file's coordinates are in — the one it declares, else the one the user
    gave, else the project's zone — and whether it is that last assumption."""
    if given is not None:
        try:
            crs.check_epsg(given)
        except crs.CRSError as exc:
            found.error(IssueKind.CRS, str(exc), field="--crs", value=f"EPSG:{given}")
            return target, False
    if data.epsg is None or data.crs_implied:
        if data.crs_wkt and not data.crs_implied and given is None:
            found.error(
                IssueKind.CRS,
                "hệ tọa độ của tệp không khớp mã EPSG nào; hãy chỉ rõ bằng --crs EPSG:92xx",
            )
        if given is not None:
            return given, False
        if data.epsg is not None:
            return data.epsg, False  # the format's own default (GeoJSON: WGS 84)
        return target, True
    if given is not None and given != data.epsg:
        found.error(
            IssueKind.CRS,
            f"tệp khai báo EPSG:{data.epsg} nhưng đã chọn EPSG:{given}",
            value=f"EPSG:{given}",
        )
    return data.epsg, False


# A file farther than this from the project's stored parcels and boundary is in the
# wrong system (UTM read as VN-2000 TM-3 lands 70–80 km away; a neighbouring 3° zone,
# 25 km per quarter degree), or belongs to another project.
FAR_FROM_PROJECT = 10_000.0


def _project_extent(project: Project) -> BaseGeometry | None:
    """The box around the project's stored parcels and current boundary, if any."""
    agg = Parcel.objects.filter(impacts__project=project, min_x__isnull=False).aggregate(
        models.Min("min_x"), models.Min("min_y"), models.Max("max_x"), models.Max("max_y")
    )
    boxes = []
    if agg["min_x__min"] is not None:
        boxes.append(
            shapely.box(agg["min_x__min"], agg["min_y__min"], agg["max_x__max"], agg["max_y__max"])
        )
    boundary = current_boundary(project)
    if boundary is not None and boundary.crs_epsg == project.crs_epsg:
        boxes.append(shapely.box(*shapely.from_wkb(bytes(boundary.geometry)).bounds))
    return shapely.box(*shapely.union_all(boxes).bounds) if boxes else None


def _check_place(
    records: list[dict[str, Any]], project: Project, source: int, assumed: bool, found: _Findings
) -> None:
    """A file whose CRS was assumed is said so, with where its data then lies, for the
    user to confirm; and any file is checked against where the project already is."""
    geoms = np.asarray([r["geometry"] for r in records], dtype=object).reshape(-1)
    geoms = geoms[~shapely.is_missing(geoms)]
    if not len(geoms):
        return
    bounds = shapely.total_bounds(geoms)
    if not np.isfinite(bounds).all():
        return
    target = project.crs_epsg
    lon, lat = crs.to_wgs84(target).transform(
        (bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2
    )
    where = f"vĩ độ {format_number(lat, 4)}, kinh độ {format_number(lon, 4)}"
    extent = _project_extent(project)
    if extent is not None:
        distance = shapely.distance(shapely.box(*bounds), extent)
        if distance > FAR_FROM_PROJECT:
            text = (
                f"dữ liệu trong tệp cách các thửa và chỉ giới đã có của dự án "
                f"{format_number(distance / 1000, 1)} km ({where})"
            )
            if assumed:
                found.error(
                    IssueKind.CRS,
                    f"{text}: tệp không khai báo hệ tọa độ và không phải "
                    f"{crs.describe(target)}; hãy chọn hệ của tệp (--crs)",
                )
            else:
                found.warning(
                    IssueKind.CRS,
                    f"{text} theo {crs.describe(source)}: hệ tọa độ có đúng không?",
                )
            return
    if assumed:
        area = crs.crs(target).area_of_use
        inside = (
            area is not None and area.west <= lon <= area.east and area.south <= lat <= area.north
        )
        text = (
            f"tệp không khai báo hệ tọa độ; đã giả định {crs.describe(target)} của dự án, "
            f"theo đó dữ liệu nằm quanh {where}"
        )
        if area is not None and not inside:
            found.error(
                IssueKind.CRS,
                f"{text}, ngoài vùng dùng hệ này ({area.name}); hãy chọn hệ của tệp (--crs)",
            )
        else:
            found.warning(
                IssueKind.CRS,
                f"{text}. Chấp nhận nếu đúng, hoặc chọn hệ của tệp (--crs)",
            )


def _reproject(
    records: list[dict[str, Any]], source: int, target: int, found: _Findings
) -> list[dict[str, Any]]:
    """Move the records' geometries into the project's zone. Coordinates that are not
    finite numbers, in the file or after the move, are one error for the file: a system
    that does not fit the numbers (VN-2000 metres read as degrees) gives them all."""
    geoms = np.asarray([r["geometry"] for r in records], dtype=object).reshape(-1)
    if not len(geoms):
        return records
    before = shapely.get_coordinates(geoms)
    if source != target:
        shift = crs.transformer(source, target)
        geoms = shapely.transform(
            geoms, lambda xy: np.column_stack(shift.transform(xy[:, 0], xy[:, 1]))
        )
    coords, owner = shapely.get_coordinates(geoms, return_index=True)
    bad = np.unique(owner[~np.isfinite(coords).all(axis=1)])
    for rec, geom in zip(records, geoms, strict=True):
        rec["geometry"] = geom
    if not len(bad):
        return records
    first = int(bad[0])
    x, y = before[np.flatnonzero(owner == first)[0]]
    example = f"ví dụ đối tượng {records[first]['fid']} có tọa độ ({x:.2f}; {y:.2f})"
    if source == target or not np.isfinite(before).all():
        text = f"{len(bad)} thửa có tọa độ không phải số hữu hạn (NaN, vô cực); {example}"
    else:
        text = (
            f"{len(bad)} thửa có tọa độ không hợp lệ sau khi chuyển từ "
            f"{crs.describe(source)}: số trong tệp không thuộc hệ này ({example}). "
            f"Nếu là mét VN-2000 thì hãy chọn hệ của tệp, ví dụ --crs EPSG:{target}"
        )
    found.error(IssueKind.CRS, text)
    dropped = set(bad.tolist())
    return [rec for index, rec in enumerate(records) if index not in dropped]


def _communes(project: Project) -> dict[str, AdminUnit]:
    """Communes of the project's province by code and by name."""
    units: dict[str, AdminUnit] = {}
    for unit in AdminUnit.objects.filter(parent_id=project.province_id):
        units[unit.code] = unit
        units[_norm(unit.name)] = unit
    return units


def _fixed_commune(
    code: str | None, project: Project, units: dict[str, AdminUnit], found: _Findings
) -> tuple[AdminUnit | None, bool]:
    """The commune of every parcel in the file, and whether the user chose it (then it
    wins over a commune column); else the project's only commune, if it has one."""
    if code:
        unit = units.get(code) or units.get(_norm(code))
        if unit is None:
            found.error(
                IssueKind.BAD_VALUE,
                f"không có xã/phường này trong {project.province}",
                field="--commune",
                value=code,
            )
        elif not project.segments.filter(commune=unit).exists():
            found.error(
                IssueKind.BAD_VALUE,
                f"{unit.name} không thuộc dự án (dự án gồm: {_project_communes(project)})",
                field="--commune",
                value=code,
            )
        return unit, True
    communes = list(project.segments.values_list("commune_id", flat=True))
    if len(communes) == 1:
        return AdminUnit.objects.get(pk=communes[0]), False
    return None, False


def _project_communes(project: Project) -> str:
    names = project.segments.order_by("commune__name").values_list("commune__name", flat=True)
    return ", ".join(names) or "chưa có xã/phường nào"


def _check_project_communes(rows: list[ParcelRow], project: Project, found: _Findings) -> None:
    """Parcels belong to the communes of the project they are imported into (its
    segments): one error per other commune, with how many parcels the file puts there."""
    own = set(project.segments.values_list("commune_id", flat=True))
    outside: dict[int, list[ParcelRow]] = defaultdict(list)
    for row in rows:
        if row.commune_id not in own:
            outside[row.commune_id].append(row)
    for unit in AdminUnit.objects.filter(pk__in=outside).order_by("code"):
        first = outside[unit.pk][0]
        found.error(
            IssueKind.BAD_VALUE,
            f"{len(outside[unit.pk])} thửa thuộc {unit.name} ({unit.code}), không thuộc dự án "
            f"(dự án gồm: {_project_communes(project)}); ví dụ tờ {first.map_sheet} thửa "
            f"{first.parcel_number}. Thêm xã/phường vào dự án, hoặc chọn --commune",
            fid=first.fid,
        )


def _stored_beside(
    rows: list[ParcelRow], project: Project, found: _Findings, tolerance: float
) -> list[int]:
    """Stored parcels the file does not have: those of the project in the communes and
    sheets the file covers are listed as absent (a merge or split leaves its old parcels
    behind), and any stored parcel in use that the file's parcels overlap is a warning —
    its area would otherwise be counted twice. Returns the absent parcels' ids."""
    keys = {(r.commune_id, r.map_sheet, r.parcel_number) for r in rows}
    sheets = {(r.commune_id, r.map_sheet) for r in rows}
    geoms = np.asarray([r.geometry for r in rows], dtype=object)
    minx, miny, maxx, maxy = shapely.total_bounds(geoms)
    mine = set(ParcelImpact.objects.filter(project=project).values_list("parcel_id", flat=True))
    absent: list[tuple[str, str, int]] = []
    nearby: list[int] = []
    for pk, commune_id, sheet, number, x0, y0, x1, y1 in (
        Parcel.objects.filter(commune_id__in={r.commune_id for r in rows}, impacts__isnull=False)
        .distinct()
        .values_list("pk", "commune_id", "map_sheet", "parcel_number",
                     "min_x", "min_y", "max_x", "max_y")
    ):  # fmt: skip
        if (commune_id, sheet, number) in keys:
            continue
        if pk in mine and (commune_id, sheet) in sheets:
            absent.append((sheet, number, pk))
        if x0 is not None and x0 <= maxx and x1 >= minx and y0 <= maxy and y1 >= miny:
            nearby.append(pk)
    absent.sort(key=lambda item: (natural_key(item[0]), natural_key(item[1])))
    if absent:
        held = Tenure.objects.filter(parcel_id__in=[pk for *_, pk in absent]).count()
        names = ", ".join(f"tờ {sheet} thửa {number}" for sheet, number, _ in absent[:20])
        found.warning(
            IssueKind.ABSENT,
            f"{len(absent)} thửa của dự án trong các tờ của tệp không còn trong tệp "
            f"(gộp, tách hay đổi số?): {names}{'…' if len(absent) > 20 else ''}. "
            "Chúng được giữ nguyên; ghi với --retire-absent để bỏ chúng khỏi dự án"
            + (
                f" ({held} quyền sử dụng đang gắn với chúng cần chuyển sang thửa mới)"
                if held
                else ""
            ),
        )
    if nearby:
        stored = list(
            Parcel.objects.filter(pk__in=nearby).values_list(
                "pk", "map_sheet", "parcel_number", "geometry"
            )
        )
        shapes = np.asarray(shapely.from_wkb([bytes(s[3]) for s in stored]), dtype=object)
        tree = shapely.STRtree(geoms)
        stored_index, row_index = tree.query(shapes, predicate="intersects")
        shared = shapely.area(shapely.intersection(shapes[stored_index], geoms[row_index]))
        retiring = {pk for *_, pk in absent}
        for s_i, r_i, area in zip(stored_index.tolist(), row_index.tolist(), shared.tolist(),
                                  strict=True):  # fmt: skip
            if area <= tolerance:
                continue
            pk, sheet, number, _ = stored[s_i]
            row = rows[r_i]
            found.warning(
                IssueKind.OVERLAP,
                f"thửa {row.parcel_number} tờ {row.map_sheet} chồng lên thửa đã lưu {number} "
                f"tờ {sheet} {format_area(area)} m²"
                + (" (thửa đã lưu không còn trong tệp)" if pk in retiring else ""),
                fid=row.fid,
                point=_where(shapely.intersection(row.geometry, shapes[s_i])),
            )
    return [pk for *_, pk in absent]


def _shared_parcels(rows: list[ParcelRow], project: Project, found: _Findings) -> None:
    """Parcels are the commune's, and another project may use some of the file's: a
    change to them is that project's business too. One warning per such project, naming
    the parcels the file changes; on writing, that project is overlaid again and told
    (`_shared_projects_told`)."""
    communes = {r.commune_id for r in rows}
    others: dict[int, set[int]] = defaultdict(set)
    for project_id, parcel_id in (
        ParcelImpact.objects.filter(parcel__commune_id__in=communes)
        .exclude(project=project)
        .values_list("project_id", "parcel_id")
    ):
        others[parcel_id].add(project_id)
    if not others:
        return
    by_key = {(r.commune_id, r.map_sheet, r.parcel_number): r for r in rows}
    changed: dict[int, list[str]] = defaultdict(list)
    for pk, commune_id, sheet, number, wkb, land_use, certificate in Parcel.objects.filter(
        pk__in=others
    ).values_list(
        "pk", "commune_id", "map_sheet", "parcel_number", "geometry", "land_use_code",
        "certificate_area",
    ):  # fmt: skip
        row = by_key.get((commune_id, sheet, number))
        if row is None:
            continue
        same = (
            wkb is not None
            and bytes(wkb) == shapely.to_wkb(row.geometry)
            and land_use == row.land_use_code
            and certificate == row.certificate_area
        )
        if not same:
            for project_id in others[pk]:
                changed[project_id].append(f"tờ {sheet} thửa {number}")
    for other in Project.objects.filter(pk__in=changed).order_by("code"):
        names = changed[other.pk]
        found.warning(
            IssueKind.SHARED,
            f"tệp thay đổi {len(names)} thửa cũng thuộc dự án “{other.name}” ({other.code}): "
            f"{', '.join(names[:10])}{'…' if len(names) > 10 else ''}. Nếu ghi, diện tích "
            "thu hồi của dự án đó được tính lại theo chỉ giới của nó và việc này được ghi "
            "vào nhật ký của dự án đó",
        )


def _shared_projects_told(
    parcel_ids: list[int], project: Project, actor: Actor, source: str
) -> None:
    """Every other project that uses a parcel this import changed is overlaid again with
    its own current boundary and gets an event saying which import changed what."""
    others: dict[int, list[int]] = defaultdict(list)
    for project_id, parcel_id in (
        ParcelImpact.objects.filter(parcel_id__in=parcel_ids)
        .exclude(project=project)
        .values_list("project_id", "parcel_id")
    ):
        others[project_id].append(parcel_id)
    for other in Project.objects.filter(pk__in=others):
        record_event(
            actor=actor,
            kind="parcels.shared_update",
            message=(
                f"Lượt nhập bản đồ {source} vào dự án {project.code} đã cập nhật "
                f"{len(others[other.pk])} thửa dùng chung với dự án này"
            ),
            target=other,
            data={"project": project.code, "file": source, "parcels": sorted(others[other.pk])},
        )
        boundary = current_boundary(other)
        if boundary is not None:
            impacts_recompute(project=other, boundary=boundary, actor=actor)


def _convert_texts(values: list[str], encoding: str) -> tuple[list[str], str]:
    chosen = vntext.detect(values) if encoding == "auto" else encoding
    if chosen not in vntext.ENCODINGS:
        raise ValueError(f"encoding “{encoding}” (nhận: auto, unicode, tcvn3, vni)")
    return [vntext.to_unicode(v, chosen) for v in values], chosen  # type: ignore[arg-type]


def _table_records(
    data: Layer,
    encoding: str,
    mapping: dict[str, str] | None,
    report: ImportReport,
    found: _Findings,
) -> list[dict[str, Any]]:
    # The user's choices override the guess one field at a time; an empty column takes a
    # guessed field out.
    mapping = {**guess_mapping(list(data.attributes)), **(mapping or {})}
    mapping = {target: source for target, source in mapping.items() if source}
    report.mapping = mapping
    for target, source in mapping.items():
        if target not in TARGETS:
            found.error(IssueKind.MAPPING, f"không có trường đích “{target}”")
        elif source not in data.attributes:
            found.error(
                IssueKind.MAPPING,
                f"không có cột “{source}” cho “{TARGET_LABELS[target]}”",
                field=source,
            )
    if "parcel_number" not in mapping:
        found.error(
            IssueKind.MAPPING,
            "chưa chọn cột số thửa (các cột: " + ", ".join(data.attributes) + ")",
        )
    if any(issue.kind == IssueKind.MAPPING for issue in found.issues):
        return []  # the columns are not known: no row can be read
    columns: dict[str, list[Any]] = {}
    text_targets = {"address", "parcel_number", "map_sheet", "land_use_code", "commune"}
    all_text: list[str] = []
    for target, source in mapping.items():
        column = data.attributes[source]
        if target == "certificate_area" and column.dtype.kind == "f":
            # A numeric column holds binary floats (120.54999…): round to the cm², the
            # precision areas are kept in; text columns are parsed strictly instead.
            columns[target] = [
                None if np.isnan(v) else Decimal(repr(round(v, 2))) for v in column.tolist()
            ]
            continue
        columns[target] = [_cell(v) for v in column]
        if target in text_targets:
            all_text.extend(columns[target])
    chosen = vntext.detect(all_text) if encoding == "auto" else encoding
    report.encoding = chosen
    for target in text_targets & set(columns):
        columns[target], _ = _convert_texts(columns[target], chosen)
    records = []
    for index, fid in enumerate(data.fids.tolist()):
        geom = data.geometries[index]
        rec: dict[str, Any] = {"fid": int(fid), "geometry": geom}
        for target in columns:
            rec[target] = columns[target][index]
        if geom is not None and geom.geom_type in ("LineString", "LinearRing") and geom.is_closed:
            # A closed polyline read as a line is a parcel boundary.
            rec["geometry"] = shapely.Polygon(geom.coords)
        records.append(rec)
    return records


def _pick_layers(
    counts: dict[str, int],
    asked: list[str] | None,
    known: tuple[str, ...],
    option: str,
    found: _Findings,
) -> tuple[set[str], bool]:
    """The CAD layers to read, and whether they were chosen (by the user or by GPMB's
    layer names) rather than all taken. Names compare without case, as in CAD."""
    by_upper = {name.upper(): name for name in counts}
    if asked:
        missing = [name for name in asked if name.strip().upper() not in by_upper]
        if missing:
            found.error(
                IssueKind.CAD_LAYERS,
                "bản vẽ không có lớp này (các lớp: "
                + ", ".join(f"{n} ({c})" for n, c in sorted(counts.items()))
                + ")",
                field=option,
                value=", ".join(missing),
            )
        return {by_upper[n.strip().upper()] for n in asked if n.strip().upper() in by_upper}, True
    named = {by_upper[n] for n in known if n in by_upper}
    if named:
        return named, True
    return set(counts), False


def _layer_list(counts: dict[str, int], names: set[str], unit: str) -> str:
    return ", ".join(f"{n} ({counts[n]} {unit})" for n in sorted(names)) or "—"


def _nested_faces(faces: list[Any], line_counts: dict[str, int], found: _Findings) -> None:
    """A labelled face that exactly fills the hole of a face without a label is what a
    house or another outline drawn inside a parcel on another CAD layer gives: the label
    sits in the outline, the parcel around it goes unnumbered. Storing the outline as the
    parcel would be wrong, so the user must choose the parcel layers."""
    holed = [f for f in faces if not f.labels and f.geometry.interiors]
    labelled = [f for f in faces if f.labels]
    if not holed or not labelled:
        return
    holes = [shapely.Polygon(ring) for f in holed for ring in f.geometry.interiors]
    outer = [f for f in holed for _ in f.geometry.interiors]
    tree = shapely.STRtree(holes)
    inner_index, hole_index = tree.query(
        [f.geometry.representative_point() for f in labelled], predicate="within"
    )
    layers = ", ".join(f"{name} ({count})" for name, count in sorted(line_counts.items()))
    for i, h in zip(inner_index.tolist(), hole_index.tolist(), strict=True):
        inner = labelled[i].geometry
        if abs(holes[h].area - inner.area) > 0.01:
            continue
        fid, text = labelled[i].labels[0]
        found.error(
            IssueKind.CAD_LAYERS,
            f"nhãn nằm trong một vùng {format_area(inner.area)} m² mà vùng bao quanh "
            f"({format_area(outer[h].geometry.area)} m²) không có nhãn: có thể là nhà hay "
            f"công trình vẽ trên lớp khác. Bản vẽ có đường nét trên các lớp {layers}; "
            "hãy chọn lớp ranh thửa (--layers)",
            fid=fid,
            field="Text",
            value=text,
            point=_where(inner),
        )


def _drawing_records(
    data: Layer,
    encoding: str,
    report: ImportReport,
    found: _Findings,
    *,
    layers: list[str] | None,
    label_layers: list[str] | None,
    snap: float,
) -> list[dict[str, Any]]:
    raw_texts = data.attributes.get("Text")
    texts = np.asarray([_cell(v) for v in raw_texts] if raw_texts is not None else [""] * len(data),
                       dtype=object)  # fmt: skip
    kinds = shapely.get_type_id(data.geometries)
    names = cad_layer_names(data.attributes, len(data))
    is_label = (kinds == 0) & (texts != "")
    is_line = (kinds > 0) & ~is_label
    line_counts = dict(zip(*np.unique(names[is_line], return_counts=True), strict=True))
    label_counts = dict(zip(*np.unique(names[is_label], return_counts=True), strict=True))
    line_counts = {str(k): int(v) for k, v in line_counts.items()}
    label_counts = {str(k): int(v) for k, v in label_counts.items()}
    line_layers, lines_chosen = _pick_layers(line_counts, layers, PARCEL_LAYERS, "--layers", found)
    text_layers, _ = _pick_layers(label_counts, label_layers, LABEL_LAYERS, "--label-layers", found)
    skipped = [
        _layer_list(line_counts, set(line_counts) - line_layers, "đường"),
        _layer_list(label_counts, set(label_counts) - text_layers, "nhãn"),
    ]
    report.notes.append(
        f"Lớp CAD: ranh thửa {_layer_list(line_counts, line_layers, 'đường')}; "
        f"nhãn {_layer_list(label_counts, text_layers, 'nhãn')}"
        + "".join(f"; bỏ qua {text}" for text in skipped if text != "—")
    )
    keep = (is_line & np.isin(names, list(line_layers))) | (
        is_label & np.isin(names, list(text_layers))
    )
    if raw_texts is not None:
        converted, chosen = _convert_texts(texts[keep].tolist(), encoding)
    else:
        converted, chosen = [], "unicode"
    report.encoding = chosen
    built = build_faces(
        data.fids[keep],
        data.geometries[keep],
        np.asarray(converted, dtype=object) if raw_texts is not None else None,
        snap=snap,
    )
    report.mapping = {"parcel_number": "Text", "land_use_code": "Text"}
    label_data = _label_data(data)
    if label_data:
        report.mapping.update({"commune": XDATA_APP, "map_sheet": XDATA_APP})
    if not lines_chosen and len(line_counts) > 1:
        _nested_faces(built.faces, line_counts, found)
    _report_gaps(built, snap, report, found)
    records = []
    for face in built.faces:
        facts = read_labels([t for _, t in face.labels], LAND_USE_CODES)
        face_fid = face.labels[0][0] if face.labels else None
        rec: dict[str, Any] = {"fid": face_fid, "geometry": face.geometry, "labels": face.labels}
        if len(set(facts.numbers)) > 1:
            found.error(
                IssueKind.BAD_VALUE,
                "thửa có nhiều nhãn số thửa khác nhau",
                fid=face_fid,
                field="Text",
                value=" | ".join(t for _, t in face.labels),
                point=_where(face.geometry),
            )
            continue
        if len(set(facts.land_uses)) > 1:
            found.error(
                IssueKind.BAD_VALUE,
                "thửa có nhiều loại đất khác nhau",
                fid=face_fid,
                field="Text",
                value=" | ".join(t for _, t in face.labels),
                point=_where(face.geometry),
            )
            continue
        rec["parcel_number"] = facts.numbers[0] if facts.numbers else ""
        rec["land_use_code"] = facts.land_uses[0] if facts.land_uses else ""
        rec["certificate_area"] = facts.areas[0] if facts.areas else ""
        for fid, _ in face.labels:
            for key, value in label_data.get(fid, {}).items():
                rec.setdefault(key, value)
        records.append(rec)
    return records


# A stray parcel label names the nearest open end within this distance as the likely
# reason its parcel did not close.
GAP_NEAR_LABEL = 100.0


def _report_gaps(built: Any, snap: float, report: ImportReport, found: _Findings) -> None:
    """Open line-work and labels outside every face. A label that reads as a parcel's
    (a number and a land use) outside every face is an error — its parcel did not close
    and would be lost — naming the nearest open end; other stray texts are warnings."""
    snap_text = format_number(snap)
    if built.snapped:
        report.notes.append(
            f"Đã nối {built.snapped} đầu đường hở cách đường khác không quá {snap_text} m"
        )
    gaps: list[Any] = []
    for gap in sorted(built.gaps, key=lambda g: (g.x, g.y)):
        if any(abs(g.x - gap.x) + abs(g.y - gap.y) <= gap.distance + 0.002 for g in gaps):
            continue  # the other end of the same gap
        gaps.append(gap)
        found.warning(
            IssueKind.OPEN_LINEWORK,
            f"ranh thửa hở: đầu đường cách đường gần nhất {format_number(gap.distance, 3)} m, "
            f"lớn hơn dung sai nối {snap_text} m (--snap)",
            point=(gap.x, gap.y),
        )
    for fid, text, x, y in built.stray_labels:
        facts = read_labels([text], LAND_USE_CODES)
        if not (facts.numbers and facts.land_uses):
            found.warning(
                IssueKind.STRAY_LABEL,
                "nhãn không nằm trong thửa nào (bỏ qua)",
                fid=fid,
                field="Text",
                value=text,
                point=(x, y),
            )
            continue
        near = min(gaps, key=lambda g: (g.x - x) ** 2 + (g.y - y) ** 2, default=None)
        reason = "ranh thửa quanh nhãn không khép kín"
        if near is not None and ((near.x - x) ** 2 + (near.y - y) ** 2) ** 0.5 <= GAP_NEAR_LABEL:
            reason += f": hở {format_number(near.distance, 3)} m tại ({near.x:.3f}; {near.y:.3f})"
        found.error(
            IssueKind.OPEN_LINEWORK,
            f"{reason}; thửa này sẽ không được nhập. Nối lại ranh thửa, hoặc tăng dung sai "
            f"nối (--snap, hiện {snap_text} m)",
            fid=fid,
            field="Text",
            value=text,
            point=(x, y),
        )


def _label_data(data: Layer) -> dict[int, dict[str, str]]:
    """Feature id → the commune and map sheet a label carries as extended data
    (gpmb.geo.dxf: GPMB's DXF export writes them on each parcel-number label)."""
    column = data.attributes.get(XDATA_APP)
    if column is None:
        return {}
    out: dict[int, dict[str, str]] = {}
    for fid, value in zip(data.fids.tolist(), column.tolist(), strict=True):
        items = dict(item.partition("=")[::2] for item in str(value or "").split("; ") if item)
        wanted = {k: v.strip() for k, v in items.items() if k in ("commune", "map_sheet")}
        if wanted:
            out[int(fid)] = wanted
    return out


def _check_rows(
    records: list[dict[str, Any]],
    report: ImportReport,
    found: _Findings,
    units: dict[str, AdminUnit],
    fixed_commune: AdminUnit | None,
    sheet: str | None,
    tolerance: float,
    tick: Progress,
) -> list[ParcelRow]:
    drawing = report.driver in ("DXF", "DGN")
    kept: list[ParcelRow] = []
    geoms: list[BaseGeometry] = []
    no_sheet = 0
    for done, rec in enumerate(records):
        if done % 5000 == 0:
            tick("check", done, len(records))
        fid = rec["fid"]
        geom = rec["geometry"]
        ok = True
        if geom is None or geom.is_empty:
            found.error(IssueKind.NOT_POLYGON, "không có hình thể", fid=fid)
            continue
        if geom.geom_type == "MultiPolygon" and len(geom.geoms) == 1:
            # GIS formats often declare every parcel multi-part; keep the one polygon so
            # a re-import of an export compares equal to what is stored.
            geom = geom.geoms[0]
        if geom.geom_type not in ("Polygon", "MultiPolygon"):
            found.error(
                IssueKind.NOT_POLYGON,
                f"hình thể là {geom.geom_type}, không phải vùng khép kín",
                fid=fid,
                point=_where(geom),
            )
            continue
        number = rec.get("parcel_number", "")
        if not number:
            found.warning(
                IssueKind.NO_NUMBER,
                "thửa không có số thửa (sẽ bỏ qua nếu chấp nhận)",
                fid=fid,
                field="" if drawing else report.mapping.get("parcel_number", ""),
                point=_where(geom),
            )
            continue
        unit = fixed_commune
        commune_value = rec.get("commune", "")
        if commune_value:
            unit = units.get(commune_value) or units.get(_norm(commune_value))
            if unit is None:
                found.error(
                    IssueKind.BAD_VALUE,
                    "không có xã/phường này trong tỉnh của dự án",
                    fid=fid,
                    field=report.mapping.get("commune", ""),
                    value=commune_value,
                )
                ok = False
        elif unit is None:
            found.error(
                IssueKind.MAPPING,
                "không biết thửa thuộc xã/phường nào: dự án có nhiều xã, hãy chọn --commune "
                "hoặc cột mã xã",
                fid=fid,
            )
            ok = False
        map_sheet = str(rec.get("map_sheet", "") or (sheet or "")).strip()
        if not map_sheet:
            if "map_sheet" in report.mapping:
                found.error(
                    IssueKind.MAPPING,
                    "thiếu số tờ bản đồ",
                    fid=fid,
                    field=report.mapping["map_sheet"],
                )
            else:
                no_sheet += 1  # one error for the file, below
            ok = False
        for what, column, value, limit in (
            ("số tờ bản đồ", "map_sheet", map_sheet, SHEET_LENGTH),
            ("số thửa", "parcel_number", str(number).strip(), NUMBER_LENGTH),
            ("địa chỉ", "address", rec.get("address", ""), ADDRESS_LENGTH),
        ):
            if len(value) > limit:
                found.error(
                    IssueKind.BAD_VALUE,
                    f"{what} dài {len(value)} ký tự, quá {limit} ký tự",
                    fid=fid,
                    field=report.mapping.get(column, ""),
                    value=value if len(value) <= 60 else value[:60] + "…",
                )
                ok = False
        written = rec.get("land_use_code", "").strip().upper()
        uses = [part.strip() for part in written.split("+")] if "+" in written else [written]
        land_use = uses[0]
        if not all(use in LAND_USE_CODES for use in uses):
            labels = " | ".join(t for _, t in rec.get("labels", []))
            found.error(
                IssueKind.BAD_VALUE,
                "loại đất không có trong danh mục (ODT, ONT, LUC, CLN, …)"
                if written
                else "thiếu loại đất",
                fid=fid,
                field="Text" if drawing else report.mapping.get("land_use_code", ""),
                value=rec.get("land_use_code", "") or labels,
                point=_where(geom),
            )
            ok = False
        elif len(uses) > 1:
            # A parcel used for several purposes ("ODT+CLN": homestead with garden) keeps
            # the first, its main use, as the land-use code; the certificate gives the
            # area of each, which the case records.
            found.warning(
                IssueKind.MIXED_USE,
                f"thửa nhiều mục đích sử dụng: lưu mục đích chính {land_use}; diện tích "
                "từng mục đích theo giấy chứng nhận",
                fid=fid,
                field="Text" if drawing else report.mapping.get("land_use_code", ""),
                value=written,
                point=_where(geom),
            )
        certificate: Decimal | None = None
        raw_area = rec.get("certificate_area", "")
        try:
            if isinstance(raw_area, Decimal):  # a number column, read to the cent
                read = parse_number(raw_area, NumberKind.DECIMAL)
                certificate = read.quantize(Decimal("0.01")) if read is not None else None
            elif raw_area:
                certificate = parse_number(raw_area, NumberKind.AREA)
            problem = range_error(CERTIFICATE_AREA, certificate)
        except NumberFormatError as exc:
            # An area written on a drawing is informative only.
            problem = None if drawing else exc.reason
        if problem:
            found.error(
                IssueKind.BAD_VALUE,
                problem,
                fid=fid,
                field=report.mapping.get("certificate_area", ""),
                value=str(raw_area),
            )
            ok = False
        if not ok:
            continue
        assert unit is not None
        kept.append(
            ParcelRow(
                fid=fid,
                commune_id=unit.pk,
                map_sheet=str(map_sheet).strip(),
                parcel_number=str(number).strip(),
                land_use_code=land_use,
                certificate_area=certificate,
                address=rec.get("address", ""),
                geometry=geom,
            )
        )
        geoms.append(geom)
    if no_sheet:
        found.error(
            IssueKind.MAPPING,
            f"tệp không ghi số tờ bản đồ ({no_sheet} thửa): "
            + ("chọn số tờ (--sheet)" if drawing else "chọn cột tờ bản đồ hoặc số tờ (--sheet)"),
        )
    if not kept:
        if not any(issue.level == IssueLevel.ERROR for issue in found.issues):
            # Never "succeed" writing nothing: say why no parcel is left.
            found.error(IssueKind.NO_NUMBER, "tệp không có thửa đất nào để ghi")
        return kept
    array = np.asarray(geoms, dtype=object)
    for index, reason in checks.invalid_reasons(array).items():
        row = kept[index]
        found.error(
            IssueKind.INVALID_GEOMETRY,
            f"hình thể thửa {row.parcel_number} tờ {row.map_sheet} không hợp lệ: {reason}",
            fid=row.fid,
            point=checks.reason_point(reason) or _where(row.geometry),
        )
    for index, area in enumerate(shapely.area(array)):
        problem = range_error(MEASURED_AREA, float(area))
        if problem:
            row = kept[index]
            found.error(
                IssueKind.BAD_VALUE,
                f"thửa {row.parcel_number} tờ {row.map_sheet}: {problem}",
                fid=row.fid,
                point=_where(row.geometry),
            )
    for index in checks.outside_vn2000(array):
        row = kept[index]
        minx, miny, _, _ = row.geometry.bounds
        found.error(
            IssueKind.CRS,
            f"tọa độ ({minx:.2f}; {miny:.2f}) không phải VN-2000 múi 3° "
            "(nhầm X/Y, độ hay hệ khác?)",
            fid=row.fid,
        )
    by_key: dict[tuple[int, str, str], list[ParcelRow]] = defaultdict(list)
    for row in kept:
        by_key[(row.commune_id, row.map_sheet, row.parcel_number)].append(row)
    for (_, map_sheet, number), same in by_key.items():
        if len(same) > 1 and len({r.fid for r in same}) == 1:
            # One label in several faces: the same outline drawn more than once.
            found.error(
                IssueKind.DUPLICATE,
                f"thửa {number} tờ {map_sheet} được vẽ {len(same)} lần chồng khít nhau",
                fid=same[0].fid,
                point=_where(same[0].geometry),
            )
        elif len(same) > 1:
            fids = ", ".join(str(r.fid) for r in same)
            for row in same:
                found.error(
                    IssueKind.DUPLICATE,
                    f"thửa {number} tờ {map_sheet} xuất hiện {len(same)} lần (đối tượng {fids})",
                    fid=row.fid,
                    point=_where(row.geometry),
                )
    if not any(i.kind == IssueKind.INVALID_GEOMETRY for i in found.issues):
        # Overlaps of invalid polygons are meaningless (and GEOS may fail on them).
        for overlap in checks.overlaps(array, tolerance):
            a, b = kept[overlap.first], kept[overlap.second]
            found.warning(
                IssueKind.OVERLAP,
                f"thửa {a.parcel_number} tờ {a.map_sheet} chồng lên thửa {b.parcel_number} "
                f"tờ {b.map_sheet} {overlap.area:.2f} m² (ngưỡng {tolerance} m²)",
                fid=a.fid,
                point=(overlap.x, overlap.y),
            )
    return kept


# -- writing ---------------------------------------------------------------------------


def _area(value: float) -> Decimal:
    return Decimal(str(round(value, 2))).quantize(Decimal("0.01"))


def parcels_write(
    report: ImportReport,
    *,
    project: Project,
    actor: Actor,
    accept_warnings: bool = False,
    retire_absent: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Write a prepared import in one transaction, updating parcels by natural key
    (commune, map sheet, parcel number). Refuses — writing nothing — when the report has
    errors, or warnings the user has not accepted. `retire_absent` takes the project's
    parcels the file no longer has (`report.absent`) out of the project."""
    if report.errors:
        raise ImportRejected(report, f"{len(report.errors)} lỗi: không ghi thửa nào")
    if report.warnings and not accept_warnings:
        raise ImportRejected(
            report, f"{len(report.warnings)} cảnh báo chưa được chấp nhận: không ghi thửa nào"
        )
    rows = report.rows
    if actor is not None:
        # Parcels of a commune the user is not assigned to are not the user's to write,
        # even in a project the user works on (a ward officer imports its own ward).
        reach = project_reach(actor, "parcels.add_parcel", project.pk)
        outside = {r.commune_id for r in rows if not reach.allows(r.commune_id)}
        if outside:
            names = ", ".join(
                sorted(AdminUnit.objects.filter(pk__in=outside).values_list("name", flat=True))
            )
            raise ImportRejected(
                report,
                f"tệp có thửa của {names}: ngoài xã/phường bạn được phân công, không ghi thửa nào",
            )
    tick = progress or (lambda stage, done, total: None)
    wkbs = shapely.to_wkb(np.asarray([r.geometry for r in rows], dtype=object))
    bounds = shapely.bounds(np.asarray([r.geometry for r in rows], dtype=object))
    areas = shapely.area(np.asarray([r.geometry for r in rows], dtype=object))
    source = report.path.name[:300]
    # Compared to decide whether a stored parcel changed (the file name alone is no
    # change), in this order; address only when the file has one.
    fields = [
        "land_use_code", "certificate_area", "measured_area", "geometry", "crs_epsg",
        "min_x", "min_y", "max_x", "max_y", "address",
    ]  # fmt: skip
    with transaction.atomic(), acting_as(actor):
        communes = {r.commune_id for r in rows}
        existing: dict[tuple[int, str, str], tuple[Any, ...]] = {}
        for values in Parcel.objects.filter(commune_id__in=communes).values_list(
            "pk", "commune_id", "map_sheet", "parcel_number", *fields
        ):
            existing[(values[1], values[2], values[3])] = values
        new: list[tuple[Any, ...]] = []
        changed: list[tuple[Any, ...]] = []
        for index, row in enumerate(rows):
            values = (
                row.land_use_code,
                row.certificate_area,
                _area(float(areas[index])),
                bytes(wkbs[index]),
                project.crs_epsg,
                float(bounds[index, 0]),
                float(bounds[index, 1]),
                float(bounds[index, 2]),
                float(bounds[index, 3]),
            )
            found = existing.get((row.commune_id, row.map_sheet, row.parcel_number))
            if found is None:
                new.append((row.commune_id, row.map_sheet, row.parcel_number, *values,
                            row.address, source))  # fmt: skip
                continue
            before = list(found[4:])
            before[3] = bytes(before[3]) if before[3] is not None else None
            address = row.address or found[-1]
            if tuple(before[:-1]) != values or before[-1] != address:
                changed.append((*values, address, source, found[0]))
        tick("write", 0, len(rows))
        insert_rows(
            Parcel, ["commune_id", "map_sheet", "parcel_number", *fields, "source_file"], new
        )
        tick("write", len(new), len(rows))
        update_rows(Parcel, [*fields, "source_file"], changed)
        _shared_projects_told([c[-1] for c in changed], project, actor, source)
        keys = {(r.commune_id, r.map_sheet, r.parcel_number) for r in rows}
        ids = [
            pk
            for pk, commune_id, sheet, number in Parcel.objects.filter(
                commune_id__in=communes
            ).values_list("pk", "commune_id", "map_sheet", "parcel_number")
            if (commune_id, sheet, number) in keys
        ]
        linked = set(
            ParcelImpact.objects.filter(project=project).values_list("parcel_id", flat=True)
        )
        insert_rows(
            ParcelImpact,
            ["project_id", "parcel_id", "remainder_below_minimum", "whole_recovery"],
            [
                (project.pk, pk, False, WholeRecovery.NOT_APPLICABLE)
                for pk in ids
                if pk not in linked
            ],
        )
        tick("write", len(rows), len(rows))
        report.created, report.updated = len(new), len(changed)
        report.unchanged = len(rows) - len(new) - len(changed)
        report.written = True
        record_event(
            actor=actor,
            kind="parcels.import",
            message=(
                f"Nhập bản đồ địa chính {source}: {report.created} thửa mới, "
                f"{report.updated} cập nhật, {report.unchanged} không đổi"
            ),
            target=project,
            reason="Chấp nhận cảnh báo" if report.warnings else "",
            data={**report.summary(), "accepted_warnings": [str(w) for w in report.warnings]},
        )
        if retire_absent and report.absent:
            report.retired = _retire_absent(report.absent, project, actor, source)
        boundary = current_boundary(project)
        if boundary is not None:
            impacts_recompute(project=project, boundary=boundary, actor=actor)
    return report


def _retire_absent(parcel_ids: list[int], project: Project, actor: Actor, source: str) -> int:
    """Take parcels a new survey no longer has out of the project. One that no other
    project uses and no tenure holds is deleted (the merge or split replaced it); the
    others stay, for their other projects and for the tenure to be moved."""
    impacts = ParcelImpact.objects.filter(project=project, parcel_id__in=parcel_ids)
    names = sorted(
        impacts.values_list("parcel__map_sheet", "parcel__parcel_number"),
        key=lambda item: (natural_key(item[0]), natural_key(item[1])),
    )
    holders = list(
        Tenure.objects.filter(parcel_id__in=parcel_ids).values_list("household_id", flat=True)
    )
    impacts.delete()
    households_changed(holders)  # the recovered areas the dashboards read
    Parcel.objects.filter(pk__in=parcel_ids, impacts__isnull=True, tenures__isnull=True).delete()
    record_event(
        actor=actor,
        kind="parcels.retire",
        message=(
            f"Bỏ {len(names)} thửa không còn trong tệp {source} khỏi dự án: "
            + ", ".join(f"tờ {sheet} thửa {number}" for sheet, number in names[:50])
        ),
        target=project,
        data={"file": source, "parcels": sorted(parcel_ids)},
    )
    return len(names)


def parcels_import(
    path: Path | str,
    *,
    project: Project,
    actor: Actor,
    accept_warnings: bool = False,
    progress: Progress | None = None,
    **options: Any,
) -> ImportReport:
    """Read, check and write a cadastral file (the `gpmb import_parcels` command)."""
    report = parcels_prepare(path, project=project, progress=progress, **options)
    return parcels_write(
        report, project=project, actor=actor, accept_warnings=accept_warnings, progress=progress
    )
