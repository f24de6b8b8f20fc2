"""The clearance boundary over the parcels, against Shapely's intersection computed
here independently."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pyogrio
import pytest
import shapely
from django.core.management import CommandError, call_command

from gpmb.core.models import AuditEvent
from gpmb.geo.dxf import write_dxf
from gpmb.parcels.choices import WholeRecovery
from gpmb.parcels.importing import parcels_import
from gpmb.parcels.models import ParcelImpact
from gpmb.parcels.overlay import BoundaryError, boundary_create, boundary_import
from gpmb.projects.models import Boundary

from .lots import X0, Y0, parcel_grid
from .test_import import write_table


def cents(value: float) -> Decimal:
    return Decimal(str(round(value, 2))).quantize(Decimal("0.01"))


@pytest.fixture
def imported(tmp_path, project, officer):
    lots = parcel_grid(4, 5)
    path = tmp_path / "grid.gpkg"
    write_table(path, lots, "GPKG")
    parcels_import(path, project=project, actor=officer)
    return lots


def corridor(offset: float) -> shapely.Polygon:
    """A slanted corridor crossing the grid: some lots whole, some cut, some untouched."""
    return shapely.Polygon(
        [(X0 - 5, Y0 + offset), (X0 + 60, Y0 + offset + 9), (X0 + 60, Y0 + offset + 31),
         (X0 - 5, Y0 + offset + 24)]
    )  # fmt: skip


# The project's pack, hai-phong-demo-2026, limits.minimum_parcel_area in a ward (phường
# Lê Chân): residential 36 m², agricultural 200 m², other non-agricultural 50 m².
WARD_MINIMUM = {"ODT": 36, "CLN": 200, "LUC": 200, "TMD": 50}


def assert_impacts_match(project, lots, boundary_geom) -> None:
    impacts = {
        i.parcel.parcel_number: i
        for i in ParcelImpact.objects.filter(project=project).select_related("parcel")
    }
    assert len(impacts) == len(lots)
    states = set()
    for lot in lots:
        impact = impacts[lot["number"]]
        recovered = cents(shapely.intersection(lot["geometry"], boundary_geom).area)
        measured = cents(lot["geometry"].area)
        assert impact.recovered_area == recovered, lot["number"]
        assert impact.remainder_area == measured - recovered, lot["number"]
        below = Decimal(0) < impact.remainder_area < WARD_MINIMUM[lot["land_use"]]
        assert impact.remainder_below_minimum == below
        if below:
            assert impact.whole_recovery != WholeRecovery.NOT_APPLICABLE
        states.add("none" if not recovered else "whole" if recovered == measured else "part")
    assert states == {"none", "whole", "part"}  # the fixture exercises every case


def test_overlay_equals_independent_intersection(imported, project, officer):
    geom = corridor(10)
    boundary = boundary_create(project=project, geometry=geom, actor=officer, source_file="x")

    assert boundary.version == 1
    assert_impacts_match(project, imported, geom)
    flagged = ParcelImpact.objects.filter(project=project, remainder_below_minimum=True)
    assert flagged.exists()
    assert set(flagged.values_list("whole_recovery", flat=True)) == {WholeRecovery.UNDECIDED}
    assert boundary.summary["below_minimum"] == flagged.count()
    assert AuditEvent.objects.filter(kind="boundary.overlay", user=officer).count() == 1


def test_new_version_recomputes_and_lists_changed_parcels(imported, project, officer):
    first = corridor(10)
    boundary_create(project=project, geometry=first, actor=officer)
    decided = ParcelImpact.objects.filter(project=project, remainder_below_minimum=True).first()
    decided.whole_recovery = WholeRecovery.RECOVER
    decided.save()

    second = shapely.affinity.translate(first, 0, 1.5)
    v2 = boundary_create(project=project, geometry=second, actor=officer)

    assert v2.version == 2
    assert_impacts_match(project, imported, second)
    expected_changed = {
        lot["number"]
        for lot in imported
        if cents(shapely.intersection(lot["geometry"], first).area)
        != cents(shapely.intersection(lot["geometry"], second).area)
    }
    assert expected_changed
    assert {row["parcel_number"] for row in v2.summary["changed"]} == expected_changed
    decided.refresh_from_db()
    if decided.remainder_below_minimum:
        assert decided.whole_recovery == WholeRecovery.RECOVER  # a decision survives
    assert Boundary.objects.filter(project=project).count() == 2


def test_import_boundary_from_gpkg_and_from_dxf_lines(imported, project, tmp_path):
    geom = corridor(12)
    path = tmp_path / "chi-gioi.gpkg"
    pyogrio.raw.write(
        str(path), np.array([geom.wkb], dtype=object), [], [], driver="GPKG",
        geometry_type="Polygon", crs="EPSG:9210",
    )  # fmt: skip
    call_command("import_boundary", str(path), "--project", project.code)
    assert_impacts_match(project, imported, geom)

    dxf = tmp_path / "chi-gioi.dxf"
    write_dxf(dxf, [(geom, "CHI_GIOI")], [], closed=False)
    boundary = boundary_import(dxf, project=project, actor=None)
    assert boundary.version == 2
    assert boundary.summary["changed_count"] == 0
    assert abs(float(boundary.area) - geom.area) < 0.01


def test_invalid_boundary_is_refused(project):
    bowtie = shapely.Polygon([(X0, Y0), (X0 + 10, Y0 + 10), (X0 + 10, Y0), (X0, Y0 + 10)])
    with pytest.raises(BoundaryError, match="Self-intersection"):
        boundary_create(project=project, geometry=bowtie, actor=None)
    assert not Boundary.objects.exists()


def test_parcels_imported_after_the_boundary_get_their_areas(tmp_path, project, officer):
    geom = corridor(10)
    boundary_create(project=project, geometry=geom, actor=officer)
    lots = parcel_grid(4, 5)
    write_table(tmp_path / "late.gpkg", lots, "GPKG")
    parcels_import(tmp_path / "late.gpkg", project=project, actor=officer)
    assert_impacts_match(project, lots, geom)


def test_demo_computes_impacts_through_the_boundary(db):
    from gpmb.demo.projects import build_demo
    from gpmb.parcels.models import Parcel
    from gpmb.projects.models import Project

    build_demo(households=40, seed=7, password="demo-pass-123")
    for project in Project.objects.filter(is_illustrative=True):
        boundary = Boundary.objects.get(project=project)
        geom = shapely.from_wkb(bytes(boundary.geometry))
        impacts = ParcelImpact.objects.filter(project=project).select_related("parcel")
        assert impacts.count() > 0
        for impact in impacts:
            parcel: Parcel = impact.parcel
            shape = shapely.from_wkb(bytes(parcel.geometry))
            assert impact.recovered_area == cents(shapely.intersection(shape, geom).area)


def test_versions_page_lists_changed_parcels(client, make_user, imported, project, officer):
    from gpmb.core.choices import Role

    first = corridor(10)
    boundary_create(project=project, geometry=first, actor=officer, source_file="v1.gpkg")
    v2 = boundary_create(project=project, geometry=shapely.affinity.translate(first, 0, 1.5),
                         actor=officer, source_file="v2.gpkg")  # fmt: skip
    client.force_login(make_user(Role.LEADERSHIP, project=project))
    page = client.get(f"/parcels/map/{project.code}/boundaries/").content.decode()
    assert "v1.gpkg" in page and "v2.gpkg" in page
    assert f"{v2.summary['changed_count']} thửa thay đổi" in page
    row = v2.summary["changed"][0]
    assert f">{row['parcel_number']}</a>" in page


def test_boundary_upload_from_the_web(client, make_user, imported, project, tmp_path, run_jobs):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gpmb.core.choices import Role

    geom = corridor(10)
    path = tmp_path / "cg.gpkg"
    pyogrio.raw.write(
        str(path), np.array([geom.wkb], dtype=object), [], [], driver="GPKG",
        geometry_type="Polygon", crs="EPSG:9210",
    )  # fmt: skip
    client.force_login(make_user(Role.LEADERSHIP, project=project))
    upload = {"file": SimpleUploadedFile("cg.gpkg", path.read_bytes())}
    assert client.post(f"/parcels/map/{project.code}/boundaries/upload/", upload).status_code == 403
    client.force_login(make_user(Role.COMPENSATION_OFFICER, project=project))
    upload = {"file": SimpleUploadedFile("cg.gpkg", path.read_bytes())}
    with run_jobs(execute=True):
        response = client.post(f"/parcels/map/{project.code}/boundaries/upload/", upload)
    assert response.status_code == 302  # to the overlay job's page, then the versions
    job = client.get(response["Location"]).content.decode()
    assert "Đã thêm chỉ giới phiên bản 1" in job
    assert Boundary.objects.get(project=project).source_file == "cg.gpkg"
    assert_impacts_match(project, imported, geom)


def test_a_ward_officer_sees_only_its_wards_changes(client, make_user, imported, project, officer):
    """Security review #5: the versions page listed every ward's parcels."""
    from gpmb.core.choices import Role
    from gpmb.parcels.models import Parcel
    from gpmb.projects.models import AdminUnit, Segment

    an_bien = AdminUnit.objects.get(code="11407")
    Segment.objects.create(project=project, commune=an_bien)
    ids = list(
        Parcel.objects.filter(impacts__project=project).order_by("pk").values_list("pk", flat=True)
    )
    Parcel.objects.filter(pk__in=ids[::2]).update(commune=an_bien)
    first = corridor(10)
    boundary_create(project=project, geometry=first, actor=officer, source_file="v1.gpkg")
    v2 = boundary_create(project=project, geometry=shapely.affinity.translate(first, 0, 1.5),
                         actor=officer, source_file="v2.gpkg")  # fmt: skip
    ours = {r["parcel"] for r in v2.summary["changed"] if r["parcel"] in ids[::2]}
    theirs = {r["parcel"] for r in v2.summary["changed"]} - ours
    assert ours and theirs
    client.force_login(make_user(Role.COMMUNE_LAND_OFFICER, project=project, commune="11407"))
    page = client.get(f"/parcels/map/{project.code}/boundaries/").content.decode()
    assert all(f"/parcels/{pk}/" in page for pk in ours)
    assert not any(f"/parcels/{pk}/" in page for pk in theirs)
    assert f"{len(ours)} thửa bạn được xem thay đổi" in page
    assert "Tổng diện tích thu hồi" not in page  # the project's totals are not the ward's


def test_boundary_of_vn2000_metres_in_a_geojson_without_crs(imported, project, tmp_path):
    import json

    band = corridor(10)
    path = tmp_path / "chi-gioi.geojson"  # no "crs" member: WGS 84 by RFC 7946
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {},
                        "geometry": shapely.geometry.mapping(band),
                    }
                ],
            }
        )
    )

    with pytest.raises(CommandError) as caught:
        call_command("import_boundary", str(path), "--project", project.code)
    message = str(caught.value)
    assert "không hợp lệ sau khi chuyển từ WGS 84 (EPSG:4326)" in message
    assert "--crs EPSG:9210" in message and "inf" not in message
    assert not Boundary.objects.exists()

    call_command("import_boundary", str(path), "--project", project.code, "--crs", "EPSG:9210")
    assert abs(float(Boundary.objects.get().area) - band.area) < 0.01
