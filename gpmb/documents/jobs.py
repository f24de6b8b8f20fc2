"""The documents app's long work (gpmb.core.jobs): the notices of every household of an
approved batch plan, as one ZIP of DOCX (or of PDF), kept beside the database with the
job that made it (STYLE #14) and downloaded by the user who asked for it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gpmb.core.jobs import JobOutcome, JobRejected, Progress, register_job
from gpmb.core.models import Job
from gpmb.documents.chain import (
    household_notice_context,
    latest_act,
    notice_numbers,
)
from gpmb.documents.pdf import FILES_PER_RUN, PdfFailed, PdfUnavailable, docx_to_pdf_many
from gpmb.documents.rendering import TemplateFault, render_docx
from gpmb.plans.choices import PlanActKind, PlanStatus
from gpmb.plans.models import BatchPlan, PlanVersion
from gpmb.plans.services import may_act

NOTICES = "documents.notices"
FORMATS = ("docx", "pdf")


def job_file(job: Job) -> Path:
    """Where the ZIP a job made is kept."""
    return Path(settings.DATA_DIR) / "jobs" / "documents" / f"{job.pk}.zip"


def notices(job: Job, progress: Progress) -> JobOutcome:
    """Number and render the notice of every approved household of the batch plan that
    the requesting user reaches, then zip them."""
    fmt = job.params.get("fmt", "docx")
    batch_plan = (
        BatchPlan.objects.restrict(job.created_by)
        .select_related("project__province", "commune", "batch")
        .filter(pk=job.params.get("batch_plan"))
        .first()
    )
    if batch_plan is None or fmt not in FORMATS:
        raise JobRejected(_("Không có phương án của đợt này trong phạm vi của bạn."))
    # Land Law 2024 Art. 87(4)(b): the compensation organisation sends the notices.
    if not may_act(job.created_by, "plans.submit_planversion", batch_plan):
        raise JobRejected(
            _("Thông báo cho các hộ do cán bộ tổ chức làm nhiệm vụ bồi thường lập và gửi.")
        )
    if batch_plan.status != PlanStatus.APPROVED:
        raise JobRejected(_("Phương án chưa được phê duyệt: chưa có thông báo cho các hộ."))
    versions = list(
        PlanVersion.objects.restrict(job.created_by)
        .filter(batch_plan=batch_plan, status=PlanStatus.APPROVED)
        .select_related("case__household__head")
        .order_by("case__household__code")
    )
    if not versions:
        raise JobRejected(_("Không có hộ nào trong phạm vi của bạn."))
    approval = latest_act(batch_plan, PlanActKind.APPROVAL)
    total = len(versions)
    progress(_("Cấp số văn bản"), 0, total)
    numbers = notice_numbers(batch_plan, versions, job.created_by)
    documents: dict[str, bytes] = {}
    try:
        for i, version in enumerate(versions, start=1):
            context = household_notice_context(
                version, batch_plan, number=numbers[version.pk], approval=approval
            )
            documents[f"thong-bao-{version.case.household.code}"] = render_docx(
                "household_notice", context
            )
            if i % 50 == 0 or i == total:
                progress(_("Tạo thông báo (DOCX)"), i, total)
        if fmt == "pdf":
            pdfs: dict[str, bytes] = {}
            names = list(documents)
            for start in range(0, total, FILES_PER_RUN):
                chunk = {n: documents[n] for n in names[start : start + FILES_PER_RUN]}
                pdfs |= docx_to_pdf_many(chunk)
                progress(_("Chuyển sang PDF"), min(start + FILES_PER_RUN, total), total)
            documents = pdfs
    except (TemplateFault, PdfUnavailable, PdfFailed) as exc:
        raise JobRejected(str(exc)) from None
    target = job_file(job)
    target.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in documents.items():
            z.writestr(f"{name}.{fmt}", data)
    partial = target.with_name(target.name + ".partial")
    partial.write_bytes(buffer.getvalue())
    partial.replace(target)
    return JobOutcome(
        message=_("Đã tạo %(n)s thông báo (%(fmt)s).") % {"n": total, "fmt": fmt.upper()},
        result={"count": total, "fmt": fmt},
        next_url=reverse("documents:job_file", args=[job.pk]),
    )


def register() -> None:
    register_job(NOTICES, notices, gettext_lazy("Tạo thông báo cho các hộ"))
