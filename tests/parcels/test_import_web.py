"""The web import wizard: upload, preview with guessed columns, check, write."""

from __future__ import annotations

import pytest
import shapely
from django.core.files.uploadedfile import SimpleUploadedFile

from gpmb.core.choices import Role
from gpmb.parcels.choices import ImportStatus
from gpmb.parcels.models import ImportJob, Parcel

from .lots import parcel_grid
from .test_import import write_table


@pytest.fixture(autouse=True)
def eager(settings, tmp_path):
    settings.GPMB_IMPORT_EAGER = True
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def officer_client(client, make_user, project):
    client.force_login(make_user(Role.COMPENSATION_OFFICER, project=project))
    return client


def upload(client, project, path):
    response = client.post(
        f"/parcels/import/{project.code}/",
        {
            "file": SimpleUploadedFile(path.name, path.read_bytes()),
            "crs": "",
            "commune": "",
            "sheet": "",
            "encoding": "auto",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.latest("pk")


def test_wizard_imports_a_geopackage(officer_client, project, tmp_path):
    lots = parcel_grid()
    path = tmp_path / "ban-do.gpkg"
    write_table(path, lots, "GPKG")
    job = upload(officer_client, project, path)

    page = officer_client.get(f"/parcels/import/job/{job.pk}/").content.decode()
    assert '<option value="SoThua" selected>' in page  # guessed mapping
    assert "Hồ Sen" in page  # sample rows

    officer_client.post(
        f"/parcels/import/job/{job.pk}/",
        {"parcel_number": "SoThua", "map_sheet": "SoTo", "land_use_code": "LoaiDat"},
    )
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED
    assert job.report["summary"]["parcels"] == 12 and not job.report["issues"]
    assert Parcel.objects.count() == 0  # nothing yet

    officer_client.post(f"/parcels/import/job/{job.pk}/run/")
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.message
    assert Parcel.objects.count() == 12
    assert Parcel.objects.filter(certificate_area__isnull=False).count() == 0  # not mapped
    status = officer_client.get(f"/parcels/import/job/{job.pk}/status/").json()
    assert status["finished"] and status["status"] == "done"


def test_wizard_lists_errors_and_writes_nothing(officer_client, project, tmp_path):
    lots = parcel_grid(1, 2)
    lots.append(
        {
            "number": "1",
            "land_use": "ODT",
            "geometry": shapely.box(590_200, 2_305_200, 590_210, 2_305_210),
        }
    )
    path = tmp_path / "dup.gpkg"
    write_table(path, lots, "GPKG")
    job = upload(officer_client, project, path)
    officer_client.post(f"/parcels/import/job/{job.pk}/", {"parcel_number": "SoThua",
                        "map_sheet": "SoTo", "land_use_code": "LoaiDat"})  # fmt: skip
    page = officer_client.get(f"/parcels/import/job/{job.pk}/").content.decode()
    assert "xuất hiện 2 lần" in page and "dup.gpkg" in page
    officer_client.post(f"/parcels/import/job/{job.pk}/run/")
    assert Parcel.objects.count() == 0
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED


def test_warnings_must_be_accepted_in_the_web_too(officer_client, project, tmp_path):
    lots = parcel_grid(1, 2)
    lots.append({"number": "", "land_use": "ODT",
                 "geometry": shapely.box(590_300, 2_305_300, 590_310, 2_305_310)})  # fmt: skip
    path = tmp_path / "w.gpkg"
    write_table(path, lots, "GPKG")
    job = upload(officer_client, project, path)
    officer_client.post(f"/parcels/import/job/{job.pk}/", {"parcel_number": "SoThua",
                        "map_sheet": "SoTo", "land_use_code": "LoaiDat"})  # fmt: skip
    officer_client.post(f"/parcels/import/job/{job.pk}/run/")
    assert Parcel.objects.count() == 0
    officer_client.post(f"/parcels/import/job/{job.pk}/run/", {"accept_warnings": "1"})
    assert Parcel.objects.count() == 2


def test_only_roles_that_add_parcels_may_import(client, make_user, project, tmp_path):
    client.force_login(make_user(Role.LEADERSHIP, project=project))
    assert client.get(f"/parcels/import/{project.code}/").status_code == 403
    path = tmp_path / "x.txt"
    path.write_text("no")
    client.force_login(make_user(Role.COMPENSATION_OFFICER, project=project))
    response = client.post(
        f"/parcels/import/{project.code}/",
        {"file": SimpleUploadedFile("x.txt", b"no"), "encoding": "auto"},
    )
    assert response.status_code == 200 and "định dạng chưa hỗ trợ" in response.content.decode()
