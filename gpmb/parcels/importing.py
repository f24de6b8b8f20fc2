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
from django.db import transaction
from shapely.geometry.base import BaseGeometry

from gpmb.core.audit import acting_as
from gpmb.core.limits import read_limits
from gpmb.core.models import record_event
from gpmb.core.permissions import project_reach
from gpmb.core.vnformat import NumberFormatError, NumberKind, parse_number
from gpmb.geo import checks, crs, vntext
from gpmb.geo.drawing import build_faces, read_labels
from gpmb.geo.gisio import GISReadError, Layer, read_layer
from gpmb.parcels.bulk import insert_rows, update_rows
from gpmb.parcels.choices import IssueKind, IssueLevel, LandUse, WholeRecovery
from gpmb.parcels.models import Parcel, ParcelImpact
from gpmb.parcels.overlay import current_boundary, impacts_recompute
from gpmb.projects.models import AdminUnit, Project

Progress = Callable[[str, int, int], None]

# The fields a parcel gets from a file, and the column names surveyors use for them
# (compared without accents, case and punctuation).
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
    "parcel_number": ["sothua", "thua", "thuadat", "shthua", "sohieuthua", "parcelnumber",
                      "parcelno", "parcel", "thuaso", "sh_thua"],
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
    created: int = 0
    updated: int = 0
    unchanged: int = 0
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
    if geom is None or geom.is_empty:
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
    progress: Progress | None = None,
) -> ImportReport:
    """Read and check a file; nothing is written. Errors and warnings are in the report.

    `epsg` is the CRS of the file when it declares none (CAD drawings never do); the
    project's zone is assumed otherwise. `encoding` is "auto", "unicode", "tcvn3" or
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
    source_epsg = _source_epsg(data, epsg, target_epsg, found)
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
    fixed_commune = _fixed_commune(commune, project, units, found)
    if data.is_drawing:
        records = _drawing_records(data, encoding, report, found)
    else:
        records = _table_records(data, encoding, mapping, report, found)
    if source_epsg != target_epsg and records:
        shift = crs.transformer(source_epsg, target_epsg)
        for rec in records:
            rec["geometry"] = shapely.transform(
                rec["geometry"], lambda xy: np.column_stack(shift.transform(xy[:, 0], xy[:, 1]))
            )
    tick("check", 0, len(records))
    rows = _check_rows(records, report, found, units, fixed_commune, sheet, overlap_tolerance, tick)
    report.rows = rows
    report.issues = found.issues
    tick("check", len(records), len(records))
    return report


def _source_epsg(data: Layer, given: int | None, target: int, found: _Findings) -> int:
    if data.epsg is None:
        if data.crs_wkt and given is None:
            found.error(
                IssueKind.CRS,
                "hệ tọa độ của tệp không khớp mã EPSG nào; hãy chỉ rõ bằng --crs EPSG:92xx",
            )
        return given or target
    if given is not None and given != data.epsg:
        found.error(
            IssueKind.CRS,
            f"tệp khai báo EPSG:{data.epsg} nhưng đã chọn EPSG:{given}",
            value=f"EPSG:{given}",
        )
    if data.epsg not in crs.ZONES and data.epsg not in (target, crs.WGS84):
        found.warning(
            IssueKind.CRS,
            f"tệp dùng EPSG:{data.epsg}, không phải VN-2000 3°; sẽ chuyển sang EPSG:{target}",
        )
    return data.epsg


def _communes(project: Project) -> dict[str, AdminUnit]:
    """Communes of the project's province by code and by name."""
    units: dict[str, AdminUnit] = {}
    for unit in AdminUnit.objects.filter(parent_id=project.province_id):
        units[unit.code] = unit
        units[_norm(unit.name)] = unit
    return units


def _fixed_commune(
    code: str | None, project: Project, units: dict[str, AdminUnit], found: _Findings
) -> AdminUnit | None:
    if code:
        unit = units.get(code) or units.get(_norm(code))
        if unit is None:
            found.error(
                IssueKind.BAD_VALUE,
                f"không có xã/phường này trong {project.province}",
                field="--commune",
                value=code,
            )
        return unit
    communes = list(project.segments.values_list("commune_id", flat=True))
    if len(communes) == 1:
        return AdminUnit.objects.get(pk=communes[0])
    return None


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
    mapping = dict(mapping) if mapping is not None else guess_mapping(list(data.attributes))
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
    if found.issues:
        return []
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


def _drawing_records(
    data: Layer, encoding: str, report: ImportReport, found: _Findings
) -> list[dict[str, Any]]:
    raw_texts = data.attributes.get("Text")
    texts = [_cell(v) for v in raw_texts] if raw_texts is not None else []
    converted, chosen = _convert_texts(texts, encoding) if texts else ([], "unicode")
    report.encoding = chosen
    built = build_faces(
        data.fids, data.geometries, np.asarray(converted, dtype=object) if texts else None
    )
    report.mapping = {"parcel_number": "Text", "land_use_code": "Text"}
    for fid, text, x, y in built.stray_labels:
        found.warning(
            IssueKind.STRAY_LABEL,
            "nhãn không nằm trong thửa nào (bỏ qua)",
            fid=fid,
            field="Text",
            value=text,
            point=(x, y),
        )
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
        records.append(rec)
    return records


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
        map_sheet = rec.get("map_sheet", "") or (sheet or "")
        if not map_sheet:
            found.error(
                IssueKind.MAPPING,
                "thiếu số tờ bản đồ (chọn cột tờ bản đồ hoặc --sheet)",
                fid=fid,
                field=report.mapping.get("map_sheet", ""),
            )
            ok = False
        land_use = rec.get("land_use_code", "").strip().upper()
        if land_use not in LAND_USE_CODES:
            found.error(
                IssueKind.BAD_VALUE,
                "loại đất không có trong danh mục (ODT, ONT, LUC, CLN, …)"
                if land_use
                else "thiếu loại đất",
                fid=fid,
                field="Text" if drawing else report.mapping.get("land_use_code", ""),
                value=rec.get("land_use_code", ""),
                point=_where(geom),
            )
            ok = False
        certificate: Decimal | None = None
        raw_area = rec.get("certificate_area", "")
        if isinstance(raw_area, Decimal):
            certificate = raw_area.quantize(Decimal("0.01"))
            raw_area = str(raw_area) if certificate < 0 else ""
            if certificate < 0:
                found.error(
                    IssueKind.BAD_VALUE,
                    "diện tích không được âm",
                    fid=fid,
                    field=report.mapping.get("certificate_area", ""),
                    value=raw_area,
                )
                ok = False
        elif raw_area:
            try:
                certificate = parse_number(raw_area, NumberKind.AREA)
            except NumberFormatError as exc:
                if drawing:
                    certificate = None  # an area written on a drawing is informative only
                else:
                    found.error(
                        IssueKind.BAD_VALUE,
                        exc.reason,
                        fid=fid,
                        field=report.mapping.get("certificate_area", ""),
                        value=raw_area,
                    )
                    ok = False
            if certificate is not None and certificate < 0:
                found.error(
                    IssueKind.BAD_VALUE,
                    "diện tích không được âm",
                    fid=fid,
                    field=report.mapping.get("certificate_area", ""),
                    value=raw_area,
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
                address=rec.get("address", "")[:300],
                geometry=geom,
            )
        )
        geoms.append(geom)
    if not kept:
        if not found.issues:
            found.error(IssueKind.NO_NUMBER, "tệp không có thửa đất nào")
        return kept
    array = np.asarray(geoms, dtype=object)
    for index, reason in checks.invalid_reasons(array).items():
        row = kept[index]
        found.error(
            IssueKind.INVALID_GEOMETRY,
            f"hình thể thửa {row.parcel_number} tờ {row.map_sheet} không hợp lệ: {reason}",
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
        if len(same) > 1:
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
    actor: Any | None,
    accept_warnings: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Write a prepared import in one transaction, updating parcels by natural key
    (commune, map sheet, parcel number). Refuses — writing nothing — when the report has
    errors, or warnings the user has not accepted."""
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
        boundary = current_boundary(project)
        if boundary is not None:
            impacts_recompute(project=project, boundary=boundary, actor=actor)
    return report


def parcels_import(
    path: Path | str,
    *,
    project: Project,
    actor: Any | None,
    accept_warnings: bool = False,
    progress: Progress | None = None,
    **options: Any,
) -> ImportReport:
    """Read, check and write a cadastral file (the `gpmb import_parcels` command)."""
    report = parcels_prepare(path, project=project, progress=progress, **options)
    return parcels_write(
        report, project=project, actor=actor, accept_warnings=accept_warnings, progress=progress
    )
