"""The parcels app's long work, run by the background worker (gpmb.core.jobs): checking
and writing an uploaded cadastral file, and a new clearance boundary with its overlay."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gpmb.core.jobs import JobOutcome, JobRejected, Progress, register_job
from gpmb.core.models import Job, Upload
from gpmb.geo.crs import CRSError
from gpmb.parcels.importing import ImportRejected, ImportReport, parcels_prepare, parcels_write
from gpmb.parcels.overlay import BoundaryError, boundary_import

CHECK, WRITE, BOUNDARY = "parcels.check", "parcels.write", "parcels.boundary"


def upload_path(upload: Upload) -> Path:
    """The stored file; storage keeps the extension, which GDAL's driver choice needs."""
    return Path(upload.file.path)


def prepare(upload: Upload, progress: Progress | None = None) -> ImportReport:
    """Read and check the upload with the options chosen on the preview page."""
    assert upload.project is not None  # a cadastral upload belongs to a project
    options = upload.options
    return parcels_prepare(
        upload_path(upload),
        project=upload.project,
        layer=options.get("layer"),
        epsg=options.get("epsg"),
        commune=options.get("commune"),
        sheet=options.get("sheet"),
        mapping=options.get("mapping"),
        encoding=options.get("encoding", "auto"),
        layers=options.get("layers"),
        label_layers=options.get("label_layers"),
        progress=progress,
    )


def fingerprint(report: ImportReport) -> str:
    """What the user saw when the check ended; a write refuses if the file reads
    differently now (the options changed, a stored parcel moved)."""
    issues = sorted(str(i) for i in report.issues)
    return hashlib.sha256("\n".join(issues).encode()).hexdigest()


def report_json(report: ImportReport) -> dict[str, Any]:
    return {
        "summary": report.summary(),
        "issues": [
            {"level": i.level, "kind": i.kind, "text": str(i), "fid": i.fid} for i in report.issues
        ],
        "fingerprint": fingerprint(report),
    }


def check(job: Job, progress: Progress) -> JobOutcome:
    assert job.upload is not None
    report = prepare(job.upload, progress)
    data = report_json(report)
    return JobOutcome(
        message=_("%(n)s thửa hợp lệ, %(e)s lỗi, %(w)s cảnh báo.")
        % {"n": report.summary()["parcels"], "e": len(report.errors), "w": len(report.warnings)},
        result=data,
    )


def write(job: Job, progress: Progress) -> JobOutcome:
    upload = job.upload
    assert upload is not None and upload.project is not None
    report = prepare(upload, progress)
    if fingerprint(report) != job.params.get("fingerprint"):
        raise JobRejected(_("Kết quả kiểm tra đã thay đổi; hãy kiểm tra lại tệp trước khi ghi."))
    try:
        parcels_write(
            report,
            project=upload.project,
            actor=job.created_by,
            accept_warnings=bool(job.params.get("accept_warnings")),
            retire_absent=bool(job.params.get("retire_absent")),
            progress=progress,
        )
    except ImportRejected as exc:
        raise JobRejected(str(exc)) from None
    Upload.objects.filter(pk=upload.pk).update(used_at=timezone.now())
    return JobOutcome(
        message=_("Đã nhập %(c)s thửa mới, %(u)s cập nhật, %(n)s không đổi.")
        % {"c": report.created, "u": report.updated, "n": report.unchanged},
        result={"summary": report.summary()},
        next_url=reverse("parcels:parcel_map", args=[upload.project.code]),
    )


def boundary(job: Job, progress: Progress) -> JobOutcome:
    upload = job.upload
    assert upload is not None and upload.project is not None
    progress("overlay", 0, 1)
    try:
        version = boundary_import(
            upload_path(upload),
            project=upload.project,
            actor=job.created_by,
            epsg=job.params.get("epsg"),
            note=job.params.get("note", ""),
        )
    except (BoundaryError, CRSError) as exc:
        raise JobRejected(str(exc)) from None
    Upload.objects.filter(pk=upload.pk).update(used_at=timezone.now())
    return JobOutcome(
        message=_("Đã thêm chỉ giới phiên bản %(v)s; %(n)s thửa thay đổi diện tích thu hồi.")
        % {"v": version.version, "n": version.summary.get("changed_count", 0)},
        next_url=reverse("parcels:boundary_versions", args=[upload.project.code]),
    )


def register() -> None:
    register_job(CHECK, check, gettext_lazy("Kiểm tra tệp bản đồ địa chính"))
    register_job(WRITE, write, gettext_lazy("Ghi bản đồ địa chính vào dự án"))
    register_job(BOUNDARY, boundary, gettext_lazy("Thêm chỉ giới GPMB và chồng xếp"))
