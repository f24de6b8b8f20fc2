"""Long work as jobs: an import, a boundary overlay, a project's computation, a batch of
documents (DESIGN.md "One way to do each thing").

A view or a command calls `job_start(kind=…)`. The job is queued when the transaction
commits, through django-tasks: with the database backend `gpmb worker` runs it beside the
web server (`./scripts/start` starts both); tests choose the immediate backend through
the `TASKS` setting. The runner an app registered for the kind (`register_job`, in its
`AppConfig.ready`) does the work and reports progress; the page that started it polls the
job and shows the outcome.

A job never stays "running": a worker that starts again fails the jobs it was running
when it stopped, and a running job that has not reported for `GPMB_JOB_STALE_SECONDS` is
failed as soon as anyone looks at it (`jobs_fail_stale`)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from gpmb.core.audit import acting_as
from gpmb.core.choices import JobStatus
from gpmb.core.models import Actor, Job, Upload

logger = logging.getLogger(__name__)


@dataclass
class JobOutcome:
    """What a finished job tells the user: a message, data for its page, and where to go
    next."""

    message: str
    result: dict[str, Any] = field(default_factory=dict)
    next_url: str = ""


class JobRejected(Exception):
    """The data cannot be used (an import with errors): nothing was written. The message
    and `result` (the errors) are shown to the user."""

    def __init__(self, message: str, result: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.result = result or {}


# (stage, done, total): what the runner is doing, for the page's progress bar.
Progress = Callable[[str, int, int], None]
JobRunner = Callable[[Job, Progress], JobOutcome]

_RUNNERS: dict[str, JobRunner] = {}
_LABELS: dict[str, Any] = {}
# The worker that runs jobs in this process (`gpmb worker` sets it).
WORKER = {"id": ""}


def register_job(kind: str, runner: JobRunner, label: Any) -> None:
    """Run `runner(job, progress)` for jobs of `kind`; `label` names them on pages."""
    _RUNNERS[kind] = runner
    _LABELS[kind] = label


def job_label(job: Job) -> str:
    return str(_LABELS.get(job.kind, job.kind))


def job_start(
    *,
    kind: str,
    actor: Actor,
    project: Any = None,
    upload: Upload | None = None,
    params: dict[str, Any] | None = None,
) -> Job:
    """Record a job and queue it once the current transaction commits (a job that reads
    what the request wrote must see it)."""
    if kind not in _RUNNERS:
        raise LookupError(f"no runner registered for job kind {kind!r}")
    job = Job.objects.create(
        kind=kind,
        project=project,
        upload=upload,
        params=params or {},
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


@task()
def run_job(job_id: int) -> None:
    job_run(job_id)


def job_run(job_id: int) -> None:
    """Claim a queued job (compare-and-set, so two workers never run it twice), run its
    kind's runner as the user who asked for it, and record the outcome."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, worker=WORKER["id"]
    )
    if not claimed:
        return
    job = Job.objects.select_related("project", "upload", "created_by").get(pk=job_id)
    outcome: dict[str, Any]
    try:
        with acting_as(job.created_by):
            done = _RUNNERS[job.kind](job, _progress(job_id))
        outcome = {
            "status": JobStatus.SUCCEEDED,
            "message": done.message,
            "result": done.result,
            "next_url": done.next_url,
        }
    except JobRejected as exc:
        outcome = {"status": JobStatus.REJECTED, "message": str(exc), "result": exc.result}
    except MemoryError:
        outcome = {
            "status": JobStatus.FAILED,
            "message": _("Việc dùng quá giới hạn bộ nhớ của tiến trình chạy nền; không ghi gì."),
        }
    except Exception as exc:  # the page must say what happened, whatever it was
        logger.exception("job %s (%s) failed", job_id, job.kind)
        outcome = {"status": JobStatus.FAILED, "message": f"{type(exc).__name__}: {exc}"}
    # The runner is the authority on its own outcome, even if a watcher meanwhile took a
    # long silence for a stopped worker.
    Job.objects.filter(pk=job_id).update(finished_at=timezone.now(), **outcome)


def _progress(job_id: int) -> Progress:
    """A progress callback that writes at most twice a second (and at each new stage)."""
    last_stage, last_at = [""], [0.0]

    def report(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage == last_stage[0] and now - last_at[0] < 0.5 and done < total:
            return
        last_stage[0], last_at[0] = stage, now
        Job.objects.filter(pk=job_id).update(
            stage=stage[:40], done=max(done, 0), total=max(total, 0), heartbeat_at=timezone.now()
        )

    return report


def jobs_fail_stale() -> int:
    """Fail the running jobs that have not reported for GPMB_JOB_STALE_SECONDS: their
    worker stopped (a restart, a crash) and nothing will finish them."""
    limit = timezone.now() - timedelta(seconds=settings.GPMB_JOB_STALE_SECONDS)
    return Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=limit).update(
        status=JobStatus.FAILED,
        finished_at=timezone.now(),
        message=_("Việc đã dừng giữa chừng (hệ thống khởi động lại hoặc gặp sự cố); hãy chạy lại."),
    )


def jobs_recover(worker_id: str) -> int:
    """At a worker's start: the jobs it was running when it stopped will not finish."""
    return Job.objects.filter(status=JobStatus.RUNNING, worker=worker_id).update(
        status=JobStatus.FAILED,
        finished_at=timezone.now(),
        message=_("Việc đã dừng giữa chừng (hệ thống khởi động lại hoặc gặp sự cố); hãy chạy lại."),
    )


def uploads_purge() -> int:
    """Delete, with their files, the uploads nobody has written into the data after
    GPMB_UPLOAD_RETENTION_HOURS (abandoned previews hold personal data)."""
    limit = timezone.now() - timedelta(hours=settings.GPMB_UPLOAD_RETENTION_HOURS)
    old = Upload.objects.filter(used_at__isnull=True, created_at__lt=limit).exclude(
        jobs__status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
    )
    count = 0
    for upload in old:
        upload.file.delete(save=False)
        upload.delete()
        count += 1
    return count
