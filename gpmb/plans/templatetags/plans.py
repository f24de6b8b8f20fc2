"""The plan section of the household page: each case's latest version and its lines."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from gpmb.core.permissions import user_can
from gpmb.core.vnformat import format_number
from gpmb.plans.choices import LineStatus, PlanStatus
from gpmb.plans.models import Case
from gpmb.plans.queries import group_totals, latest_versions

register = template.Library()


@register.inclusion_tag("plans/household_plans.html", takes_context=True)
def household_plans(context: Any, household: Any) -> dict[str, Any]:
    request = context["request"]
    user = request.user
    # The household page has already read the cases this user may see (with project
    # and batch); reuse them rather than asking again.
    cases = context.get("cases")
    if cases is None:
        cases = Case.objects.restrict(user).filter(household=household)
    case_list = list(cases)
    by_id = {c.pk: c for c in case_list}
    versions = list(latest_versions(Case.objects.filter(pk__in=list(by_id))))
    for v in versions:
        v.case = by_id[v.case_id]
        v.sorted_lines = list(v.lines.all())  # type: ignore[attr-defined]
        v.groups = group_totals(v)  # type: ignore[attr-defined]
    can_compute = user_can(user, "plans.compute_case")
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE"),
        "versions": versions,
        # The compute view checks the user's scope again (404 outside it).
        "cases": case_list if can_compute else [],
        "can_compute": can_compute,
        "can_decide": user_can(user, "plans.decide_case"),
        "LineStatus": LineStatus,
        "PlanStatus": PlanStatus,
    }


@register.simple_tag(takes_context=True)
def user_may(context: Any, perm: str) -> bool:
    """Whether the current user's roles grant `perm` (e.g. "plans.compute_case")."""
    return user_can(context["request"].user, perm)


@register.filter
def vn_dec(value: Any) -> str:
    """A stored quantity, price or coefficient in Vietnamese form without the trailing
    zeros of its column: 106.830000 → "106,83"; 1.200000 → "1,2"."""
    if value in (None, ""):
        return ""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    return format_number(number)


@register.simple_tag(takes_context=True)
def project_plan_summary(context: Any, project: Any) -> dict[str, Any]:
    """Latest versions of the project's cases the user may see, counted by status, with
    the total net amount and debt — one query."""
    from django.db.models import Count, Sum

    cases = Case.objects.restrict(context["request"].user).filter(project=project)
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
        "LineStatus": LineStatus,
    }
