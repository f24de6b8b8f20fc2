"""The plans app's long work, run by the background worker (gpmb.core.jobs): computing
the plans of a project or of one batch."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gpmb.cases.models import Case
from gpmb.core.jobs import JobOutcome, JobRejected, Progress, register_job
from gpmb.core.models import Job
from gpmb.plans.services import PlanError, cases_compute

COMPUTE = "plans.compute"


def compute(job: Job, progress: Progress) -> JobOutcome:
    """The cases of the project (or batch) that the requesting user may compute."""
    project = job.project
    assert project is not None
    cases = Case.objects.restrict(job.created_by, "compute").filter(project=project)
    if job.params.get("batch"):
        cases = cases.filter(batch_id=job.params["batch"])
    ids = list(cases.values_list("pk", flat=True))
    if not ids:
        raise JobRejected(_("Không có hồ sơ nào bạn được tính trong phạm vi này."))
    try:
        summary = cases_compute(
            case_ids=ids, project=project, actor=job.created_by, progress=progress
        )
    except PlanError as exc:
        raise JobRejected(str(exc)) from None
    return JobOutcome(
        message=_(
            "Đã tính %(cases)s hồ sơ: %(new)s phiên bản mới, %(same)s không đổi, %(errors)s lỗi, "
            "%(held)s giữ nguyên vì phương án đã trình (tính lại từng hồ sơ, ghi lý do)."
        )
        % {
            "cases": summary.cases,
            "new": summary.new_versions,
            "same": summary.unchanged,
            "errors": len(summary.errors),
            "held": len(summary.held),
        },
        result={"errors": {str(k): v for k, v in list(summary.errors.items())[:100]}},
        next_url=reverse("reports:project_detail", args=[project.code]),
    )


def register() -> None:
    register_job(COMPUTE, compute, gettext_lazy("Tính phương án bồi thường"))
