"""`gpmb worker` runs the jobs that pages queue, and, started again after it was killed,
fails the job it was running — with a reason the page shows — instead of leaving it
"running" for ever. Run as the system runs it: a separate process on its own database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

GPMB = str(Path(sys.executable).parent / "gpmb")

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="runs its own SQLite database in separate processes; the SQLite pass covers it",
)


def run(data_dir: Path, *args: str, timeout: float = 120) -> str:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(GPMB_DATA_DIR=str(data_dir), GPMB_DEMO_PASSWORD="Worker-test-2026")
    result = subprocess.run(
        [GPMB, *args], env=env, capture_output=True, text=True, timeout=timeout, check=True
    )
    return result.stdout


def shell(data_dir: Path, code: str) -> dict:
    return json.loads(run(data_dir, "shell", "-c", code).strip().splitlines()[-1])


QUEUE_COMPUTE = """
import json
from django.db import transaction
from django.contrib.auth import get_user_model
from gpmb.core.jobs import job_start
from gpmb.projects.models import Project
user = get_user_model().objects.get(username="canbo.bt")
with transaction.atomic():
    job = job_start(kind="plans.compute", actor=user, project=Project.objects.get(code="hs-cr2"))
print(json.dumps({"job": job.pk}))
"""

JOB = """
import json
from gpmb.core.models import Job
job = Job.objects.get(pk={pk})
print(json.dumps({{"status": job.status, "message": job.message}}))
"""

# What a worker killed in the middle of a job leaves behind: the job and its task both
# "running", claimed by that worker.
LEFT_RUNNING = """
import json
from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from django.contrib.auth import get_user_model
from gpmb.core.jobs import job_start
from gpmb.core.models import Job
from gpmb.projects.models import Project
user = get_user_model().objects.get(username="canbo.bt")
with transaction.atomic():
    job = job_start(kind="plans.compute", actor=user, project=Project.objects.get(code="hs-cr2"))
Job.objects.filter(pk=job.pk).update(
    status="running", worker="gpmb@test", started_at=timezone.now(), heartbeat_at=timezone.now()
)
task = DBTaskResult.objects.latest("enqueued_at")
task.claim("gpmb@test")
print(json.dumps({"job": job.pk, "task": str(task.pk)}))
"""


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("worker")
    run(folder, "migrate", "-v0", timeout=300)
    run(folder, "demo", "--households", "30", timeout=300)
    return folder


def worker(data_dir: Path, seconds: float) -> None:
    run(data_dir, "worker", "--worker-id", "gpmb@test", "--batch", "--no-startup-delay", "-v0",
        timeout=seconds)  # fmt: skip


def test_the_worker_runs_a_queued_job(data_dir):
    job = shell(data_dir, QUEUE_COMPUTE)["job"]
    assert shell(data_dir, JOB.format(pk=job))["status"] == "queued"
    worker(data_dir, 120)
    outcome = shell(data_dir, JOB.format(pk=job))
    assert outcome["status"] == "succeeded", outcome
    assert "phiên bản mới" in outcome["message"]


def test_a_restarted_worker_fails_the_job_it_was_killed_in(data_dir):
    left = shell(data_dir, LEFT_RUNNING)
    started = time.monotonic()
    worker(data_dir, 120)
    outcome = shell(data_dir, JOB.format(pk=left["job"]))
    assert outcome["status"] == "failed"
    assert "dừng giữa chừng" in outcome["message"]  # the page says why
    task = shell(
        data_dir,
        "import json; from django_tasks_db.models import DBTaskResult; "
        f"print(json.dumps({{'status': DBTaskResult.objects.get(pk='{left['task']}').status}}))",
    )
    assert task["status"] == "FAILED"
    assert time.monotonic() - started < 120
