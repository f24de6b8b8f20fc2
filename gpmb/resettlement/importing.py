"""A site's plots with their geometry from a GIS file (GeoPackage, Shapefile in a .zip,
GeoJSON), read by gpmb.geo like cadastral parcels: checked whole first, each problem
naming the file, the feature, the column and the value; written only when nothing is
wrong (gpmb.resettlement.services.plots_import). A plot number already on the site gets
its geometry; a new number is a new plot, its area from the file's area column or, when
the file has none, the polygon's area in the project's VN-2000 zone."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from gpmb.core.limits import read_limits
from gpmb.core.vnformat import NumberFormatError, NumberKind, parse_number
from gpmb.geo import crs
from gpmb.geo.gisio import GISReadError, read_layer
from gpmb.resettlement.models import Site

# Column names a plot number or an area is found under (lower case, without accents).
NUMBER_FIELDS = ("so_lo", "solo", "lo", "so_hieu", "sohieu", "number", "plot", "ma_lo", "ten_lo")
AREA_FIELDS = ("dien_tich", "dientich", "dt", "area", "s")
MAX_AREA = Decimal("10000")


@dataclass(frozen=True)
class PlotRow:
    fid: int
    number: str
    area: Decimal
    geometry: bytes
    new: bool


@dataclass
class PlotImport:
    """What a file would write on a site: its rows, or the errors that stop it."""

    file: str
    epsg: int
    rows: list[PlotRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _field(fields: list[str], names: tuple[str, ...]) -> str | None:
    lowered = {f.lower().strip(): f for f in fields}
    return next((lowered[n] for n in names if n in lowered), None)


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def site_epsg(site: Site) -> int | None:
    """The metric CRS the site's plots are stored in: its (first) project's zone."""
    project = site.projects.order_by("pk").first()
    return project.crs_epsg if project is not None else None


def plots_prepare(
    site: Site, path: Path, *, name: str, given_epsg: int | None = None
) -> PlotImport:
    """Read and check a file of plots for `site` (`name`: the file's name for messages).
    Nothing is written here."""
    target = site_epsg(site)
    report = PlotImport(file=name, epsg=target or 0)
    if target is None:
        report.errors.append(f"{name}: khu {site.code} chưa phục vụ dự án nào có hệ tọa độ")
        return report
    try:
        data = read_layer(path, max_unpacked=read_limits().unpacked_bytes)
    except GISReadError as exc:
        report.errors.append(f"{name}: {exc}")
        return report
    fields = list(data.attributes)
    number_field = _field(fields, NUMBER_FIELDS)
    area_field = _field(fields, AREA_FIELDS)
    if number_field is None:
        report.errors.append(
            f"{name}: không có cột số lô (một trong {', '.join(NUMBER_FIELDS)}); "
            f"các cột của tệp: {', '.join(fields) or 'không có'}"
        )
        return report
    source = given_epsg or (None if data.crs_implied else data.epsg)
    if data.crs_implied and given_epsg is None and data.epsg is not None:
        source = data.epsg  # GeoJSON without "crs": WGS 84 (RFC 7946)
    if source is None:
        report.errors.append(
            f"{name}: tệp không khai báo hệ tọa độ; hãy chọn hệ của tệp (ví dụ EPSG:{target})"
        )
        return report
    try:
        crs.check_epsg(source)
    except crs.CRSError as exc:
        report.errors.append(f"{name}: {exc}")
        return report
    geoms = np.asarray(data.geometries, dtype=object)
    if source != target and len(geoms):
        shift = crs.transformer(source, target)
        present = np.array([g is not None for g in geoms], dtype=bool)
        moved = shapely.transform(
            geoms[present], lambda xy: np.column_stack(shift.transform(xy[:, 0], xy[:, 1]))
        )
        geoms[present] = moved
    existing = {p.number: p for p in site.plots.all()}
    seen: dict[str, int] = {}
    zone = crs.zone(target) if target in crs.ZONES else None
    for index in range(len(data)):
        fid = int(data.fids[index])
        where = f"{name}, đối tượng {fid}"
        number = _text(data.attributes[number_field][index])
        geom = geoms[index]
        if not number or len(number) > 30:
            report.errors.append(
                f"{where}, cột {number_field}: số lô “{number}” phải có từ 1 đến 30 ký tự"
            )
            continue
        if number in seen:
            report.errors.append(
                f"{where}, cột {number_field}: lô “{number}” trùng với đối tượng {seen[number]}"
            )
            continue
        seen[number] = fid
        if geom is None or geom.geom_type not in ("Polygon", "MultiPolygon"):
            kind = "không có hình" if geom is None else geom.geom_type
            report.errors.append(f"{where}, lô {number}: hình thể phải là vùng (đang là {kind})")
            continue
        if not np.isfinite(shapely.get_coordinates(geom)).all():
            report.errors.append(
                f"{where}, lô {number}: tọa độ không hợp lệ sau khi chuyển từ EPSG:{source} "
                "(số trong tệp không thuộc hệ này?)"
            )
            continue
        if not geom.is_valid:
            report.errors.append(
                f"{where}, lô {number}: hình thể không hợp lệ ({shapely.is_valid_reason(geom)})"
            )
            continue
        if zone is not None:
            x, y = geom.representative_point().coords[0]
            if not (100_000 <= x <= 1_000_000 and 900_000 <= y <= 2_700_000):
                report.errors.append(
                    f"{where}, lô {number}: nằm ngoài lãnh thổ Việt Nam trong {zone.label} "
                    f"({x:.0f}; {y:.0f}): tệp ở hệ tọa độ khác?"
                )
                continue
        if area_field is not None:
            value = data.attributes[area_field][index]
            raw = _text(value)
            try:
                area = parse_number(
                    value if isinstance(value, (int, float)) else raw, NumberKind.AREA
                )
            except NumberFormatError:
                report.errors.append(f"{where}, cột {area_field}: diện tích “{raw}” không đọc được")
                continue
        else:
            area = None
        if area is None:
            area = Decimal(str(geom.area)).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if not Decimal(0) < area <= MAX_AREA:
            report.errors.append(
                f"{where}, cột {area_field or 'hình thể'}: diện tích {area} m² phải lớn hơn 0 "
                f"và không quá {MAX_AREA} m²"
            )
            continue
        report.rows.append(PlotRow(fid, number, area, shapely.to_wkb(geom), number not in existing))
    if not len(data):
        report.errors.append(f"{name}: tệp không có đối tượng nào")
    return report
