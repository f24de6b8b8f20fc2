"""Benchmark: preparing a 3,000-household payment batch and exporting its transfer list.

    python bench/payment_bench.py [--households 3000] [--keep DIR]

Builds `gpmb demo --households N` in a temporary data folder and computes its plans (not
timed). In that throwaway database every plan is then marked settled, posted, and every
batch plan marked approved by an approval act dated 45 days ago (benchmark only: the
chain's own timing is plan_freeze_bench.py). Then it times, in one process: preparing a
payment batch from every approved batch plan (`payment_batch_prepare`: lock, the
approved versions not yet drawn, one bulk insert of the households with their amounts by
group, the audit event), approving them, and exporting each one's bank transfer list as
XLSX and CSV (the balances from the ledger and the late-payment amount of each
household if paid today). Target (issue 13): a 3,000-household payment batch prepared
and its transfer list exported ≤ 5 s."""

from __future__ import annotations

import argparse
import subprocess

from demodata import demo_folder

TIMED = r"""
import datetime as dt, time, resource
from django.utils import timezone
from gpmb.plans.choices import PlanActKind, PlanStatus
from gpmb.plans.models import BatchPlan, PlanAct, PlanVersion
from gpmb.plans.services import PlanError, plan_post, posting_end_earliest
from gpmb.projects.models import Batch
from gpmb.payments.models import PaymentBatch
from gpmb.payments.services import payment_batch_approve, payment_batch_prepare
from gpmb.payments.views import transfer_rows, transfer_xlsx

def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime

today = timezone.localdate()
PlanVersion.objects.filter(status=PlanStatus.DRAFT).update(result_status="ok")
start = today - dt.timedelta(days=60)
groups = set(PlanVersion.objects.filter(status=PlanStatus.DRAFT)
             .values_list("case__batch", "commune").distinct())
for batch_id, commune_id in sorted(groups):
    try:
        batch = Batch.objects.get(pk=batch_id)
        plan_post(batch=batch, commune_id=commune_id, actor=None, start_date=start,
                  end_date=posting_end_earliest(batch, start), only_ready=True)
    except PlanError as exc:
        print("not posted:", str(exc)[:100])
for plan in BatchPlan.objects.exclude(status=PlanStatus.APPROVED):
    PlanVersion.objects.filter(batch_plan=plan, status=plan.status).update(
        status=PlanStatus.APPROVED)
    PlanAct.objects.create(batch_plan=plan, project_id=plan.project_id, commune_id=plan.commune_id,
                           kind=PlanActKind.APPROVAL, from_status=plan.status,
                           to_status=PlanStatus.APPROVED, document_number="BENCH",
                           document_date=today - dt.timedelta(days=45), content_hash="0" * 64,
                           version_count=0)
    plan.status = PlanStatus.APPROVED
    plan.save(update_fields=["status"])
plans = list(BatchPlan.objects.filter(status=PlanStatus.APPROVED).order_by("pk"))

started, c0 = time.perf_counter(), cpu()
made = []
for plan in plans:
    try:
        made.append(payment_batch_prepare(batch_plan=plan, number=f"B{{plan.pk}}", actor=None))
    except Exception as exc:
        print("not prepared:", str(exc)[:100])
for batch in made:
    payment_batch_approve(payment_batch=batch, actor=None)
households = sum(b.lines.count() for b in made)
print(f"prepare + approve {{len(made)}} payment batches, {{households}} households: "
      f"{{time.perf_counter() - started:.2f}} s wall, {{cpu() - c0:.2f}} s CPU")

started, c0 = time.perf_counter(), cpu()
rows_total, size = 0, 0
import csv, io
for batch in PaymentBatch.objects.select_related("batch__project").order_by("pk"):
    rows = transfer_rows(_all_rows(batch), batch, False)
    size += len(transfer_xlsx(rows))
    text = io.StringIO(); csv.writer(text).writerows(rows); size += len(text.getvalue())
    rows_total += len(rows)
print(f"transfer lists XLSX + CSV, {{rows_total}} households: "
      f"{{time.perf_counter() - started:.2f}} s wall, {{cpu() - c0:.2f}} s CPU, "
      f"{{size // 1024}} KiB")
"""

# The page restricts the lines to the user's reach; the benchmark reads them all, as a
# superuser would (the same query without the scope filter).
HELPER = r"""
from gpmb.payments.models import PaymentLine
from gpmb.payments.queries import balances
def _all_rows(batch):
    lines = list(PaymentLine.objects.filter(payment_batch=batch)
                 .select_related("case__household__head").order_by("case__household__code"))
    money = balances([line.case_id for line in lines])
    for line in lines:
        line.balance = money[line.case_id]
    return lines
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=3000)
    parser.add_argument("--keep", help="reuse or keep this data folder")
    args = parser.parse_args()
    gpmb, env = demo_folder(args.keep, args.households, "paybench")
    subprocess.run(
        [gpmb, "shell", "-c", HELPER + TIMED.format(households=args.households)],
        env=env,
        check=True,
    )


if __name__ == "__main__":
    main()
