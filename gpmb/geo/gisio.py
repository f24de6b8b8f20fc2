"""Reading and writing GIS files with pyogrio (GDAL), column-wise.

A layer is read into numpy arrays — one array of Shapely geometries and one per
attribute — so that checks and overlays run vectorised on 100,000 parcels."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio
import shapely
from pyogrio.errors import DataLayerError, DataSourceError

from gpmb.geo.archive import ArchiveRefused, check_zip
from gpmb.geo.crs import epsg_of

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


def list_layers(path: Path, *, max_unpacked: int) -> list[str]:
    """The file's layers. A .zip is first inflated once, counting, and refused past
    `max_unpacked` bytes in all (gpmb.geo.archive): GDAL would inflate whatever is in it."""
    driver_for(path)
    if path.suffix.lower() == ".zip":
        try:
            check_zip(str(path), max_bytes=max_unpacked, label=path.name)
        except ArchiveRefused as exc:
            raise GISReadError(str(exc)) from exc
    try:
        return [str(row[0]) for row in pyogrio.list_layers(gdal_path(path))]
    except (DataSourceError, DataLayerError, OSError) as exc:
        raise GISReadError(f"{path.name}: không đọc được tệp ({exc})") from exc


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
    vietnamese_cad = driver == "DXF" and encoding is None and _dxf_codepage(path) == "ANSI_1258"
    if vietnamese_cad:
        # GDAL's iconv drops a trailing letter of cp1258 text (it waits for a combining
        # tone mark that never comes); read the bytes 1:1 and decode them here instead.
        pyogrio.set_gdal_config_options({"DXF_ENCODING": "CP1252"})
    try:
        meta, fids, wkb, values = pyogrio.raw.read(
            gdal_path(path),
            layer=layer or (layers[0] if layers else None),
            return_fids=True,
            encoding=encoding,
        )
    except (DataSourceError, DataLayerError, OSError, ValueError) as exc:
        raise GISReadError(f"{path.name}: không đọc được tệp ({exc})") from exc
    finally:
        if vietnamese_cad:
            pyogrio.set_gdal_config_options({"DXF_ENCODING": None})
    if vietnamese_cad:
        values = [_recode_cp1258(column) for column in values]
    geometries = shapely.from_wkb(wkb, on_invalid="ignore") if wkb is not None else None
    if geometries is None:
        geometries = np.full(len(fids), None, dtype=object)
    fields = [str(name) for name in meta["fields"]]
    return Layer(
        path=path,
        name=layer or (layers[0] if layers else path.stem),
        driver=driver,
        fids=np.asarray(fids),
        geometries=np.asarray(geometries, dtype=object),
        attributes=dict(zip(fields, values, strict=True)),
        epsg=epsg_of(meta.get("crs")),
        crs_wkt=meta.get("crs"),
        encoding=meta.get("encoding"),
    )


def _dxf_codepage(path: Path) -> str | None:
    """The $DWGCODEPAGE a DXF declares in its header (read from the first 64 KB)."""
    with open(path, "rb") as handle:
        head = handle.read(65536).decode("ascii", "replace").splitlines()
    for index, line in enumerate(head):
        if line.strip() == "$DWGCODEPAGE" and index + 2 < len(head):
            return head[index + 2].strip().upper()
    return None


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
