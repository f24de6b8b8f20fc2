"""The plan section of the household page: each case's latest version and its lines."""

from __future__ import annotations

from typing import Any

from django import template

from gpmb.core.permissions import user_can
from gpmb.plans.choices import LineStatus, PlanStatus
from gpmb.plans.models import Case
from gpmb.plans.queries import group_totals, latest_versions

register = template.Library()


@register.inclusion_tag("plans/household_plans.html", takes_context=True)
def household_plans(context: Any, household: Any) -> dict[str, Any]:
    request = context["request"]
    user = request.user
    cases = Case.objects.restrict(user).filter(household=household)
    versions = list(latest_versions(cases).select_related("case__project", "case__batch"))
    for v in versions:
        v.sorted_lines = list(v.lines.all())  # type: ignore[attr-defined]
        v.groups = group_totals(v)  # type: ignore[attr-defined]
    can_compute = user_can(user, "plans.compute_case")
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE"),
        "versions": versions,
        "cases": list(
            Case.objects.restrict(user, "compute")
            .filter(household=household)
            .select_related("batch")
        )
        if can_compute
        else [],
        "can_compute": can_compute,
        "can_decide": user_can(user, "plans.decide_case"),
        "LineStatus": LineStatus,
        "PlanStatus": PlanStatus,
    }


@register.simple_tag(takes_context=True)
def user_may(context: Any, perm: str) -> bool:
    """Whether the current user's roles grant `perm` (e.g. "plans.compute_case")."""
    return user_can(context["request"].user, perm)
