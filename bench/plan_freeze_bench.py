"""Benchmark: freezing a 3,000-household batch plan when it is posted.

    python bench/plan_freeze_bench.py [--households 3000] [--keep DIR]

Builds `gpmb demo --households N` in a temporary data folder and computes its plans (not
timed), then times, in one process: hashing the latest versions of N households as
`plan_post` freezes them (every stored line read back, each version hashed, one batch
hash: gpmb.plans.services._freeze), and posting them for real, batch by batch and commune
by commune, the settled plans only (`plan_post(only_ready=True)`: lock, freeze, write the
batch plan, the versions' status and hash, the act with its versions, the audit event).
`--settle` marks every draft settled first (the demo's plans mostly still ask for
decisions), so that all N are posted. Target (issue 12): freezing a 3,000-household
plan ≤ 3 s."""

from __future__ import annotations

import argparse
import subprocess

from demodata import demo_folder

TIMED = r"""
import datetime as dt, time, resource
from gpmb.cases.models import Case
from gpmb.plans.choices import PlanStatus
from gpmb.plans.models import PlanVersion
from gpmb.plans.queries import latest_versions
from gpmb.plans.services import PlanError, _freeze, plan_post

def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime

ids = sorted(latest_versions(Case.objects.all(), lines=False).values_list("pk", flat=True))
ids = ids[:{households}]
started, c0 = time.perf_counter(), cpu()
batch_hash, per = _freeze(ids)
print(f"freeze (hash) {{len(per)}} versions: {{time.perf_counter() - started:.2f}} s wall, "
      f"{{cpu() - c0:.2f}} s CPU")

if {settle}:
    # The demo's plans mostly still ask for decisions; for the timing they are marked
    # settled in this throwaway database, so that every household is posted.
    n = PlanVersion.objects.filter(status=PlanStatus.DRAFT).update(result_status="ok")
    print(f"marked {{n}} drafts settled (benchmark only)")
groups = set(
    PlanVersion.objects.filter(pk__in=ids, status=PlanStatus.DRAFT)
    .values_list("case__batch", "commune").distinct()
)
from gpmb.projects.models import Batch
end = dt.date.today() - dt.timedelta(days=1)
started, c0 = time.perf_counter(), cpu()
posted = 0
for batch_id, commune_id in sorted(groups):
    try:
        act = plan_post(batch=Batch.objects.get(pk=batch_id), commune_id=commune_id, actor=None,
                        start_date=end - dt.timedelta(days=9), end_date=end, only_ready=True)
    except PlanError as exc:
        print("not posted:", str(exc)[:100])
        continue
    posted += act.version_count
print(f"plan_post: {{posted}} versions in {{len(groups)}} batch plans: "
      f"{{time.perf_counter() - started:.2f}} s wall, {{cpu() - c0:.2f}} s CPU")
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=3000)
    parser.add_argument("--keep", help="reuse or keep this data folder")
    parser.add_argument(
        "--settle",
        action="store_true",
        help="mark every draft settled first, so that all of them are posted",
    )
    args = parser.parse_args()
    gpmb, env = demo_folder(args.keep, args.households, "freezebench")
    subprocess.run(
        [gpmb, "shell", "-c", TIMED.format(households=args.households, settle=args.settle)],
        env=env,
        check=True,
    )


if __name__ == "__main__":
    main()
