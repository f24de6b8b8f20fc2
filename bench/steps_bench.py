"""Benchmark: a batch's legal steps at 3,000 households (issue 12).

    python bench/steps_bench.py [--households 5000]

Builds `gpmb demo --households N` in a temporary SQLite data folder (timed apart: it
now records every demo case's steps through the services), then times, on the road
project's households (60 % of N): deleting and generating their steps again from the
pack (`policy.services.batch_steps_generate`, one bulk insert), recording one step for
all of them with one document (`cases.services.steps_record`: lock, guards, due dates
recomputed, statuses earned), the batch grid query and the worklist query."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

MEASURE = """
import datetime as dt, time
from django.db import transaction
from gpmb.cases.models import Case, Step
from gpmb.cases.queries import batch_grid, worklist
from gpmb.cases.services import StepDocument, steps_record
from gpmb.policy.services import batch_steps_generate
from gpmb.projects.models import Batch
from django.contrib.auth.models import User

cases = list(Case.objects.filter(project__code="hs-cr2").select_related("batch", "household"))
batch = cases[0].batch
Case.objects.filter(pk__in=[c.pk for c in cases]).update(batch=batch)  # one batch
print("households", len(cases))
with transaction.atomic():
    Step.objects.filter(case__in=cases).delete()
    started = time.perf_counter()
    n = batch_steps_generate(batch=batch, cases=cases, actor=None)
    print(f"generate {n} steps: {time.perf_counter() - started:.2f} s")
    Case.objects.filter(pk__in=[c.pk for c in cases]).update(status="opened")
    for c in cases:
        c.status = "opened"
    started = time.perf_counter()
    steps_record(cases=cases, code="notice", done_date=dt.date(2026, 3, 16),
                 document=StepDocument("31/TB-UBND", dt.date(2026, 3, 16), "bench"), actor=None)
    print(f"record one notice for {len(cases)} households: {time.perf_counter() - started:.2f} s")
admin = User.objects.filter(is_superuser=True).first()
admin = admin or User.objects.create_superuser("bench-admin")
started = time.perf_counter()
columns, rows = batch_grid(admin, batch, dt.date(2026, 12, 7))
took = time.perf_counter() - started
print(f"grid of {len(rows)} households x {len(columns)} steps: {took:.2f} s")
started = time.perf_counter()
groups = worklist(admin, dt.date(2026, 12, 7))
print(f"worklist: {time.perf_counter() - started:.2f} s")
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        env = {**os.environ, "GPMB_DATA_DIR": data_dir, "GPMB_DEMO_PASSWORD": "bench-only"}
        env.pop("DATABASE_URL", None)
        gpmb = [sys.executable, "-m", "gpmb"]
        subprocess.run([*gpmb, "migrate", "-v0"], env=env, check=True)
        started = time.perf_counter()
        subprocess.run(
            [*gpmb, "demo", "--households", str(args.households)],
            env=env,
            check=True,
            capture_output=True,
        )
        print(f"gpmb demo --households {args.households}: {time.perf_counter() - started:.1f} s")
        subprocess.run([*gpmb, "shell", "-c", MEASURE], env=env, check=True)


if __name__ == "__main__":
    main()
