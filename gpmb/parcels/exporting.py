"""Export a project's parcels with their attributes and what the boundary takes of them.

GeoPackage is the default: it keeps whole field names and the VN-2000 CRS. GeoJSON is
written in WGS 84 as RFC 7946 requires; FlatGeobuf and DXF stay in the project's zone.
XLSX is the table without geometry (with a point inside each parcel)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from django.db.models import QuerySet

from gpmb.core.audit import acting_as
from gpmb.core.models import Actor, record_event
from gpmb.core.xlsx import row as xlsx_row
from gpmb.geo import crs
from gpmb.geo.dxf import Label, write_dxf
from gpmb.geo.gisio import write_layer
from gpmb.parcels.choices import ImpactState, LandUse, WholeRecovery
from gpmb.parcels.models import ParcelImpact
from gpmb.parcels.numbering import natural_key
from gpmb.parcels.overlay import current_boundary, impact_state
from gpmb.projects.models import Project

FORMATS = {
    "gpkg": "GPKG",
    "geojson": "GeoJSON",
    "fgb": "FlatGeobuf",
    "dxf": "DXF",
    "xlsx": "XLSX",
}

# (field name, Vietnamese heading) in output order.
COLUMNS = [
    ("commune_code", "Mã xã/phường"),
    ("commune_name", "Xã/phường"),
    ("map_sheet", "Tờ bản đồ số"),
    ("parcel_number", "Thửa đất số"),
    ("land_use_code", "Loại đất"),
    ("land_use_name", "Tên loại đất"),
    ("certificate_area", "Diện tích theo GCN (m²)"),
    ("measured_area", "Diện tích đo đạc (m²)"),
    ("recovered_area", "Diện tích thu hồi (m²)"),
    ("remainder_area", "Diện tích còn lại (m²)"),
    ("remainder_below_minimum", "Còn lại nhỏ hơn diện tích tối thiểu"),
    ("whole_recovery", "Thu hồi cả thửa"),
    ("impact_state", "Mức ảnh hưởng"),
    ("household_codes", "Mã hộ"),
    ("address", "Địa chỉ thửa đất"),
    ("boundary_version", "Phiên bản chỉ giới"),
    ("source_file", "Tệp nguồn"),
]
AREA_FIELDS = {"certificate_area", "measured_area", "recovered_area", "remainder_area"}


class ExportError(ValueError):
    pass


def export_queryset(project: Project, user: Any | None = None) -> QuerySet[ParcelImpact]:
    """The project's parcels the user may see (all when `user` is None: the system)."""
    impacts = ParcelImpact.objects.filter(project=project)
    if user is not None:
        impacts = impacts.restrict(user, "view")
    return impacts.order_by("parcel__commune__code", "parcel__map_sheet", "parcel__parcel_number")


def _reading_order(impact: ParcelImpact) -> tuple[Any, ...]:
    """Commune, then sheet and parcel as numbers (2 before 10), as a register is read."""
    parcel = impact.parcel
    return parcel.commune.code, natural_key(parcel.map_sheet), natural_key(parcel.parcel_number)


def export_rows(
    project: Project, user: Any | None = None
) -> tuple[list[dict[str, Any]], np.ndarray]:
    from gpmb.parties.models import Tenure

    boundary = current_boundary(project)
    impacts = sorted(
        export_queryset(project, user).select_related("parcel", "parcel__commune"),
        key=_reading_order,
    )
    households: dict[int, list[str]] = {}
    for parcel_id, code in Tenure.objects.filter(
        parcel_id__in=[i.parcel_id for i in impacts], household__isnull=False
    ).values_list("parcel_id", "household__code"):
        households.setdefault(parcel_id, []).append(code)
    land_use_names = dict(LandUse.choices)
    whole_names = dict(WholeRecovery.choices)
    state_names = dict(ImpactState.choices)
    rows = []
    geoms = []
    for impact in impacts:
        parcel = impact.parcel
        rows.append(
            {
                "commune_code": parcel.commune.code,
                "commune_name": parcel.commune.name,
                "map_sheet": parcel.map_sheet,
                "parcel_number": parcel.parcel_number,
                "land_use_code": parcel.land_use_code,
                "land_use_name": str(land_use_names.get(parcel.land_use_code, "")),
                "certificate_area": parcel.certificate_area,
                "measured_area": parcel.measured_area,
                "recovered_area": impact.recovered_area,
                "remainder_area": impact.remainder_area,
                "remainder_below_minimum": impact.remainder_below_minimum,
                "whole_recovery": str(whole_names.get(impact.whole_recovery, "")),
                "impact_state": str(state_names[impact_state(impact)]),
                "household_codes": ", ".join(sorted(households.get(parcel.pk, []))),
                "address": parcel.address,
                "boundary_version": boundary.version if boundary else None,
                "source_file": parcel.source_file,
            }
        )
        geoms.append(shapely.from_wkb(bytes(parcel.geometry)) if parcel.geometry else None)
    return rows, np.asarray(geoms, dtype=object).reshape(-1)


def _column(rows: list[dict[str, Any]], name: str) -> np.ndarray:
    values = [row[name] for row in rows]
    if name in AREA_FIELDS:
        return np.array([np.nan if v is None else float(v) for v in values], dtype=float)
    if name == "remainder_below_minimum":
        return np.array([int(bool(v)) for v in values], dtype=np.int32)
    if name == "boundary_version":
        return np.array([0 if v is None else v for v in values], dtype=np.int32)
    return np.array(["" if v is None else str(v) for v in values], dtype=object)


def parcels_export(
    *, project: Project, fmt: str, path: Path | str, actor: Actor, user: Any | None = None
) -> int:
    """Write the file; returns the number of parcels. `user` scopes what is exported."""
    if fmt not in FORMATS:
        raise ExportError(f"định dạng “{fmt}” (nhận: {', '.join(FORMATS)})")
    path = Path(path)
    rows, geoms = export_rows(project, user)
    if fmt == "xlsx":
        _write_xlsx(path, project, rows, geoms)
    elif fmt == "dxf":
        _write_dxf(path, project, rows, geoms)
    else:
        has_geometry = np.array([g is not None for g in geoms], dtype=bool)
        rows = [r for r, keep in zip(rows, has_geometry.tolist(), strict=True) if keep]
        geoms = geoms[has_geometry]
        epsg = project.crs_epsg
        if fmt == "geojson":
            shift = crs.to_wgs84(epsg)
            geoms = np.asarray(
                [
                    shapely.transform(
                        g, lambda xy: np.column_stack(shift.transform(xy[:, 0], xy[:, 1]))
                    )
                    for g in geoms
                ],
                dtype=object,
            ).reshape(-1)
            epsg = crs.WGS84
        if path.exists():
            path.unlink()
        write_layer(
            path,
            np.asarray([_as_multi(g) for g in geoms], dtype=object),
            {name: _column(rows, name) for name, _ in COLUMNS},
            epsg=epsg,
            driver=FORMATS[fmt],
            layer=f"thua_dat_{project.code}".replace("-", "_"),
        )
    with acting_as(actor):
        record_event(
            actor=actor,
            kind="parcels.export",
            message=f"Xuất {len(rows)} thửa của dự án {project.code} ra {fmt.upper()}",
            target=project,
            data={"format": fmt, "parcels": len(rows), "file": path.name},
        )
    return len(rows)


def _as_multi(geom: Any) -> Any:
    return shapely.MultiPolygon([geom]) if geom.geom_type == "Polygon" else geom


def _write_dxf(path: Path, project: Project, rows: list[dict[str, Any]], geoms: np.ndarray) -> None:
    """Parcels as closed polylines on THUA_DAT with a label "number/land use" and the
    certificate area on SO_THUA, the label carrying the commune, sheet and CRS as
    extended data; recovered areas on DT_THU_HOI and the boundary on CHI_GIOI_GPMB.
    GPMB reads such a drawing back as the same parcels (gpmb.geo.drawing.PARCEL_LAYERS)."""
    shapes = []
    labels = []
    for row, geom in zip(rows, geoms, strict=True):
        if geom is None:
            continue
        shapes.append((geom, "THUA_DAT"))
        point = geom.representative_point()
        data = {
            "commune": row["commune_code"],
            "map_sheet": row["map_sheet"],
            "crs": f"EPSG:{project.crs_epsg}",  # DXF has no place for it
        }
        labels.append(
            Label(point.x, point.y, f"{row['parcel_number']}/{row['land_use_code']}", data=data)
        )
        if row["certificate_area"] is not None:
            # With a decimal comma: "120.5" could be read as 1205 in Vietnamese.
            text = f"{row['certificate_area']:.2f}".replace(".", ",")
            labels.append(Label(point.x, point.y - 1.5, text, 1.0))
        if row["recovered_area"]:
            labels.append(
                Label(point.x, point.y - 3.0, f"{row['recovered_area']}", 1.0, "DT_THU_HOI")
            )
    boundary = current_boundary(project)
    if boundary is not None:
        shapes.append((shapely.from_wkb(bytes(boundary.geometry)), "CHI_GIOI_GPMB"))
    write_dxf(path, shapes, labels, text_encoding="unicode")


def _write_xlsx(
    path: Path, project: Project, rows: list[dict[str, Any]], geoms: np.ndarray
) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Thửa đất"
    # Headings in the first row, as GDAL, QGIS and Excel's filters expect (one sheet: a
    # second would make QGIS ask which); the title goes to the workbook's properties and
    # the CRS of the point to its headings.
    book.properties.title = f"Danh sách thửa đất — {project.name}"
    unit = f"(m, VN-2000 EPSG:{project.crs_epsg})"
    headings = [label for _, label in COLUMNS] + [f"X {unit}", f"Y {unit}"]
    sheet.append(headings)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row, geom in zip(rows, geoms, strict=True):
        point = geom.representative_point() if geom is not None else None
        values: list[Any] = []
        for name, _ in COLUMNS:
            value = row[name]
            if isinstance(value, Decimal):
                value = float(value)
            elif isinstance(value, bool):
                value = "Có" if value else "Không"
            values.append(value)
        values += [round(point.x, 3), round(point.y, 3)] if point is not None else [None, None]
        sheet.append(xlsx_row(sheet, values))
    area_columns = [i + 1 for i, (name, _) in enumerate(COLUMNS) if name in AREA_FIELDS]
    for column in area_columns:
        for cells in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cells[0].number_format = "#,##0.00"
    sheet.freeze_panes = "A2"
    book.save(path)
