"""Coordinate systems of cadastral files: any declared CRS is reprojected into the
project's zone, or refused with the reason; none is assumed silently."""

from __future__ import annotations

import zipfile

import numpy as np
import pytest
import shapely
from pyproj import Transformer

from gpmb.parcels.importing import ImportRejected, parcels_import, parcels_prepare
from gpmb.parcels.models import Parcel

from .lots import parcel_grid
from .test_import import write_table


def moved(lots: list[dict], source: int, target: int) -> list[dict]:
    shift = Transformer.from_crs(source, target, always_xy=True)
    return [
        {**lot, "geometry": shapely.transform(
            lot["geometry"], lambda xy: np.column_stack(shift.transform(xy[:, 0], xy[:, 1])))}
        for lot in lots
    ]  # fmt: skip


def assert_back_in_place(lots: list[dict]) -> None:
    """Stored parcels lie where the lots are (within a millimetre), with their areas."""
    stored = {p.parcel_number: p for p in Parcel.objects.all()}
    assert sorted(stored, key=int) == [lot["number"] for lot in lots]
    for lot in lots:
        geom = shapely.from_wkb(bytes(stored[lot["number"]].geometry))
        assert shapely.hausdorff_distance(geom, lot["geometry"]) < 0.001, lot["number"]
        assert abs(float(stored[lot["number"]].measured_area) - lot["geometry"].area) < 0.01


@pytest.mark.parametrize("epsg", [32648, 3405, 9209])  # UTM 48N, VN-2000 UTM 48N, TM-3 105°30′
def test_a_declared_crs_is_reprojected_into_the_project_zone(tmp_path, project, officer, epsg):
    lots = parcel_grid()
    path = tmp_path / f"utm-{epsg}.gpkg"
    write_table(path, moved(lots, 9210, epsg), "GPKG", epsg=epsg)

    report = parcels_import(path, project=project, actor=officer)

    assert not report.issues, report.issues
    assert report.created == len(lots)
    assert any(f"EPSG:{epsg}" in note and "EPSG:9210" in note for note in report.notes)
    assert_back_in_place(lots)


def test_a_zipped_shapefile_with_a_utm_prj(tmp_path, project, officer):
    lots = parcel_grid(2, 2)
    folder = tmp_path / "shp"
    folder.mkdir()
    write_table(folder / "thua.shp", moved(lots, 9210, 32648), "ESRI Shapefile", epsg=32648)
    path = tmp_path / "thua.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for member in folder.iterdir():
            archive.write(member, member.name)
    assert zipfile.ZipFile(path).read("thua.prj").startswith(b'PROJCS["WGS_1984_UTM_Zone_48N"')

    report = parcels_import(path, project=project, actor=officer)

    assert report.created == 4
    assert_back_in_place(lots)


def test_a_file_left_with_no_parcel_is_an_error_not_a_success(tmp_path, project, officer):
    lots = [{"number": "", "land_use": "ODT", "geometry": parcel_grid(1, 1)[0]["geometry"]}]
    path = tmp_path / "rong.gpkg"
    write_table(path, lots, "GPKG")

    with pytest.raises(ImportRejected) as caught:
        parcels_import(path, project=project, actor=officer, accept_warnings=True)
    assert "không có thửa đất nào" in str(caught.value.report.errors[0])


def geojson_without_crs(path, lots) -> None:
    """VN-2000 metres in a GeoJSON without a "crs" member, as older tools wrote them
    (RFC 7946 says such a file is WGS 84)."""
    import json

    features = [
        {"type": "Feature", "geometry": shapely.geometry.mapping(lot["geometry"]),
         "properties": {"SoThua": lot["number"], "SoTo": "12", "LoaiDat": lot["land_use"]}}
        for lot in lots
    ]  # fmt: skip
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))


def test_metres_in_a_geojson_without_crs_are_refused_with_the_reason(tmp_path, project, officer):
    lots = parcel_grid(2, 2)
    path = tmp_path / "vn2000-khong-crs.geojson"
    geojson_without_crs(path, lots)

    with pytest.raises(ImportRejected) as caught:
        parcels_import(path, project=project, actor=officer)
    (error,) = caught.value.report.errors
    assert "4 thửa" in error.message and "WGS 84 (EPSG:4326)" in error.message
    assert "--crs EPSG:9210" in error.message
    assert Parcel.objects.count() == 0

    # The user says what the numbers are: the file names no CRS, so that is allowed.
    report = parcels_import(path, project=project, actor=officer, epsg=9210)
    assert report.created == 4
    assert_back_in_place(lots)


def test_a_wrong_or_unknown_crs_is_a_message_not_a_traceback(tmp_path, project, capsys):
    from django.core.management import CommandError, call_command

    from gpmb.geo.dxf import Label, write_dxf

    lots = parcel_grid(1, 2)
    path = tmp_path / "to.dxf"
    labels = [Label(*lot["geometry"].representative_point().coords[0], f"{lot['number']} ODT")
              for lot in lots]  # fmt: skip
    write_dxf(path, [(lot["geometry"], "RANH_THUA") for lot in lots], labels)
    base = ["import_parcels", str(path), "--project", project.code, "--sheet", "12"]

    with pytest.raises(CommandError, match="EPSG:99999 không có trong danh mục EPSG"):
        call_command(*base, "--crs", "EPSG:99999")
    with pytest.raises(CommandError, match="không hợp lệ sau khi chuyển từ WGS 84"):
        call_command(*base, "--crs", "EPSG:4326", "--dry-run")
    with pytest.raises(CommandError, match="EPSG:4978"):  # geocentric: not a map's CRS
        call_command(*base, "--crs", "EPSG:4978")
    report = parcels_prepare(path, project=project, sheet="12", epsg=99999)
    assert [i.field for i in report.errors] == ["--crs"]
    assert Parcel.objects.count() == 0


def test_non_finite_coordinates_in_a_file(tmp_path, project):
    lots = parcel_grid(1, 2)
    lots[1]["geometry"] = shapely.Polygon([(590_000, 2_305_000), (590_010, float("nan")),
                                           (590_010, 2_305_010)])  # fmt: skip
    path = tmp_path / "nan.gpkg"
    write_table(path, lots, "GPKG")

    report = parcels_prepare(path, project=project)

    (error,) = report.errors
    assert "1 thửa có tọa độ không phải số hữu hạn" in error.message
    assert "đối tượng 2" in error.message


def test_web_wizard_shows_the_crs_error_instead_of_failing(client, make_user, project, tmp_path,
                                                           settings, run_jobs):  # fmt: skip
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gpmb.core.choices import Role
    from gpmb.core.models import Upload

    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(make_user(Role.COMPENSATION_OFFICER, project=project))
    path = tmp_path / "vn2000.geojson"
    geojson_without_crs(path, parcel_grid(1, 2))
    client.post(f"/parcels/import/{project.code}/",
                {"file": SimpleUploadedFile(path.name, path.read_bytes()), "crs": "",
                 "commune": "", "sheet": "", "encoding": "auto"})  # fmt: skip
    upload = Upload.objects.latest("pk")
    with run_jobs(execute=True):
        response = client.post(f"/parcels/import/file/{upload.pk}/",
                               {"parcel_number": "SoThua", "map_sheet": "SoTo",
                                "land_use_code": "LoaiDat"})  # fmt: skip
    assert response.status_code == 302
    page = client.get(f"/parcels/import/file/{upload.pk}/").content.decode()
    assert "không hợp lệ sau khi chuyển từ WGS 84" in page


def zipped_shapefile_without_prj(tmp_path, lots, name: str):
    folder = tmp_path / name
    folder.mkdir()
    write_table(folder / "thua.shp", lots, "ESRI Shapefile")
    (folder / "thua.prj").unlink()
    path = tmp_path / f"{name}.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for member in folder.iterdir():
            archive.write(member, member.name)
    return path


def test_a_file_without_crs_is_assumed_only_with_the_users_confirmation(tmp_path, project, officer):
    lots = parcel_grid(2, 2)
    path = zipped_shapefile_without_prj(tmp_path, lots, "khong-prj")

    report = parcels_prepare(path, project=project)
    (warning,) = report.warnings
    assert "không khai báo hệ tọa độ" in warning.message
    assert "VN-2000 / TM-3 105°45′ (EPSG:9210)" in warning.message
    assert "vĩ độ 20,8" in warning.message and "kinh độ 106,6" in warning.message
    with pytest.raises(ImportRejected):
        parcels_import(path, project=project, actor=officer)
    assert Parcel.objects.count() == 0

    confirmed = parcels_import(path, project=project, actor=officer, accept_warnings=True)
    assert confirmed.created == 4
    chosen = parcels_prepare(path, project=project, epsg=9210)  # the user named it
    assert not chosen.issues


def test_utm_metres_without_prj_are_refused_far_from_the_project(tmp_path, project, officer):
    lots = parcel_grid(2, 2)
    parcels_import(zipped_shapefile_without_prj(tmp_path, lots, "dung"), project=project,
                   actor=officer, epsg=9210)  # fmt: skip
    path = zipped_shapefile_without_prj(tmp_path, moved(lots, 9210, 32648), "utm")
    before = {p.parcel_number: bytes(p.geometry) for p in Parcel.objects.all()}

    with pytest.raises(ImportRejected) as caught:
        parcels_import(path, project=project, actor=officer, accept_warnings=True)

    (error,) = caught.value.report.errors
    assert "cách các thửa và chỉ giới đã có của dự án 7" in error.message  # about 78 km
    assert "--crs" in error.message
    assert {p.parcel_number: bytes(p.geometry) for p in Parcel.objects.all()} == before
