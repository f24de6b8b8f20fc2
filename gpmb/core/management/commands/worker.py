"""`gpmb worker`: runs the background jobs (imports, overlays, computations, batches of
documents) beside the web server. Stop it with Ctrl+C or SIGTERM; it finishes the job in
hand first. Started again, it fails the jobs it was running when it was killed, so no
page waits forever."""

from __future__ import annotations

import logging
import resource
import socket
import threading
import time
from typing import Any

from django.conf import settings
from django.db import close_old_connections
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand
from django_tasks_db.models import DBTaskResult

from gpmb.core.jobs import WORKER, jobs_fail_stale, jobs_recover, uploads_purge

HOUSEKEEPING_SECONDS = 300
logger = logging.getLogger(__name__)


class Interrupted(Exception):
    """Recorded on a queued task the worker was running when it stopped."""


class Command(DatabaseWorkerCommand):
    help = "Chạy các việc nền (nhập tệp, chồng xếp chỉ giới, tính phương án) / run background jobs."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        # One worker per machine unless told otherwise: a stable id lets a restarted
        # worker recognise the jobs it was running.
        parser.set_defaults(worker_id=f"gpmb@{socket.gethostname()}"[:64], reload=False)

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = options["worker_id"]
        WORKER["id"] = worker_id
        limit = settings.GPMB_WORKER_MEMORY_MB * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        recovered = jobs_recover(worker_id)
        for result in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING):
            if result.worker_ids and result.worker_ids[-1] == worker_id:
                result.set_failed(Interrupted(f"worker {worker_id} restarted"))
        if recovered:
            self.stderr.write(f"{recovered} việc đang chạy dở khi dừng đã được ghi là lỗi.")
        threading.Thread(target=_housekeeping, name="gpmb-housekeeping", daemon=True).start()
        super().handle(*args, **options)


def _housekeeping() -> None:
    """Every few minutes: fail jobs whose worker went silent, delete abandoned uploads."""
    while True:
        close_old_connections()
        try:
            jobs_fail_stale()
            uploads_purge()
        except Exception:  # a busy database now is no reason to stop for good
            logger.exception("housekeeping failed; trying again later")
        finally:
            close_old_connections()
        time.sleep(HOUSEKEEPING_SECONDS)
