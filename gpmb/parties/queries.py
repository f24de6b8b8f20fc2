"""Reading households: search by name, code, national ID or parcel."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from gpmb.core.permissions import user_can
from gpmb.core.vnformat import fold
from gpmb.parties.models import Household, HouseholdMember, Tenure
from gpmb.plans.models import Case

# "12/85", "tờ 12 thửa 85", "t12 th85": map sheet and parcel number.
SHEET_PARCEL = re.compile(
    r"^\s*(?:tờ|to|t)?\s*(\w+)\s*(?:[/,;-]|\s+)\s*(?:thửa|thua|th)?\s*(\w+)\s*$", re.I
)


def household_search(user: Any, q: str) -> Q:
    """A filter for the search box: household code, member name (with or without
    diacritics), parcel number ("85") or sheet and parcel ("12/85", "tờ 12 thửa 85"),
    and a full national ID for roles allowed to see IDs."""
    q = q.strip()
    if not q:
        return Q()
    condition = Q(code__iexact=q) | Q(
        pk__in=HouseholdMember.objects.filter(party__search_name__contains=fold(q)).values(
            "household_id"
        )
    )
    match = SHEET_PARCEL.match(q)
    if match:
        condition |= Q(
            pk__in=Tenure.objects.filter(
                parcel__map_sheet=match[1], parcel__parcel_number=match[2]
            ).values("household_id")
        )
    if q.isdigit():
        condition |= Q(pk__in=Tenure.objects.filter(parcel__parcel_number=q).values("household_id"))
        if len(q) >= 9 and user_can(user, "parties.view_national_id"):
            condition |= Q(
                pk__in=HouseholdMember.objects.filter(party__national_id=q).values("household_id")
            )
    return condition


def household_list(
    user: Any, *, q: str = "", project: str = "", commune: str = "", status: str = ""
) -> QuerySet[Household]:
    cases = Case.objects.restrict(user)
    if project:
        cases = cases.filter(project__code=project)
    if commune:
        cases = cases.filter(commune__code=commune)
    if status:
        cases = cases.filter(status=status)
    # The cases are already restricted to the user's projects and communes, so they
    # scope the households too (see HouseholdQuerySet.restrict).
    return (
        Household.objects.filter(pk__in=cases.values("household_id"))
        .filter(household_search(user, q))
        .select_related("head", "commune")
        .annotate(member_count=Count("members"))
        .prefetch_related(
            Prefetch("cases", queryset=cases.select_related("project", "batch")),
            Prefetch("tenures", queryset=Tenure.objects.select_related("parcel")),
        )
        .order_by("code")
    )
