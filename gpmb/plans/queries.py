"""Reading plans: latest versions, group totals."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from gpmb.plans.choices import LineGroup
from gpmb.plans.models import CalculationLine, Case, PlanVersion


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
