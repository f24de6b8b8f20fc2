"""Benchmark: the city dashboard at city scale — 50 projects, 50,000 households.

    python bench/dashboard_bench.py [--households 50000] [--projects 50] [--keep DIR]
    DATABASE_URL=postgres://… python bench/dashboard_bench.py   # on PostgreSQL

Builds, in a throwaway database (a temporary SQLite folder, or the PostgreSQL database
named — its GPMB tables are emptied first), a synthetic city with bulk inserts (not
timed; benchmark only, never through the services): 50 projects spread over the city's
wards, each case with its parcel, tenure, the legal steps that earn a status (done
dates spread over the last year), a computed plan, for the approved ones an approved
plan, a payment line and ledger entries, some deposits, and a handover for about 40 %.
Then it times the city dashboard (`GET /reports/`, a superuser: the whole city) through
Django's test client: server time, the median of 5 requests after a warm-up, the
`report()` query alone, and the blockers part the page loads after it; before them, the
rebuild of every case's progress row (`gpmb progress_rebuild`), which the bulk build
needs since it bypasses the services that keep the rows. Target (issue 15): ≤ 300 ms server time on SQLite and PostgreSQL."""

# ruff: noqa: E501  (the synthetic rows are written one constructor to a statement)
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def setup(keep: str | None) -> None:
    os.environ.setdefault("GPMB_DATA_DIR", keep or tempfile.mkdtemp(prefix="gpmb-dash-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gpmb.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()


def build(households: int, projects: int) -> None:
    import datetime as dt
    import random

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from gpmb.cases.models import Case, Step
    from gpmb.parcels.models import Parcel, ParcelImpact
    from gpmb.parties.models import Household, Tenure
    from gpmb.payments.models import Deposit, Handover, LedgerEntry, PaymentBatch, PaymentLine
    from gpmb.plans.models import BatchPlan, PlanVersion
    from gpmb.policy.models import PolicyPack
    from gpmb.projects.models import AdminUnit, Batch, Project
    from gpmb.reports.models import CaseProgress

    call_command("migrate", verbosity=0)
    if Case.objects.count() == households:
        return
    with connection.cursor() as cursor:  # a rebuilt city: the previous one goes
        for model in (CaseProgress, Handover, Deposit, LedgerEntry, PaymentLine, PaymentBatch, PlanVersion,
                      BatchPlan, Step, Case, Tenure, ParcelImpact, Parcel, Household, Batch,
                      Project):  # fmt: skip
            cursor.execute(f"DELETE FROM {model._meta.db_table}")
    rng = random.Random(15)
    today = timezone.localdate()
    province = AdminUnit.objects.get(code="31")
    wards = list(AdminUnit.objects.filter(parent=province).order_by("code")[:40])
    pack = (
        PolicyPack.objects.filter(code="hai-phong-demo-2026").first() or PolicyPack.objects.first()
    )
    t0 = time.perf_counter()
    project_rows = Project.objects.bulk_create(
        Project(code=f"city-{i:02d}", name=f"Dự án trọng điểm {i:02d}", kind="linear",
                province=province, crs_epsg=9210, capital_plan=rng.randint(50, 900) * 10**9,
                target_handover_date=today + dt.timedelta(days=rng.randint(-60, 240)),
                is_illustrative=True)
        for i in range(projects)
    )  # fmt: skip
    batches = Batch.objects.bulk_create(
        Batch(project=p, code="D1", name="Đợt 1", notice_date=today - dt.timedelta(days=400))
        for p in project_rows
    )
    per = households // projects
    hh, parcels = [], []
    for i in range(households):
        ward = wards[(i // per * 3 + i % 3) % len(wards)]
        hh.append(Household(code=f"C{i:06d}", commune=ward))
        parcels.append(Parcel(commune=ward, map_sheet=str(i // 500), parcel_number=str(i),
                              land_use_code="ODT", certificate_area=100, measured_area=100))  # fmt: skip
    Household.objects.bulk_create(hh, batch_size=5000)
    Parcel.objects.bulk_create(parcels, batch_size=5000)
    hh = list(Household.objects.order_by("pk"))
    parcels = list(Parcel.objects.order_by("pk"))
    impacts, tenures, cases = [], [], []
    for i, (h, parcel) in enumerate(zip(hh, parcels, strict=True)):
        batch = batches[min(i // per, projects - 1)]
        impacts.append(
            ParcelImpact(
                project_id=batch.project_id,
                parcel=parcel,
                recovered_area=rng.randint(20, 100),
                remainder_area=0,
            )
        )
        tenures.append(
            Tenure(
                parcel=parcel,
                household=h,
                origin="recognised",
                certificate_number="",
                stable_use_start_date=None if i % 23 == 0 else dt.date(1990, 1, 1),
            )
        )
        cases.append(Case(household=h, batch=batch, project_id=batch.project_id,
                          commune_id=h.commune_id))  # fmt: skip
    ParcelImpact.objects.bulk_create(impacts, batch_size=5000)
    Tenure.objects.bulk_create(tenures, batch_size=5000)
    Case.objects.bulk_create(cases, batch_size=5000)
    cases = list(Case.objects.order_by("pk"))
    steps, versions, stage = [], [], {}
    codes = [("notice", "notified"), ("inventory", "inventoried"), ("draft_plan", "drafted"),
             ("posting", "posted"), ("appraisal", "appraised"), ("approval", "approved"),
             ("payment", "paid"), ("handover", "handed_over")]  # fmt: skip
    for c in cases:
        # How far the case went: skewed so that projects and wards differ.
        reach = min(len(codes), int(rng.betavariate(2 + c.project_id % 3, 2) * (len(codes) + 1)))
        stage[c.pk] = reach
        start = today - dt.timedelta(days=rng.randint(120, 360))
        for position, (code, earns) in enumerate(codes):
            done = position < reach
            day = start + dt.timedelta(days=position * 14) if done else None
            if day and day > today:
                day = today
            due = start + dt.timedelta(days=position * 14 + 30)
            steps.append(Step(case=c, project_id=c.project_id, commune_id=c.commune_id,
                              code=code, position=position, title=code, title_en=code,
                              scope="household", role="compensation_officer", earns=earns,
                              due_date=due, done_date=day))  # fmt: skip
        if reach >= 3:
            versions.append(PlanVersion(case=c, project_id=c.project_id, commune_id=c.commune_id,
                                        number=1, status="approved" if reach >= 6 else "posted",
                                        result_status="ok", pack=pack, facts={}, input_hash="0",
                                        facts_hash="0", pack_digest="0", result_digest="0",
                                        totals={}, net_amount=rng.randint(2, 60) * 10**8))  # fmt: skip
    Step.objects.bulk_create(steps, batch_size=10000)
    PlanVersion.objects.bulk_create(versions, batch_size=5000)
    approved = {v.case_id: v for v in PlanVersion.objects.filter(status="approved")}
    bplans = {}
    for b in batches:
        for commune_id in {c.commune_id for c in cases if c.batch_id == b.pk}:
            bplans[(b.pk, commune_id)] = BatchPlan(project_id=b.project_id, commune_id=commune_id,
                                                   batch=b, frozen_hash="0" * 64,
                                                   posting_start_date=today, posting_end_date=today)  # fmt: skip
    BatchPlan.objects.bulk_create(bplans.values())
    pbatches = {key: PaymentBatch(project_id=bp.project_id, commune_id=bp.commune_id,
                                  batch_id=bp.batch_id, batch_plan=bp, number="01",
                                  approval_effective_date=today - dt.timedelta(days=90))
                for key, bp in bplans.items()}  # fmt: skip
    PaymentBatch.objects.bulk_create(pbatches.values())
    lines = [PaymentLine(project_id=c.project_id, commune_id=c.commune_id,
                         payment_batch=pbatches[(c.batch_id, c.commune_id)], case=c,
                         plan_version=approved[c.pk], amount_due=approved[c.pk].net_amount)
             for c in cases if c.pk in approved]  # fmt: skip
    PaymentLine.objects.bulk_create(lines, batch_size=5000)
    entries, deposits, handovers = [], [], []
    for line in PaymentLine.objects.all():
        c_stage = stage[line.case_id]
        day = today - dt.timedelta(days=rng.randint(1, 150))
        if c_stage >= 7 and line.case_id % 19 == 0:
            deposits.append(Deposit(case_id=line.case_id, project_id=line.project_id,
                                    commune_id=line.commune_id, amount=line.amount_due,
                                    refusal_date=day, persuasion="x", deposit_date=day,
                                    reference="GT"))  # fmt: skip
        elif c_stage >= 7:
            entries.append(LedgerEntry(case_id=line.case_id, line=line, project_id=line.project_id,
                                       commune_id=line.commune_id, kind="principal",
                                       amount=line.amount_due, entry_date=day, method="transfer",
                                       receipt_number="UNC"))  # fmt: skip
        if c_stage >= 8:
            handovers.append(Handover(case_id=line.case_id, project_id=line.project_id,
                                      commune_id=line.commune_id,
                                      handover_date=min(today, day + dt.timedelta(days=7)),
                                      minutes_number="BG", signer="x"))  # fmt: skip
    LedgerEntry.objects.bulk_create(entries, batch_size=5000)
    Deposit.objects.bulk_create(deposits, batch_size=5000)
    Handover.objects.bulk_create(handovers, batch_size=5000)
    if connection.vendor == "postgresql":
        # Planner statistics, as autovacuum would gather them in a while: without them
        # the rebuild's lookups by case ran several times slower.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"built {households:,} households in {projects} projects, {len(steps):,} steps, "
          f"{len(entries):,} payments, {len(handovers):,} handovers "
          f"in {time.perf_counter() - t0:.1f} s", flush=True)  # fmt: skip


def rebuild() -> None:
    """The progress rows of the bulk-built city: what `gpmb progress_rebuild` does."""
    from gpmb.reports.progress import rebuild as progress_rebuild

    t = time.perf_counter()
    count = progress_rebuild()
    print(
        f"progress rows of {count:,} cases rebuilt in {time.perf_counter() - t:.1f} s", flush=True
    )


def measure(runs: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from gpmb.reports.queries import ScopeKind, report

    user, _ = get_user_model().objects.get_or_create(
        username="bench-city", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client()
    client.force_login(user)
    client.get("/reports/")  # warm-up
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        response = client.get("/reports/")
        times.append(time.perf_counter() - t)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get("/reports/")
    count = len(queries)
    query_times = []
    for _ in range(runs):
        t = time.perf_counter()
        r = report(user, ScopeKind.CITY)
        query_times.append(time.perf_counter() - t)
    part = []
    for _ in range(runs):
        t = time.perf_counter()
        client.get("/reports/blockers/summary/?scope=city", HTTP_HX_REQUEST="true")
        part.append(time.perf_counter() - t)
    print(f"{connection.vendor}: {r.totals.total:,} households, {len(r.projects)} projects, "
          f"{len(r.wards)} wards, {r.totals.handed_over:,} handed over")  # fmt: skip
    print(f"GET /reports/: median {statistics.median(times) * 1000:.0f} ms, "
          f"min {min(times) * 1000:.0f} ms ({count} queries); "
          f"report() alone: median {statistics.median(query_times) * 1000:.0f} ms; "
          f"the blockers part after it: median {statistics.median(part) * 1000:.0f} ms")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=50_000)
    parser.add_argument("--projects", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", help="a data folder to build in or reuse (SQLite)")
    args = parser.parse_args()
    setup(args.keep)
    build(args.households, args.projects)
    rebuild()
    measure(args.runs)


if __name__ == "__main__":
    main()
