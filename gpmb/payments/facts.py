"""What the engine needs to know of a case's payment and handover: the day the land was
handed over and the day of the first payment. Registered with gpmb.plans.facts as the
"handover" section, so a plan computed after the handover carries the province's
early-handover bonus when the dates fall inside its window (Land Law 2024 Art. 111(7);
the pack's `support.early_handover`) and nothing when they do not."""

from __future__ import annotations

from typing import Any

from django.db.models import Min

from gpmb.payments.choices import EntryKind
from gpmb.payments.models import Handover, LedgerEntry
from gpmb.plans.queries import ids_lookup


def handover_facts(case_ids: list[int]) -> dict[int, dict[str, Any]]:
    """The handover date and the first payment still standing (a reversed payment was
    not a payment). A household whose money was only deposited has no first payment:
    it refused the money, and the window counts from a payment."""
    handed = dict(
        Handover.objects.filter(**ids_lookup("case_id", case_ids)).values_list(
            "case_id", "handover_date"
        )
    )
    if not handed:
        return {}
    first = dict(
        LedgerEntry.objects.filter(
            case_id__in=list(handed), kind=EntryKind.PRINCIPAL, reversed_by__isnull=True
        )
        .order_by()
        .values("case_id")
        .annotate(first=Min("entry_date"))
        .values_list("case_id", "first")
    )
    return {
        case_id: {"handed_over": day.isoformat(), "first_payment": first[case_id].isoformat()}
        for case_id, day in handed.items()
        if case_id in first
    }
