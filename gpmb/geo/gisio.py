"""Reading and writing GIS files with pyogrio (GDAL), column-wise.

A layer is read into numpy arrays — one array of Shapely geometries and one per
attribute — so that checks and overlays run vectorised on 100,000 parcels."""

from __future__ import annotations

import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio
import shapely
from pyogrio.errors import DataLayerError, DataSourceError

from gpmb.geo.archive import ArchiveRefused, check_zip
from gpmb.geo.crs import epsg_of
from gpmb.geo.dxf import XDATA_APP

# Extension → GDAL driver for the formats GPMB reads and writes.
DRIVERS = {
    ".dgn": "DGN",
    ".dxf": "DXF",
    ".shp": "ESRI Shapefile",
    ".zip": "ESRI Shapefile",
    ".gpkg": "GPKG",
    ".geojson": "GeoJSON",
    ".json": "GeoJSON",
    ".fgb": "FlatGeobuf",
}
DRAWING_DRIVERS = {"DGN", "DXF"}


class GISReadError(ValueError):
    """The file cannot be read as a GIS layer; the message names the file."""


@dataclass
class Layer:
    """One layer of a file: geometries (Shapely, possibly None), attributes by field
    name, the feature ids GDAL gave (shown in error messages), and the CRS it declares."""

    path: Path
    name: str
    driver: str
    fids: np.ndarray
    geometries: np.ndarray
    attributes: dict[str, np.ndarray] = field(default_factory=dict)
    epsg: int | None = None
    crs_wkt: str | None = None
    encoding: str | None = None
    # The CRS is the format's default, not written in the file: a GeoJSON without a
    # "crs" member is WGS 84 by RFC 7946, yet older files hold projected metres.
    crs_implied: bool = False

    def __len__(self) -> int:
        return len(self.geometries)

    @property
    def is_drawing(self) -> bool:
        return self.driver in DRAWING_DRIVERS


def driver_for(path: Path) -> str:
    driver = DRIVERS.get(path.suffix.lower())
    if driver is None:
        raise GISReadError(
            f"{path.name}: định dạng “{path.suffix}” chưa hỗ trợ "
            f"(nhận: {', '.join(sorted(DRIVERS))})"
        )
    return driver


def gdal_path(path: Path) -> str:
    return f"/vsizip/{path}" if path.suffix.lower() == ".zip" else str(path)


FORMAT_NAMES = {
    "DGN": "bản vẽ DGN v7",
    "DXF": "bản vẽ DXF",
    "ESRI Shapefile": "Shapefile",
    "GPKG": "GeoPackage",
    "GeoJSON": "GeoJSON",
    "FlatGeobuf": "FlatGeobuf",
}


def _check_container(path: Path) -> None:
    """What GDAL would report in its own terms ('does not exist in the file system' for
    an empty zip), said plainly: an empty file, a zip that is not one or holds no
    shapefile."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise GISReadError(f"{path.name}: không mở được tệp ({exc.strerror})") from exc
    if size == 0:
        raise GISReadError(f"{path.name}: tệp rỗng (0 byte)")
    if path.suffix.lower() == ".zip":
        if not zipfile.is_zipfile(path):
            raise GISReadError(f"{path.name}: không phải tệp nén .zip (hoặc tệp nén bị hỏng)")
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
        if not any(name.lower().endswith(".shp") for name in names):
            shown = ", ".join(names[:10]) + ("…" if len(names) > 10 else "")
            raise GISReadError(
                f"{path.name}: tệp nén không có shapefile (.shp) (các tệp: {shown or 'không có'})"
            )


def _unreadable(path: Path, driver: str) -> GISReadError:
    return GISReadError(
        f"{path.name}: không đọc được tệp — tệp hỏng hoặc không phải "
        f"{FORMAT_NAMES.get(driver, driver)}"
    )


def list_layers(path: Path, *, max_unpacked: int) -> list[str]:
    """The file's layers. A .zip is first inflated once, counting, and refused past
    `max_unpacked` bytes in all (gpmb.geo.archive): GDAL would inflate whatever is in it."""
    driver = driver_for(path)
    if path.suffix.lower() == ".zip" and zipfile.is_zipfile(path):
        try:
            check_zip(str(path), max_bytes=max_unpacked, label=path.name)
        except ArchiveRefused as exc:
            raise GISReadError(str(exc)) from exc
    _check_container(path)
    try:
        return [str(row[0]) for row in pyogrio.list_layers(gdal_path(path))]
    except (DataSourceError, DataLayerError, OSError) as exc:
        raise _unreadable(path, driver) from exc


def read_layer(
    path: Path, layer: str | None = None, encoding: str | None = None, *, max_unpacked: int
) -> Layer:
    """Read one layer (the first when `layer` is None). `encoding` forces the code page
    of attribute text (e.g. "cp1258"); by default GDAL uses what the file declares. A
    .zip inflating past `max_unpacked` bytes is refused (list_layers)."""
    path = Path(path)
    driver = driver_for(path)
    layers = list_layers(path, max_unpacked=max_unpacked)
    if layer is not None and layer not in layers:
        raise GISReadError(
            f"{path.name}: không có lớp “{layer}” (các lớp: {', '.join(layers) or 'không có'})"
        )
    if driver == "DGN" and encoding is None:
        # DGN v7 text is 8-bit without a declared code page; read it byte for byte and let
        # the Vietnamese legacy encodings be detected on top (gpmb.geo.vntext).
        encoding = "cp1252"
    codepage, apps = _dxf_header(path) if driver == "DXF" else (None, set())
    vietnamese_cad = encoding is None and codepage == "ANSI_1258"
    xdata = XDATA_APP in apps
    if vietnamese_cad:
        # GDAL's iconv drops a trailing letter of cp1258 text (it waits for a combining
        # tone mark that never comes); read the bytes 1:1 and decode them here instead.
        pyogrio.set_gdal_config_options({"DXF_ENCODING": "CP1252"})
    if xdata:
        # GDAL hands extended data over only among the raw group codes.
        pyogrio.set_gdal_config_options({"DXF_INCLUDE_RAW_CODE_VALUES": "TRUE"})
    try:
        meta, fids, wkb, values = pyogrio.raw.read(
            gdal_path(path),
            layer=layer or (layers[0] if layers else None),
            return_fids=True,
            encoding=encoding,
        )
    except (DataSourceError, DataLayerError, OSError, ValueError) as exc:
        raise _unreadable(path, driver) from exc
    finally:
        if vietnamese_cad:
            pyogrio.set_gdal_config_options({"DXF_ENCODING": None})
        if xdata:
            pyogrio.set_gdal_config_options({"DXF_INCLUDE_RAW_CODE_VALUES": None})
    if vietnamese_cad:
        values = [_recode_cp1258(column) for column in values]
    geometries = shapely.from_wkb(wkb, on_invalid="ignore") if wkb is not None else None
    if geometries is None:
        geometries = np.full(len(fids), None, dtype=object)
    fields = [str(name) for name in meta["fields"]]
    epsg = epsg_of(meta.get("crs"))
    if "RawCodeValues" in fields:
        index = fields.index("RawCodeValues")
        fields[index] = XDATA_APP
        values = list(values)
        values[index] = np.asarray([_xdata(raw) for raw in values[index]], dtype=object)
        epsg = epsg or _xdata_epsg(values[index])
    return Layer(
        path=path,
        name=layer or (layers[0] if layers else path.stem),
        driver=driver,
        fids=np.asarray(fids),
        geometries=np.asarray(geometries, dtype=object),
        attributes=dict(zip(fields, values, strict=True)),
        epsg=epsg,
        crs_wkt=meta.get("crs"),
        encoding=meta.get("encoding"),
        crs_implied=driver == "GeoJSON" and not _geojson_names_crs(path),
    )


def _geojson_names_crs(path: Path) -> bool:
    """Whether a GeoJSON file has a "crs" member (written before the features by GDAL,
    QGIS and ArcGIS; looked for in the first 64 KB)."""
    with open(path, "rb") as handle:
        return b'"crs"' in handle.read(65536)


def _dxf_header(path: Path) -> tuple[str | None, set[str]]:
    """The $DWGCODEPAGE a DXF declares and the applications it registers for extended
    data (APPID table), read from the first 64 KB."""
    with open(path, "rb") as handle:
        head = [line.strip() for line in handle.read(65536).decode("ascii", "replace").splitlines()]
    codepage = None
    apps: set[str] = set()
    for index, line in enumerate(head[:-2]):
        if line == "$DWGCODEPAGE":
            codepage = head[index + 2].upper()
        elif line == "APPID" and head[index - 1] == "0" and head[index + 1] == "2":
            apps.add(head[index + 2].upper())
    return codepage, apps


def _xdata_epsg(column: np.ndarray) -> int | None:
    """The CRS a drawing's GPMB extended data names ("crs=EPSG:9210"), when every label
    that names one names the same (DXF itself has no place for a CRS)."""
    named = {
        item.partition("=")[2].strip()
        for value in column.tolist()
        for item in str(value or "").split("; ")
        if item.startswith("crs=")
    }
    return epsg_of(named.pop()) if len(named) == 1 else None


def _xdata(raw: Any) -> str:
    """The "name=value" strings of GPMB's extended data among an entity's raw group
    codes, joined with "; " (empty when it has none)."""
    if raw is None:
        return ""
    items: list[str] = []
    ours = False
    for entry in list(raw):
        code, _, value = str(entry).partition(" ")
        if code == "1001":
            ours = value.strip().upper() == XDATA_APP
        elif ours and code == "1000":
            items.append(value.strip())
    return "; ".join(items)


def _recode_cp1258(column: np.ndarray) -> np.ndarray:
    if column.dtype != object:
        return column
    out = column.copy()
    for i, value in enumerate(column):
        if isinstance(value, str) and not value.isascii():
            raw = bytes(_byte_of(ch) for ch in value)
            out[i] = unicodedata.normalize("NFC", raw.decode("cp1258", errors="replace"))
    return out


def _byte_of(ch: str) -> int:
    try:
        return ch.encode("cp1252")[0]
    except UnicodeEncodeError:
        return ord(ch) if ord(ch) < 256 else ord("?")


def write_layer(
    path: Path,
    geometries: np.ndarray,
    attributes: dict[str, np.ndarray],
    *,
    epsg: int | None,
    driver: str,
    layer: str,
    geometry_type: str = "MultiPolygon",
) -> None:
    """Write one layer; field names are kept whole (GeoPackage and FlatGeobuf do not cut
    them, unlike Shapefile's 10 characters)."""
    wkb = shapely.to_wkb(np.asarray(geometries, dtype=object))
    names = list(attributes)
    kwargs: dict[str, Any] = {}
    if driver == "GeoJSON":
        # 9 decimals of a degree keep areas to the cm² (RFC 7946's default of 7 does not).
        kwargs["layer_options"] = {"RFC7946": "YES", "COORDINATE_PRECISION": 9}
    pyogrio.raw.write(
        str(path),
        wkb,
        [attributes[name] for name in names],
        names,
        driver=driver,
        layer=layer,
        geometry_type=geometry_type,
        crs=f"EPSG:{epsg}" if epsg else None,
        encoding="UTF-8",
        **kwargs,
    )
