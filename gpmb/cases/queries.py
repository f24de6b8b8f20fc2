"""Reading cases and the households they belong to: the household list and its search."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from gpmb.cases.models import Case
from gpmb.core.roles import PERSONAL_DATA
from gpmb.core.vnformat import fold, parse_sheet_parcel
from gpmb.parties.models import Household, HouseholdMember, Tenure


def household_search(user: Any, q: str) -> Q:
    """A filter for the search box: household code, member name (with or without
    diacritics), parcel number ("85") or sheet and parcel ("12/85", "tờ 12 thửa 85"),
    and a full national ID among the households whose IDs the user may see."""
    q = q.strip()
    if not q:
        return Q()
    condition = Q(code__iexact=q) | Q(
        pk__in=HouseholdMember.objects.filter(party__search_name__contains=fold(q)).values(
            "household_id"
        )
    )
    sheet_parcel = parse_sheet_parcel(q)
    if sheet_parcel:
        condition |= Q(
            pk__in=Tenure.objects.filter(
                parcel__map_sheet=sheet_parcel[0], parcel__parcel_number=sheet_parcel[1]
            ).values("household_id")
        )
    if q.isdigit():
        condition |= Q(pk__in=Tenure.objects.filter(parcel__parcel_number=q).values("household_id"))
        if len(q) >= 9:
            condition |= Q(
                pk__in=HouseholdMember.objects.filter(
                    party__national_id=q,
                    household__in=Household.objects.restrict(user, PERSONAL_DATA),
                ).values("household_id")
            )
    return condition


LIST_FILTERS = ("q", "project", "commune", "status")


def household_list_filters(query: Any) -> dict[str, str]:
    """The household list's filters from a request's query (the page and its export)."""
    return {name: str(query.get(name, "")).strip() for name in LIST_FILTERS}


def household_list(
    user: Any, *, q: str = "", project: str = "", commune: str = "", status: str = ""
) -> QuerySet[Household]:
    """The households the user may see, with the cases the user may see of each."""
    cases = Case.objects.restrict(user)
    if project:
        cases = cases.filter(project__code=project)
    if commune:
        cases = cases.filter(commune__code=commune)
    if status:
        cases = cases.filter(status=status)
    return (
        Household.objects.restrict(user)
        .filter(pk__in=cases.values("household_id"))
        .filter(household_search(user, q))
        .select_related("head", "commune")
        .annotate(member_count=Count("members"))
        .prefetch_related(
            Prefetch("cases", queryset=cases.select_related("project", "batch")),
            Prefetch("tenures", queryset=Tenure.objects.restrict(user).select_related("parcel")),
        )
        .order_by("code")
    )
