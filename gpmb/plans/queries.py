"""Reading plans: latest versions, group totals, a project's summary."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gpmb.cases.models import Case
from gpmb.plans.choices import LineGroup, LineStatus, PlanStatus
from gpmb.plans.models import BatchPlan, CalculationLine, PlanVersion
from gpmb.projects.models import AdminUnit, Batch


def group_totals(version: PlanVersion) -> list[dict[str, Any]]:
    """The version's totals by group, in the plan's order, without empty groups."""
    totals = version.totals or {}
    return [
        {"group": g.value, "label": g.label, "amount": totals[g.value]}
        for g in LineGroup
        if totals.get(g.value)
    ]


def latest_versions(cases: QuerySet[Case], *, lines: bool = True) -> QuerySet[PlanVersion]:
    """The newest version of each case in `cases` (lines prefetched in order)."""
    newest = (
        PlanVersion.objects.filter(case_id=OuterRef("case_id"))
        .order_by("-number")
        .values("number")[:1]
    )
    qs = PlanVersion.objects.filter(case__in=cases, number=Subquery(newest)).select_related("pack")
    if lines:
        qs = qs.prefetch_related(
            Prefetch("lines", queryset=CalculationLine.objects.order_by("position"))
        )
    return qs


def ids_lookup(field: str, ids: Sequence[int]) -> dict[str, Any]:
    """Filter arguments selecting at least `ids` on `field` (callers keep only the ids
    they asked for). A dense run of ids (a project's cases, computed in chunks) becomes
    one range instead of a list of thousands of parameters: Django prepares every value
    of a list on each query, and SQLite parses and binds them."""
    if len(ids) > 64:
        lo, hi = min(ids), max(ids)
        if hi - lo < 2 * len(ids):
            return {f"{field}__gte": lo, f"{field}__lte": hi}
    return {f"{field}__in": list(ids)}


def plan_summary(cases: QuerySet[Case]) -> dict[str, Any]:
    """The latest versions of `cases` counted by result status, with the total net amount
    and debt — one query."""
    rows = (
        latest_versions(cases, lines=False)
        .order_by()
        .values("result_status")
        .annotate(n=Count("pk"), net=Sum("net_amount"), debt=Sum("debt_amount"))
    )
    by_status = {r["result_status"]: r for r in rows}
    return {
        "computed": sum(r["n"] for r in by_status.values()),
        "statuses": [
            (status, by_status[status.value]["n"])
            for status in LineStatus
            if status.value in by_status
        ],
        "net": sum(r["net"] or 0 for r in by_status.values()),
        "debt": sum(r["debt"] or 0 for r in by_status.values()),
    }


def approved_version(case_id: int) -> PlanVersion | None:
    """The version of the case in force: the last approved one (an adjustment, while not
    approved itself, leaves it in force)."""
    return (
        PlanVersion.objects.filter(case_id=case_id, status=PlanStatus.APPROVED)
        .order_by("-number")
        .first()
    )


def compared_version(version: PlanVersion) -> PlanVersion | None:
    """What a version is compared with: the approved plan it adjusts (Land Law 2024
    Art. 94(5): an adjustment is read against the approved plan), else the version
    before it."""
    if version.status != PlanStatus.APPROVED:
        approved = approved_version(version.case_id)
        if approved is not None and approved.number < version.number:
            return approved
    return (
        PlanVersion.objects.filter(case_id=version.case_id, number__lt=version.number)
        .order_by("-number")
        .first()
    )


# -- what waits for whom ----------------------------------------------------------------

# Each act: the permission that does it, the states it starts from, and its name.
ACTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("consult", "plans.consult_planversion", (PlanStatus.POSTED,)),
    ("submit", "plans.submit_planversion", (PlanStatus.CONSULTED, PlanStatus.RETURNED)),
    ("appraise", "plans.appraise_planversion", (PlanStatus.SUBMITTED,)),
    ("approve", "plans.approve_planversion", (PlanStatus.APPRAISED,)),
)
DUE_SOON_DAYS = 7


@dataclass
class WorkItem:
    """One thing waiting for the user: an act to do on a batch plan (or drafts to post in
    one batch and commune), with when it is due."""

    action: str
    label: str
    batch: Batch
    commune: AdminUnit
    count: int
    batch_plan: BatchPlan | None = None
    due_date: dt.date | None = None
    today: dt.date = field(default_factory=timezone.localdate)

    @property
    def overdue(self) -> bool:
        return self.due_date is not None and self.today > self.due_date

    @property
    def due_soon(self) -> bool:
        return (
            self.due_date is not None
            and not self.overdue
            and (self.due_date - self.today).days <= DUE_SOON_DAYS
        )


ACTION_LABELS = {
    "post": _("Niêm yết phương án dự thảo"),
    "consult": _("Ghi kết quả lấy ý kiến"),
    "submit": _("Trình thẩm định"),
    "appraise": _("Thẩm định hoặc trả lại"),
    "approve": _("Phê duyệt"),
}


def waiting_for(user: Any, today: dt.date | None = None) -> list[WorkItem]:
    """What waits for this user's roles, in the projects and communes they reach: drafts
    ready to post; posted plans whose posting has ended (consultation); plans consulted on
    or returned (submission); submitted (appraisal); appraised (approval, except those the
    user submitted). Overdue once the pack's period has passed (`BatchPlan.due_date`),
    most urgent first."""
    from gpmb.plans.services import may_act  # services import this module

    today = today or timezone.localdate()
    items: list[WorkItem] = []
    drafts = (
        PlanVersion.objects.restrict(user, "plans.post_planversion")
        .filter(status=PlanStatus.DRAFT, result_status=LineStatus.OK)
        .order_by()
        .values("case__batch", "commune")
        .annotate(n=Count("pk"))
    )
    rows = list(drafts)
    if rows:
        batches = Batch.objects.select_related("project").in_bulk({r["case__batch"] for r in rows})
        communes = AdminUnit.objects.in_bulk({r["commune"] for r in rows})
        for r in rows:
            items.append(
                WorkItem(
                    "post",
                    str(ACTION_LABELS["post"]),
                    batches[r["case__batch"]],
                    communes[r["commune"]],
                    r["n"],
                    today=today,
                )
            )
    for action, perm, statuses in ACTS:
        plans = (
            BatchPlan.objects.restrict(user, perm)
            .filter(status__in=statuses)
            .select_related("batch__project", "commune", "project")
            .annotate(n=Count("versions", filter=Q(versions__status__in=statuses)))
        )
        for bp in plans:
            if not bp.n:  # type: ignore[attr-defined]
                continue  # every household recomputed since: nothing left to act on
            if action == "consult" and bp.posting_end_date >= today:
                continue  # still posted: nothing to do until it ends
            if action == "approve" and bp.submitted_by_id == getattr(user, "pk", None):
                continue  # the one who submitted does not approve
            if not may_act(user, perm, bp):
                continue
            items.append(
                WorkItem(
                    action,
                    str(ACTION_LABELS[action]),
                    bp.batch,
                    bp.commune,
                    bp.n,  # type: ignore[attr-defined]
                    bp,
                    bp.due_date,
                    today,
                )
            )
    items.sort(key=lambda w: (not w.overdue, w.due_date or dt.date.max, w.batch.pk))
    return items
