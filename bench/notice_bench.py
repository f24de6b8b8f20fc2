"""Benchmark: the notices of 3,000 households of their approved amounts, as DOCX and as
PDF, made the way the job makes them.

    python bench/notice_bench.py [--households 8000] [--notices 3000] [--pdf 3000] [--keep DIR]

Builds `gpmb demo --households N` in a temporary data folder (the demo holds households
in every state of the chain: about 40 % of them reach an approved plan here, so 8,000
give 3,000 notices) and computes its plans, then (not timed) marks the demo's drafts
settled — benchmark only: most demo plans still ask for decisions — and walks every
batch plan through the chain's services: posted 40 days ago for the pack's period,
consulted on, submitted, appraised and approved today. Then times the job runner
`gpmb.documents.jobs.notices` on the approved batch plans: number every notice from the
register in one allocation, render each from `household_notice.docx` (docxtpl, sandboxed
Jinja), zip them. With `--pdf N`, the same runner makes PDFs (LibreOffice, 200 files a
run) for batch plans holding about N households. Target (issue 12): 3,000 household
notices as DOCX ≤ 2 min; PDF measured."""

from __future__ import annotations

import argparse
import subprocess

from demodata import demo_folder

TIMED = r"""
import datetime as dt, time, resource
from django.contrib.auth import get_user_model
from gpmb.core.models import Job
from gpmb.documents.jobs import NOTICES, notices, job_file
from gpmb.documents.models import IssuedNumber
from gpmb.plans.choices import PlanStatus
from gpmb.plans.models import BatchPlan, PlanVersion
from gpmb.plans.services import (
    PlanError, plan_post, plan_consult, plan_submit, plan_appraise, plan_approve,
    posting_end_earliest,
)
from gpmb.projects.models import Batch

def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime

today = dt.date.today()
if True:  # the drafts left (none when a kept folder is used again)
    n = PlanVersion.objects.filter(status=PlanStatus.DRAFT).update(result_status="ok")
    print(f"marked {{n}} drafts settled (benchmark only)")
    groups = sorted(set(
        PlanVersion.objects.filter(status=PlanStatus.DRAFT)
        .values_list("case__batch", "commune").distinct()
    ))
    for batch_id, commune_id in groups:
        batch = Batch.objects.get(pk=batch_id)
        start = today - dt.timedelta(days=40)
        try:
            act = plan_post(batch=batch, commune_id=commune_id, actor=None, start_date=start,
                            end_date=posting_end_earliest(batch, start), only_ready=True,
                            document_number="1/TB-UBND")
        except PlanError as exc:
            print("not posted:", str(exc)[:100])
            continue
        bp = act.batch_plan
        meeting = bp.posting_end_date + dt.timedelta(days=1)
        plan_consult(batch_plan=bp, actor=None, meeting_date=meeting,
                     agree_count=act.version_count, disagree_count=0, other_count=0,
                     document_number="2/BB-LYK")
        plan_submit(batch_plan=bp, actor=None, document_number="3/TTr-TTPTQĐ")
        plan_appraise(batch_plan=bp, actor=None, document_number="4/BC-KT", document_date=today)
        plan_approve(batch_plan=bp, actor=None, decision_number="5/QĐ-UBND",
                     decision_date=today, signer="Chủ tịch")
    print(f"approved {{BatchPlan.objects.filter(status=PlanStatus.APPROVED).count()}} batch plans")

user = get_user_model().objects.filter(is_superuser=True).first() or \
    get_user_model().objects.create_superuser("bench-notices", password=None)
plans = list(BatchPlan.objects.filter(status=PlanStatus.APPROVED).order_by("pk"))
sizes = {{bp.pk: PlanVersion.objects.filter(batch_plan=bp, status=PlanStatus.APPROVED).count()
          for bp in plans}}

def run(fmt, budget):
    IssuedNumber.objects.all().delete()  # every notice numbered afresh, in the timing
    started, c0, made, size, used_plans = time.perf_counter(), cpu(), 0, 0, 0
    for bp in plans:
        if made >= budget:
            break
        job = Job.objects.create(kind=NOTICES, project=bp.project, created_by=user,
                                 params={{"batch_plan": bp.pk, "fmt": fmt}})
        outcome = notices(job, lambda stage, done, total: None)
        made += outcome.result["count"]
        used_plans += 1
        size += job_file(job).stat().st_size
    wall, used = time.perf_counter() - started, cpu() - c0
    print(f"{{fmt.upper()}}: {{made}} notices of {{used_plans}} batch plans: "
          f"{{wall:.1f}} s wall, {{used:.1f}} s CPU in this process "
          f"({{1000 * wall / made:.1f}} ms each), ZIPs {{size / 2**20:.1f}} MiB")

print("approved households per batch plan:", sorted(sizes.values(), reverse=True))
run("docx", {notices})
if {pdf}:
    run("pdf", {pdf})
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=8000)
    parser.add_argument("--notices", type=int, default=3000, help="about how many as DOCX")
    parser.add_argument("--pdf", type=int, default=3000, help="about how many as PDF")
    parser.add_argument("--keep", help="reuse or keep this data folder")
    args = parser.parse_args()
    gpmb, env = demo_folder(args.keep, args.households, "noticebench")
    code = TIMED.format(notices=args.notices, pdf=args.pdf)
    subprocess.run([gpmb, "shell", "-c", code], env=env, check=True)


if __name__ == "__main__":
    main()
