"""Importing cadastral files in every supported format, against areas Shapely computes
independently from the same coordinates."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import numpy as np
import pyogrio
import pytest
import shapely
from django.core.management import CommandError, call_command
from pyproj import Transformer

from gpmb.core.models import AuditEvent
from gpmb.geo.dxf import Label, write_dxf
from gpmb.geo.vntext import encode_tcvn3
from gpmb.parcels.choices import IssueKind
from gpmb.parcels.importing import ImportRejected, parcels_import, parcels_prepare
from gpmb.parcels.models import Parcel, ParcelImpact

from .cad import write_dgn
from .lots import AN_BIEN, LE_CHAN, parcel_grid


def expected_area(geom: shapely.Geometry) -> Decimal:
    return Decimal(str(round(shapely.area(geom), 2))).quantize(Decimal("0.01"))


def write_table(path: Path, lots: list[dict], driver: str, epsg: int = 9210, **extra) -> None:
    geoms = [lot["geometry"] for lot in lots]
    fields = {
        "SoThua": np.array([lot["number"] for lot in lots], dtype=object),
        "SoTo": np.array(["12"] * len(lots), dtype=object),
        "LoaiDat": np.array([lot["land_use"] for lot in lots], dtype=object),
        "DienTichGCN": np.array([round(lot["geometry"].area, 1) for lot in lots]),
        "DiaChi": np.array([f"Số {lot['number']} phố Hồ Sen" for lot in lots], dtype=object),
    }
    fields.update(extra)
    pyogrio.raw.write(
        str(path),
        np.array(shapely.to_wkb(geoms), dtype=object),
        list(fields.values()),
        list(fields),
        driver=driver,
        geometry_type="Polygon",
        crs=f"EPSG:{epsg}",
        encoding="UTF-8" if driver == "ESRI Shapefile" else None,
    )


def assert_parcels_match(lots: list[dict], sheet: str = "12", commune: str = LE_CHAN) -> None:
    stored = {
        p.parcel_number: p for p in Parcel.objects.filter(commune__code=commune, map_sheet=sheet)
    }
    assert sorted(stored, key=int) == [lot["number"] for lot in lots]
    for lot in lots:
        parcel = stored[lot["number"]]
        assert parcel.land_use_code == lot["land_use"], lot["number"]
        assert parcel.measured_area == expected_area(lot["geometry"]), lot["number"]
        geom = shapely.from_wkb(bytes(parcel.geometry))
        assert abs(geom.area - lot["geometry"].area) < 0.005
        assert parcel.crs_epsg == 9210
        assert (parcel.min_x, parcel.max_y) == (geom.bounds[0], geom.bounds[3])


@pytest.mark.parametrize(
    ("suffix", "driver"),
    [(".gpkg", "GPKG"), (".shp", "ESRI Shapefile"), (".fgb", "FlatGeobuf")],
)
def test_table_formats_import_with_guessed_columns(tmp_path, project, officer, suffix, driver):
    lots = parcel_grid()
    path = tmp_path / f"ban-do{suffix}"
    write_table(path, lots, driver)

    report = parcels_import(path, project=project, actor=officer)

    assert report.created == len(lots) == 12
    assert report.mapping["parcel_number"] == "SoThua"
    assert_parcels_match(lots)
    parcel = Parcel.objects.get(parcel_number="5", map_sheet="12")
    assert parcel.certificate_area == Decimal(str(round(lots[4]["geometry"].area, 1)))
    assert parcel.address == "Số 5 phố Hồ Sen"
    assert ParcelImpact.objects.filter(project=project).count() == 12
    event = AuditEvent.objects.get(kind="parcels.import")
    assert event.user == officer and event.data["created"] == 12


def test_geojson_in_wgs84_is_projected_to_the_project_zone(tmp_path, project, officer):
    lots = parcel_grid(2, 3)
    to_wgs = Transformer.from_crs(9210, 4326, always_xy=True)
    wgs_lots = [
        {**lot, "geometry": shapely.transform(lot["geometry"], lambda xy: np.column_stack(
            to_wgs.transform(xy[:, 0], xy[:, 1])))}
        for lot in lots
    ]  # fmt: skip
    path = tmp_path / "thua.geojson"
    write_table(path, wgs_lots, "GeoJSON", epsg=4326)

    parcels_import(path, project=project, actor=officer)

    # Independently: the WGS84 file projected back with pyproj, area by Shapely.
    back = Transformer.from_crs(4326, 9210, always_xy=True)
    for lot in wgs_lots:
        parcel = Parcel.objects.get(parcel_number=lot["number"])
        projected = shapely.transform(
            lot["geometry"], lambda xy: np.column_stack(back.transform(xy[:, 0], xy[:, 1]))
        )
        assert parcel.measured_area == expected_area(projected)
        assert abs(float(parcel.measured_area) - lot_area(lots, lot["number"])) < 0.02


def lot_area(lots: list[dict], number: str) -> float:
    return next(lot["geometry"].area for lot in lots if lot["number"] == number)


def test_reimport_updates_by_natural_key_and_never_duplicates(tmp_path, project, officer):
    lots = parcel_grid()
    path = tmp_path / "a.gpkg"
    write_table(path, lots, "GPKG")
    parcels_import(path, project=project, actor=officer)
    first_ids = set(Parcel.objects.values_list("pk", flat=True))

    again = parcels_import(path, project=project, actor=officer)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 12)

    lots[0]["land_use"] = "CLN"
    lots[0]["geometry"] = shapely.affinity.scale(lots[0]["geometry"], 0.9, 0.9)
    write_table(tmp_path / "b.gpkg", lots, "GPKG")
    changed = parcels_import(tmp_path / "b.gpkg", project=project, actor=officer)

    assert (changed.created, changed.updated) == (0, 1)
    assert set(Parcel.objects.values_list("pk", flat=True)) == first_ids
    assert Parcel.objects.get(parcel_number="1").land_use_code == "CLN"
    assert ParcelImpact.objects.count() == 12


def test_dxf_linework_with_tcvn3_labels(tmp_path, project, officer):
    lots = parcel_grid()
    # Each lot's four edges as separate LINEs (shared edges drawn twice), labels as
    # TEXT: the number with the land use, and a TCVN3 name that must not be taken for
    # either.
    labels = []
    for lot in lots:
        c = lot["geometry"].centroid
        labels.append(Label(c.x - 1, c.y + 1, f"{lot['number']}/{lot['land_use']}"))
        labels.append(Label(c.x - 1, c.y - 1, f"{lot['geometry'].area:.1f}"))
    labels.append(Label(lots[0]["geometry"].centroid.x, lots[0]["geometry"].centroid.y - 2,
                        "Nguyễn Thị Hải"))  # fmt: skip
    path = tmp_path / "to-12.dxf"
    write_dxf(path, [(lot["geometry"], "RANH_THUA") for lot in lots], labels,
              text_encoding="tcvn3", closed=False)  # fmt: skip
    assert b"Nguy\xd4n Th\xde H\xb6i" in path.read_bytes()  # really TCVN3 bytes

    # A drawing has no CRS: the user names the zone it was drawn in.
    report = parcels_import(path, project=project, actor=officer, sheet="12", epsg=9210)

    assert report.encoding == "tcvn3"
    assert report.driver == "DXF"
    assert not report.issues
    assert_parcels_match(lots)


def test_dxf_closed_polylines_with_cp1258_code_page(tmp_path, project, officer):
    lots = parcel_grid(2, 2)
    labels = [
        Label(lot["geometry"].centroid.x, lot["geometry"].centroid.y,
              f"Thửa {lot['number']} {lot['land_use']}")
        for lot in lots
    ]  # fmt: skip
    path = tmp_path / "closed.dxf"
    write_dxf(path, [(lot["geometry"], "0") for lot in lots], labels, text_encoding="unicode")
    assert b"ANSI_1258" in path.read_bytes()

    report = parcels_prepare(path, project=project, sheet="12", epsg=9210)

    assert report.encoding == "unicode"
    assert not report.issues, report.issues
    assert sorted(r.parcel_number for r in report.rows) == ["1", "2", "3", "4"]


def test_dgn_v7_linework_with_tcvn3_labels(tmp_path, project, officer):
    lots = parcel_grid()
    lines = [lot["geometry"].exterior for lot in lots]  # closed polylines read as lines
    labels = []
    for lot in lots:
        c = lot["geometry"].representative_point()
        labels.append((c.x, c.y, lot["number"].encode()))
        labels.append((c.x, c.y - 0.8, lot["land_use"].encode()))
    first = lots[0]["geometry"].representative_point()
    labels.append((first.x + 0.5, first.y + 0.5, encode_tcvn3("Đất ở")))
    path = tmp_path / "to-12.dgn"
    write_dgn(path, lines, labels)

    report = parcels_import(path, project=project, actor=officer, sheet="12", epsg=9210)

    assert report.driver == "DGN"
    assert report.encoding == "tcvn3"
    assert not report.issues, report.issues
    assert_parcels_match(lots)


def test_broken_file_names_every_error_and_writes_nothing(tmp_path, project, officer):
    lots = parcel_grid(2, 2)
    bowtie = shapely.Polygon(
        [(590_100, 2_305_100), (590_110, 2_305_110), (590_110, 2_305_100), (590_100, 2_305_110)]
    )
    lots.append({"number": "7", "land_use": "ODT", "geometry": bowtie})
    lots.append(
        {
            "number": "1",
            "land_use": "ODT",
            "geometry": shapely.box(590_200, 2_305_200, 590_210, 2_305_210),
        }
    )
    lots.append(
        {
            "number": "9",
            "land_use": "XYZ",
            "geometry": shapely.box(590_300, 2_305_300, 590_310, 2_305_310),
        }
    )
    path = tmp_path / "hong.gpkg"
    write_table(path, lots, "GPKG")

    with pytest.raises(ImportRejected) as caught:
        parcels_import(path, project=project, actor=officer)

    report = caught.value.report
    kinds = {(i.kind, i.fid) for i in report.errors}
    assert (IssueKind.INVALID_GEOMETRY, 5) in kinds
    assert {(IssueKind.DUPLICATE, 1), (IssueKind.DUPLICATE, 6)} <= kinds
    bad = next(i for i in report.errors if i.kind == IssueKind.BAD_VALUE)
    assert (bad.fid, bad.field, bad.value) == (7, "LoaiDat", "XYZ")
    assert "hong.gpkg" in bad.message and "LoaiDat" in bad.message and "XYZ" in bad.message
    invalid = next(i for i in report.errors if i.kind == IssueKind.INVALID_GEOMETRY)
    assert "Self-intersection" in invalid.message and invalid.x is not None
    assert Parcel.objects.count() == 0
    assert ParcelImpact.objects.count() == 0
    assert not AuditEvent.objects.filter(kind="parcels.import").exists()


def test_warnings_block_until_accepted(tmp_path, project, officer):
    lots = parcel_grid(1, 3)
    overlapping = shapely.affinity.translate(lots[0]["geometry"], 2.0, 0)
    lots.append({"number": "4", "land_use": "ODT", "geometry": overlapping})
    lots.append({"number": "", "land_use": "ODT",
                 "geometry": shapely.box(590_300, 2_305_300, 590_310, 2_305_310)})  # fmt: skip
    path = tmp_path / "w.gpkg"
    write_table(path, lots, "GPKG")

    with pytest.raises(ImportRejected):
        parcels_import(path, project=project, actor=officer)
    assert Parcel.objects.count() == 0

    report = parcels_import(path, project=project, actor=officer, accept_warnings=True)
    kinds = sorted(i.kind for i in report.warnings)
    assert IssueKind.NO_NUMBER in kinds and IssueKind.OVERLAP in kinds
    no_number = next(i for i in report.warnings if i.kind == IssueKind.NO_NUMBER)
    assert no_number.fid == 5
    assert Parcel.objects.count() == 4  # the one without a number is left out
    event = AuditEvent.objects.get(kind="parcels.import")
    assert event.reason and len(event.data["accepted_warnings"]) == len(report.warnings)


def test_coordinates_outside_vn2000_are_refused(tmp_path, project):
    lots = [{"number": "1", "land_use": "ODT", "geometry": shapely.box(105.7, 20.8, 105.71, 20.81)}]
    path = tmp_path / "deg.gpkg"
    write_table(path, lots, "GPKG")
    report = parcels_prepare(path, project=project)
    assert [i.kind for i in report.errors] == [IssueKind.CRS]


def test_commune_column_and_ambiguous_commune(tmp_path, project, officer):
    from gpmb.projects.models import AdminUnit, Segment

    Segment.objects.create(project=project, commune=AdminUnit.objects.get(code=AN_BIEN))
    lots = parcel_grid(1, 2)
    path = tmp_path / "c.gpkg"
    write_table(path, lots, "GPKG")
    report = parcels_prepare(path, project=project)
    assert {i.kind for i in report.errors} == {IssueKind.MAPPING}

    report = parcels_import(path, project=project, actor=officer, commune=AN_BIEN)
    assert Parcel.objects.filter(commune__code=AN_BIEN).count() == 2

    write_table(path, lots, "GPKG", MaXa=np.array([LE_CHAN, "99999"], dtype=object))
    report = parcels_prepare(path, project=project)
    bad = report.errors[0]
    assert (bad.fid, bad.field, bad.value) == (2, "MaXa", "99999")


def test_command_dry_run_and_refusal(tmp_path, project, capsys):
    lots = parcel_grid(1, 2)
    path = tmp_path / "cmd.gpkg"
    write_table(path, lots, "GPKG")
    call_command("import_parcels", str(path), "--project", project.code, "--dry-run")
    assert Parcel.objects.count() == 0
    call_command("import_parcels", str(path), "--project", project.code)
    assert Parcel.objects.count() == 2
    with pytest.raises(CommandError, match="EPSG:9210"):
        call_command("import_parcels", str(path), "--project", project.code, "--crs", "EPSG:9209")


def test_vbdlis_columns_are_recognised_and_map_overrides_one_field(tmp_path, project):
    import pyogrio

    lots = parcel_grid(1, 3)
    fields = {
        "SoHieuToBanDo": np.array(["12"] * 3, dtype=object),
        "SoThuTuThua": np.array([lot["number"] for lot in lots], dtype=object),
        "LoaiDat": np.array(["XYZ"] * 3, dtype=object),  # an old code column
        "MaMDSD": np.array([lot["land_use"] for lot in lots], dtype=object),
        "DienTich": np.array([round(lot["geometry"].area, 1) for lot in lots]),
        "DiaChi": np.array(["thôn Đông"] * 3, dtype=object),
    }
    path = tmp_path / "vbdlis.gpkg"
    pyogrio.raw.write(str(path), np.array(shapely.to_wkb([lot["geometry"] for lot in lots])),
                      list(fields.values()), list(fields), driver="GPKG",
                      geometry_type="Polygon", crs="EPSG:9210")  # fmt: skip

    guessed = parcels_prepare(path, project=project)
    assert guessed.mapping["parcel_number"] == "SoThuTuThua"
    assert guessed.mapping["map_sheet"] == "SoHieuToBanDo"

    report = parcels_prepare(path, project=project,
                             mapping={"land_use_code": "MaMDSD", "address": ""})  # fmt: skip
    assert not report.issues, report.issues
    assert report.mapping == {
        "parcel_number": "SoThuTuThua",
        "map_sheet": "SoHieuToBanDo",
        "land_use_code": "MaMDSD",
        "certificate_area": "DienTich",
    }
    assert [r.land_use_code for r in report.rows] == [lot["land_use"] for lot in lots]
    assert all(r.address == "" for r in report.rows)
    call_command("import_parcels", str(path), "--project", project.code,
                 "--map", "land_use_code=MaMDSD")  # fmt: skip
    assert_parcels_match(lots)


def test_overlong_values_are_row_errors(tmp_path, project):
    lots = parcel_grid(1, 3)
    lots[1]["number"] = "9" * 25
    path = tmp_path / "dai.gpkg"
    long_sheets = np.array(["12", "12", "tờ bản đồ địa chính số 12 năm 2019"], dtype=object)
    write_table(
        path, lots, "GPKG", SoTo=long_sheets, DiaChi=np.array(["x" * 301] * 3, dtype=object)
    )

    report = parcels_prepare(path, project=project)

    found = {(i.fid, i.field) for i in report.errors}
    assert found == {(1, "DiaChi"), (2, "SoThua"), (2, "DiaChi"), (3, "SoTo"), (3, "DiaChi")}
    sheet = next(i for i in report.errors if i.field == "SoTo")
    assert "số tờ bản đồ dài 34 ký tự, quá 20 ký tự" in sheet.message


def test_certificate_areas_outside_their_range_are_row_errors(tmp_path, project):
    """A national ID in the area column, a negative area, a float overflow: each named
    with its feature, column and the field's limits (issue 11 point 1)."""
    lots = parcel_grid(1, 4)
    path = tmp_path / "dien-tich.gpkg"
    areas = np.array([31047218697.0, -5.0, 1e300, 120.5])
    write_table(path, lots, "GPKG", DienTichGCN=areas)

    report = parcels_prepare(path, project=project)

    bad = {i.fid: i for i in report.errors}
    assert set(bad) == {1, 2, 3} and all(i.field == "DienTichGCN" for i in bad.values())
    assert "Diện tích theo GCN (m²) phải từ 0 đến 100.000.000" in bad[1].message
    assert "Diện tích theo GCN (m²) phải từ 0 đến 100.000.000" in bad[2].message
    assert "quá lớn" in bad[3].message


def test_a_drawing_without_sheet_is_one_error(tmp_path, project):
    lots = parcel_grid(2, 3)
    labels = [Label(*lot["geometry"].representative_point().coords[0], f"{lot['number']} ODT")
              for lot in lots]  # fmt: skip
    path = tmp_path / "khong-to.dxf"
    write_dxf(path, [(lot["geometry"], "RANH_THUA") for lot in lots], labels)

    report = parcels_prepare(path, project=project, epsg=9210)

    (error,) = report.errors
    assert "không ghi số tờ bản đồ (6 thửa): chọn số tờ (--sheet)" in error.message
