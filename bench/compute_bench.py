"""Benchmark: compute every plan of the 20,000-household demo into SQLite.

    python bench/compute_bench.py [--households 20000] [--keep DIR]

Builds `gpmb demo --households N` in a temporary data folder (not timed), then times
`gpmb compute --project hs-cr2` and `gpmb compute --project an-hung-cvcx` (facts from the
database, the engine, and writing every version and line), a second run with nothing
changed, and one household through `case_compute` after an edit. Targets (issue 5):
all households ≤ 10 s; one household ≤ 50 ms."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

RESET = """
from gpmb.plans.models import BatchPlan, CalculationLine, LineDecision, PlanAct, PlanVersion
# The demo's posted and approved plans first: their acts point at their versions.
for model in (PlanAct.versions.through, PlanAct, LineDecision, CalculationLine, PlanVersion,
              BatchPlan):
    model.objects.all()._raw_delete(model.objects.db)
"""

ONE_CASE = """
import statistics, time
from decimal import Decimal
from gpmb.plans.models import CalculationLine, PlanVersion
from gpmb.cases.models import Case
from gpmb.plans.services import case_compute
from gpmb.parcels.models import ParcelImpact
print("versions", PlanVersion.objects.count(), "lines", CalculationLine.objects.count())
cases = list(Case.objects.filter(project__code="hs-cr2").select_related("project")[:20])
times = []
for case in cases:
    impact = ParcelImpact.objects.filter(
        project=case.project, parcel__tenures__household=case.household_id
    ).first()
    impact.recovered_area = impact.recovered_area - Decimal("0.5")
    impact.save()
    started = time.perf_counter()
    case_compute(case=case, actor=None)
    times.append((time.perf_counter() - started) * 1000)
print(f"case_compute after an edit: median {statistics.median(times):.1f} ms, "
      f"max {max(times):.1f} ms ({len(times)} households)")
"""


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True)
    return time.perf_counter() - started, out.stdout


def children_cpu() -> float:
    """CPU time (user + system) of the finished child processes: on a shared machine
    this is what the code costs, wall time is what the load allows."""
    times = os.times()
    return times.children_user + times.children_system


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=20000)
    parser.add_argument("--keep", help="use (and keep) this data folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = args.keep or tmp
        env = {**os.environ, "GPMB_DATA_DIR": data_dir, "GPMB_DEMO_PASSWORD": "bench-only"}
        env.pop("DATABASE_URL", None)
        gpmb = [sys.executable, "-m", "gpmb"]
        subprocess.run([*gpmb, "migrate", "-v0"], env=env, check=True)
        from_scratch = not args.keep or not os.path.exists(os.path.join(data_dir, "built"))
        if from_scratch:
            seconds, _ = run([*gpmb, "demo", "--households", str(args.households)], env)
            print(f"gpmb demo --households {args.households}: {seconds:.1f} s (not counted)")
            if args.keep:
                open(os.path.join(data_dir, "built"), "w").close()
        # Start from no plan at all (a kept folder may hold the last run's versions).
        subprocess.run([*gpmb, "shell", "-c", RESET], env=env, check=True, capture_output=True)
        total = 0.0
        total_cpu = 0.0
        for project in ("hs-cr2", "an-hung-cvcx"):
            cpu = children_cpu()
            seconds, out = run([*gpmb, "compute", "--project", project, "-v2"], env)
            cpu = children_cpu() - cpu
            print(out.strip().splitlines()[-2].strip())
            total += seconds
            total_cpu += cpu
            print(
                out.strip().splitlines()[-1],
                f"(process included: wall {seconds:.2f} s, CPU {cpu:.2f} s)",
            )
        print(f"All households computed and written: {total:.2f} s wall, {total_cpu:.2f} s CPU")
        cpu = children_cpu()
        seconds, _ = run([*gpmb, "compute", "--project", "hs-cr2"], env)
        cpu = children_cpu() - cpu
        print(f"Recompute hs-cr2 with nothing changed: {seconds:.2f} s wall, {cpu:.2f} s CPU")
        out = subprocess.run(
            [*gpmb, "shell", "-c", ONE_CASE], env=env, check=True, capture_output=True, text=True
        )
        print(out.stdout.strip())


if __name__ == "__main__":
    main()
