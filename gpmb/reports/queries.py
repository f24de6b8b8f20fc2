"""Progress counts of projects, read through the user's scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, Sum

from gpmb.cases.choices import CaseStatus
from gpmb.cases.models import Case
from gpmb.parcels.models import ParcelImpact

PAID_OR_LATER = [CaseStatus.PAID, CaseStatus.HANDED_OVER]
APPROVED_OR_LATER = [CaseStatus.APPROVED, *PAID_OR_LATER]


NO_PROGRESS = {"total": 0, "approved": 0, "paid": 0, "handed_over": 0}


def case_progress(user: Any, group_by: str, **filters: Any) -> dict[Any, dict[str, int]]:
    """Cases the user may see, counted by `group_by` (a Case field): total, approved,
    paid, handed over — handover is the number that clears the site."""
    rows = (
        Case.objects.restrict(user)
        .filter(**filters)
        .values(group_by)
        .annotate(
            total=Count("pk"),
            approved=Count("pk", filter=Q(status__in=APPROVED_OR_LATER)),
            paid=Count("pk", filter=Q(status__in=PAID_OR_LATER)),
            handed_over=Count("pk", filter=Q(status=CaseStatus.HANDED_OVER)),
        )
    )
    return {row.pop(group_by): row for row in rows}


def recovered_area(user: Any, project_id: int) -> dict[str, Any]:
    return (
        ParcelImpact.objects.restrict(user)
        .filter(project_id=project_id)
        .aggregate(parcels=Count("pk"), recovered=Sum("recovered_area"))
    )
