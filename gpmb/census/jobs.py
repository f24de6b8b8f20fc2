"""The census app's long work, run by the background worker (gpmb.core.jobs): checking
and writing an inventory workbook, and importing a Kobo/ODK export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gpmb.census.choices import DuplicatePolicy
from gpmb.census.excel import ImportReport, InventoryImportError, RowError, import_inventory
from gpmb.census.fieldsurvey import DuplicateSubmissions, import_field_survey
from gpmb.core.jobs import JobOutcome, JobRejected, Progress, register_job
from gpmb.core.models import Job, Upload

CHECK_EXCEL, WRITE_EXCEL, FIELD_SURVEY = "census.check_excel", "census.write_excel", "census.field"


def _errors(errors: list[RowError]) -> list[dict[str, Any]]:
    return [
        {
            "sheet": e.sheet,
            "row": e.row,
            "column": e.column,
            "value": "" if e.value is None else str(e.value),
            "message": e.message,
        }
        for e in errors
    ]


def _report(report: ImportReport) -> dict[str, Any]:
    return {
        "rows": report.rows,
        **report.result.as_dict(),
        "missing_items": [list(m) for m in report.result.missing[:50]],
    }


def _source(job: Job) -> tuple[Upload, Path]:
    upload = job.upload
    assert upload is not None and upload.project is not None
    return upload, Path(upload.file.path)


def check_excel(job: Job, progress: Progress) -> JobOutcome:
    """What the workbook would do (nothing written), or every error in it."""
    upload, path = _source(job)
    progress("check", 0, 1)
    try:
        report = import_inventory(
            upload.project,  # type: ignore[arg-type]
            path,
            actor=job.created_by,
            file_label=upload.original_name,
            dry_run=True,
        )
    except InventoryImportError as exc:
        raise JobRejected(
            _("%(n)s lỗi; không ghi dữ liệu nào.") % {"n": len(exc.errors)},
            {"errors": _errors(exc.errors)},
        ) from None
    data = _report(report)
    return JobOutcome(
        message=_(
            "Tệp hợp lệ: %(rows)s dòng — %(created)s mới, %(updated)s sửa, %(unchanged)s "
            "không đổi. Chưa ghi gì."
        )
        % data,
        result=data,
    )


def write_excel(job: Job, progress: Progress) -> JobOutcome:
    upload, path = _source(job)
    progress("write", 0, 1)
    try:
        report = import_inventory(
            upload.project,  # type: ignore[arg-type]
            path,
            actor=job.created_by,
            file_label=upload.original_name,
        )
    except InventoryImportError as exc:
        raise JobRejected(
            _("%(n)s lỗi; không ghi dữ liệu nào.") % {"n": len(exc.errors)},
            {"errors": _errors(exc.errors)},
        ) from None
    Upload.objects.filter(pk=upload.pk).update(used_at=timezone.now())
    r = report.result
    return JobOutcome(
        message=_("Đã nhập %(label)s: %(c)s mới, %(u)s sửa, %(s)s không đổi.")
        % {"label": upload.original_name, "c": r.created, "u": r.updated, "s": r.unchanged},
        result=_report(report),
        next_url=reverse("census:project_census", args=[upload.project.code]),  # type: ignore[union-attr]
    )


def field_survey(job: Job, progress: Progress) -> JobOutcome:
    """A Kobo XLSX or ODK Central export; submissions imported before stop it until the
    user chooses to skip or replace them."""
    upload, path = _source(job)
    policy = job.params.get("on_duplicate", DuplicatePolicy.ASK)
    progress("write", 0, 1)
    try:
        report = import_field_survey(
            upload.project,  # type: ignore[arg-type]
            path,
            actor=job.created_by,
            on_duplicate=policy,
            file_label=upload.original_name,
        )
    except DuplicateSubmissions as exc:
        raise JobRejected(
            _("Có phiếu đã nhập trước đây hoặc trùng hộ. Chưa ghi gì."),
            {"errors": _errors(exc.errors), "duplicates": True},
        ) from None
    except InventoryImportError as exc:
        raise JobRejected(
            _("%(n)s lỗi; không ghi dữ liệu nào.") % {"n": len(exc.errors)},
            {"errors": _errors(exc.errors)},
        ) from None
    Upload.objects.filter(pk=upload.pk).update(used_at=timezone.now())
    r = report.result
    return JobOutcome(
        message=_("Đã nhập %(label)s: %(c)s mới, %(u)s sửa, %(d)s thay thế.")
        % {"label": upload.original_name, "c": r.created, "u": r.updated, "d": r.deleted},
        next_url=reverse("census:project_census", args=[upload.project.code]),  # type: ignore[union-attr]
    )


def register() -> None:
    register_job(CHECK_EXCEL, check_excel, gettext_lazy("Kiểm tra tệp kiểm đếm"))
    register_job(WRITE_EXCEL, write_excel, gettext_lazy("Ghi số liệu kiểm đếm từ Excel"))
    register_job(FIELD_SURVEY, field_survey, gettext_lazy("Nhập phiếu kiểm đếm Kobo/ODK"))
