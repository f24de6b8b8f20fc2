"""The web import of cadastral files: upload, preview with guessed columns, check, write
— checking and writing run as jobs."""

from __future__ import annotations

import pytest
import shapely
from django.core.files.uploadedfile import SimpleUploadedFile

from gpmb.core.choices import JobStatus, Role
from gpmb.core.models import Job, Upload
from gpmb.parcels.models import Parcel

from .lots import parcel_grid
from .test_import import write_table

MAPPING = {"parcel_number": "SoThua", "map_sheet": "SoTo", "land_use_code": "LoaiDat"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
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
    return Upload.objects.latest("pk")


def check(client, upload, run_jobs):
    with run_jobs(execute=True):
        client.post(f"/parcels/import/file/{upload.pk}/", MAPPING)
    return Job.objects.filter(upload=upload, kind="parcels.check").latest("pk")


def test_wizard_imports_a_geopackage(officer_client, project, tmp_path, run_jobs):
    path = tmp_path / "ban-do.gpkg"
    write_table(path, parcel_grid(), "GPKG")
    file = upload(officer_client, project, path)

    page = officer_client.get(f"/parcels/import/file/{file.pk}/").content.decode()
    assert '<option value="SoThua" selected>' in page  # guessed mapping
    assert "Hồ Sen" in page  # sample rows

    job = check(officer_client, file, run_jobs)
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert job.result["summary"]["parcels"] == 12 and not job.result["issues"]
    assert Parcel.objects.count() == 0  # nothing yet
    page = officer_client.get(f"/parcels/import/file/{file.pk}/").content.decode()
    assert "12 thửa hợp lệ, 0 lỗi, 0 cảnh báo" in page

    with run_jobs(execute=True):
        officer_client.post(f"/parcels/import/file/{file.pk}/write/")
    write = Job.objects.get(upload=file, kind="parcels.write")
    assert write.status == JobStatus.SUCCEEDED, write.message
    assert write.message == "Đã nhập 12 thửa mới, 0 cập nhật, 0 không đổi."
    assert Parcel.objects.count() == 12
    assert Parcel.objects.filter(certificate_area__isnull=False).count() == 0  # not mapped
    file.refresh_from_db()
    assert file.used_at is not None  # kept: the source of what was imported
    progress = officer_client.get(f"/jobs/{write.pk}/progress/").content.decode()
    assert "Đã nhập 12 thửa mới" in progress


def test_wizard_lists_errors_and_writes_nothing(officer_client, project, tmp_path, run_jobs):
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
    file = upload(officer_client, project, path)
    check(officer_client, file, run_jobs)
    page = officer_client.get(f"/parcels/import/file/{file.pk}/").content.decode()
    assert "xuất hiện 2 lần" in page and "dup.gpkg" in page
    with run_jobs(execute=True):
        officer_client.post(f"/parcels/import/file/{file.pk}/write/")
    assert Parcel.objects.count() == 0
    assert not Job.objects.filter(upload=file, kind="parcels.write").exists()


def test_warnings_must_be_accepted_in_the_web_too(officer_client, project, tmp_path, run_jobs):
    lots = parcel_grid(1, 2)
    lots.append({"number": "", "land_use": "ODT",
                 "geometry": shapely.box(590_300, 2_305_300, 590_310, 2_305_310)})  # fmt: skip
    path = tmp_path / "w.gpkg"
    write_table(path, lots, "GPKG")
    file = upload(officer_client, project, path)
    check(officer_client, file, run_jobs)
    with run_jobs(execute=True):
        officer_client.post(f"/parcels/import/file/{file.pk}/write/")
    assert Parcel.objects.count() == 0
    with run_jobs(execute=True):
        officer_client.post(f"/parcels/import/file/{file.pk}/write/", {"accept_warnings": "1"})
    assert Parcel.objects.count() == 2


def test_only_roles_that_add_parcels_may_import(client, make_user, project, tmp_path):
    client.force_login(make_user(Role.LEADERSHIP, project=project))
    assert client.get(f"/parcels/import/{project.code}/").status_code == 403
    client.force_login(make_user(Role.COMPENSATION_OFFICER, project=project))
    response = client.post(
        f"/parcels/import/{project.code}/",
        {"file": SimpleUploadedFile("x.txt", b"no"), "encoding": "auto"},
    )
    assert response.status_code == 200 and "định dạng chưa hỗ trợ" in response.content.decode()
    assert not Upload.objects.exists()


def test_an_upload_over_the_limit_is_refused_before_it_is_stored(officer_client, project, settings):
    settings.GPMB_UPLOAD_LIMITS_MB = {**settings.GPMB_UPLOAD_LIMITS_MB, "parcels": 1}
    big = SimpleUploadedFile("lon.gpkg", b"\0" * (3 * 1024 * 1024))
    response = officer_client.post(
        f"/parcels/import/{project.code}/", {"file": big, "encoding": "auto"}
    )
    # Declared larger than the limit: answered at once, nothing read or stored.
    assert response.status_code == 413
    assert "giới hạn 1 MB" in response.content.decode()
    assert not Upload.objects.exists()


def test_someone_elses_upload_is_not_found(officer_client, client, make_user, project, tmp_path):
    path = tmp_path / "ban-do.gpkg"
    write_table(path, parcel_grid(1, 1), "GPKG")
    file = upload(officer_client, project, path)
    client.force_login(make_user(Role.COMPENSATION_OFFICER, project=project))
    assert client.get(f"/parcels/import/file/{file.pk}/").status_code == 404
