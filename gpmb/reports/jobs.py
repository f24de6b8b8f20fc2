"""The reports app's long work (gpmb.core.jobs): the periodic review report started from
the web, rendered as the `gpmb report` command does and kept with the job that made it."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gpmb.core.jobs import JobOutcome, JobRejected, Progress, register_job
from gpmb.core.models import Job
from gpmb.documents.pdf import PdfFailed, PdfUnavailable
from gpmb.documents.rendering import TemplateFault
from gpmb.reports.queries import ScopeKind, ScopeNotFound
from gpmb.reports.review import review_docx, review_pdf, review_xlsx
from gpmb.reports.services import PERIOD

REVIEW = "reports.review"
WRITERS = {"docx": review_docx, "xlsx": review_xlsx, "pdf": review_pdf}


def job_file(job: Job) -> Path:
    fmt = job.params.get("fmt", "docx")
    return Path(settings.DATA_DIR) / "jobs" / "reports" / f"{job.pk}.{fmt}"


def review(job: Job, progress: Progress) -> JobOutcome:
    """The review of the scope as the requesting user sees it."""
    params = job.params
    kind, code = params.get("scope", ""), params.get("code") or None
    period, fmt = params.get("period", ""), params.get("fmt", "")
    if kind not in ScopeKind.ALL or fmt not in WRITERS:
        raise JobRejected(_("Phạm vi hoặc định dạng báo cáo không hợp lệ."))
    if not PERIOD.match(period):
        raise JobRejected(
            _("Kỳ “%(value)s” không hợp lệ: viết 2026 (cả năm) hoặc 2026-H1, 2026-H2.")
            % {"value": period}
        )
    progress(_("Tổng hợp số liệu"), 0, 1)
    try:
        data = WRITERS[fmt](job.created_by, kind, code, period)
    except ScopeNotFound:
        raise JobRejected(_("Không có phạm vi này trong phạm vi của bạn.")) from None
    except (TemplateFault, PdfUnavailable, PdfFailed) as exc:
        raise JobRejected(str(exc)) from None
    target = job_file(job)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.write_bytes(data)
    partial.replace(target)
    progress(_("Tổng hợp số liệu"), 1, 1)
    return JobOutcome(
        message=_("Đã lập báo cáo %(period)s (%(fmt)s).") % {"period": period, "fmt": fmt.upper()},
        result={"fmt": fmt},
        next_url=reverse("dashboard:review_file", args=[job.pk]),
    )


def register() -> None:
    register_job(REVIEW, review, gettext_lazy("Lập báo cáo sơ kết, tổng kết"))
