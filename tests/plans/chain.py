"""Walking a batch plan through the law's steps in tests: the notice and the inventory
recorded, posted for the pack's ten days (ended in the past), consulted on, submitted."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gpmb.cases.models import Case, Step
from gpmb.cases.services import StepDocument, steps_record
from gpmb.core.models import Actor
from gpmb.plans.models import BatchPlan, PlanVersion
from gpmb.plans.services import plan_consult, plan_post, plan_submit, posting_end_earliest
from gpmb.policy.services import batch_steps_generate


def inventoried(batch, *, days_ago: int = 40, cases=None) -> None:
    """The recovery notice and inventory of the batch's cases (or of `cases`) recorded by
    the system — what must be done before a plan is drafted — `days_ago` days back."""
    cases = list(cases if cases is not None else Case.objects.filter(batch=batch))
    batch_steps_generate(batch=batch, actor=None, cases=cases)
    today = timezone.localdate()
    for code, back, number in (
        ("notice", days_ago + 30, "05/TB-UBND"),
        ("inventory", days_ago, ""),
    ):
        open_cases = [
            c
            for c in cases
            if Step.objects.filter(case=c, code=code, done_date__isnull=True).exists()
        ]
        if open_cases:
            day = today - dt.timedelta(days=back)
            steps_record(
                cases=open_cases,
                code=code,
                done_date=day,
                document=StepDocument(number, day) if number else None,
                actor=None,
            )


def post(
    version: PlanVersion,
    actor: Actor = None,
    *,
    ended_days_ago: int = 5,
    days: int | None = None,
    **kwargs,
) -> BatchPlan:
    """Post the batch plan holding `version` (its batch, its commune) for the law's
    period or for `days`, the posting ended about `ended_days_ago` days ago."""
    start = timezone.localdate() - dt.timedelta(days=ended_days_ago + (days or 10))
    inventoried(version.case.batch)
    act = plan_post(
        batch=version.case.batch,
        commune_id=version.commune_id,
        actor=actor,
        start_date=start,
        # The law's days, the first not counted, a last day off moved to the next
        # working day (Civil Code Art. 147, 148).
        end_date=(
            posting_end_earliest(version.case.batch, start)
            if days is None
            else start + dt.timedelta(days=days)
        ),
        document_number="12/TB-UBND",
        **kwargs,
    )
    return act.batch_plan


def consult(batch_plan: BatchPlan, actor: Actor = None) -> BatchPlan:
    plan_consult(
        batch_plan=batch_plan,
        actor=actor,
        meeting_date=batch_plan.posting_end_date + dt.timedelta(days=1),
        agree_count=1,
        disagree_count=0,
        other_count=0,
        document_number="03/BB-LYK",
    )
    batch_plan.refresh_from_db()
    return batch_plan


def submitted(version: PlanVersion, officer: Actor = None) -> PlanVersion:
    """`version` posted and consulted on by the system, then submitted by `officer`."""
    batch_plan = consult(post(version))
    plan_submit(batch_plan=batch_plan, actor=officer)
    version.refresh_from_db()
    return version
