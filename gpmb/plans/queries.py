"""Reading plans: latest versions, group totals, a project's summary."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery, Sum

from gpmb.cases.models import Case
from gpmb.plans.choices import LineGroup, LineStatus, PlanStatus
from gpmb.plans.models import CalculationLine, PlanVersion


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
