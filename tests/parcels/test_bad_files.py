"""Broken and odd files are refused with a message a surveyor can act on — no GDAL or
SQLite internals — and nothing is written."""

from __future__ import annotations

import zipfile

import pytest
import shapely

from gpmb.geo.dxf import Label, write_dxf
from gpmb.parcels.choices import IssueKind
from gpmb.parcels.importing import parcels_prepare
from gpmb.parcels.models import Parcel

from .lots import parcel_grid
from .test_import import write_table

INTERNALS = ("sqlite3", "not recognized", "does not exist", "vsizip", "GDAL", "driver")


def make(tmp_path, name: str):
    path = tmp_path / name
    if name == "rong.gpkg" or name == "rong.zip":
        path.write_bytes(b"")
    elif name == "khong-phai.gpkg":
        path.write_text("đây không phải GeoPackage\n" * 200)
    elif name in ("cut.gpkg", "hong.gpkg"):
        write_table(tmp_path / "good.gpkg", parcel_grid(), "GPKG")
        data = bytearray((tmp_path / "good.gpkg").read_bytes())
        if name == "cut.gpkg":
            data = data[: len(data) // 3]
        else:
            data[0:100] = b"\xff" * 100  # the SQLite header
        path.write_bytes(bytes(data))
    elif name == "khong-shp.zip":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("doc-truoc.txt", "ghi chú")
    elif name == "khong-phai.zip":
        path.write_bytes(b"PK not really a zip" * 10)
    return path


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("rong.gpkg", "tệp rỗng (0 byte)"),
        ("rong.zip", "tệp rỗng (0 byte)"),
        ("khong-phai.gpkg", "tệp hỏng hoặc không phải GeoPackage"),
        ("cut.gpkg", "tệp hỏng hoặc không phải GeoPackage"),
        ("hong.gpkg", "tệp hỏng hoặc không phải GeoPackage"),
        ("khong-shp.zip", "tệp nén không có shapefile (.shp) (các tệp: doc-truoc.txt)"),
        ("khong-phai.zip", "không phải tệp nén .zip"),
    ],
)
def test_unreadable_files_are_said_plainly(tmp_path, project, name, says):
    report = parcels_prepare(make(tmp_path, name), project=project)

    (error,) = report.errors
    assert error.kind == IssueKind.UNREADABLE
    assert says in error.message and name in error.message
    assert not any(word in error.message for word in INTERNALS), error.message
    assert Parcel.objects.count() == 0


def test_a_bow_tie_is_located_where_it_crosses(tmp_path, project):
    x, y = 590_100.0, 2_305_100.0
    bowtie = shapely.Polygon([(x, y), (x + 200, y + 10), (x + 200, y), (x, y + 40)])
    path = tmp_path / "no.gpkg"
    write_table(path, [{"number": "7", "land_use": "ODT", "geometry": bowtie}], "GPKG")

    (error,) = parcels_prepare(path, project=project).errors

    assert error.kind == IssueKind.INVALID_GEOMETRY
    assert (round(error.x, 2), round(error.y, 2)) == (x + 160, y + 8)  # the crossing


def test_a_shape_drawn_twice_is_one_clear_error(tmp_path, project):
    lots = parcel_grid(1, 2)
    shapes = [(lot["geometry"], "RANH_THUA") for lot in lots] + [(lots[0]["geometry"], "RANH_THUA")]
    labels = [Label(*lot["geometry"].representative_point().coords[0], f"{lot['number']} ODT")
              for lot in lots]  # fmt: skip
    path = tmp_path / "hai-lan.dxf"
    write_dxf(path, shapes, labels)

    report = parcels_prepare(path, project=project, sheet="12", epsg=9210)

    (error,) = report.errors
    assert "thửa 1 tờ 12 được vẽ 2 lần chồng khít nhau" in error.message
    assert error.message.count("đối tượng") == 1
