"""What the engine needs to know of a case's resettlement, from the resettlement records.
Registered with gpmb.plans.facts for the case itself, so a plan computed after an
entitlement, an allocation or a refusal follows them:

- an entitled household must move (`relocating`: Land Law 2024 Art. 111(4),(5); Decree 88
  Art. 11(2)), except one resettled in place behind its house (Decree 88 Art. 24(3));
- one that chose to find its own home gets that support (`self_arranged_housing`, Decree 88
  Art. 23);
- one waiting for a plot or a flat gets rent or temporary housing from the day its land is
  due to the day its plot can be given (`support.waiting_*`: Decree 88 Art. 3(2)(n) as
  amended by Decree 49/2026; Land Law Art. 111(7); Resolution 254 Art. 3(4)) — the plot's
  site's allocation date; no plot yet, no end, and the line says it is missing;
- the plot allocated to it (area, land use, where it is priced): its fee (Land Law
  Art. 111(3); Resolution 254/2025 Art. 3(6)) and the minimum-unit top-up (Art. 111(8));
  the debt on the fee when the household asked for it (Decree 88 Art. 26)."""

from __future__ import annotations

from typing import Any

from gpmb.plans.queries import ids_lookup
from gpmb.resettlement.choices import EntitlementBasis, EntitlementChoice
from gpmb.resettlement.models import Allocation, Entitlement

WAITING_CHOICES = (EntitlementChoice.PLOT, EntitlementChoice.APARTMENT)


def resettlement_facts(case_ids: list[int]) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    allocated: dict[int, tuple[Any, ...]] = {
        row[0]: row
        for row in Allocation.objects.filter(refused_on__isnull=True)
        .filter(**ids_lookup("case_id", case_ids))
        .values_list(
            "case_id",
            "plot__kind",
            "plot__area",
            "plot__land_use_code",
            "plot__segment",
            "plot__position",
            "plot__site__allocation_possible",
        )
    }
    debt: set[int] = set()
    for case_id, basis, choice, batch_due, project_due, debt_on in Entitlement.objects.filter(
        **ids_lookup("case_id", case_ids)
    ).values_list(
        "case_id",
        "basis",
        "choice",
        "case__batch__target_handover_date",
        "case__project__target_handover_date",
        "debt_requested_on",
    ):
        if debt_on is not None:
            debt.add(case_id)
        facts: dict[str, Any] = {}
        if basis != EntitlementBasis.IN_PLACE:
            facts["relocating"] = True
        if choice == EntitlementChoice.SELF_ARRANGED:
            facts["support"] = {"self_arranged_housing": True}
        elif choice in WAITING_CHOICES:
            support: dict[str, Any] = {"waiting_for_resettlement": True}
            due = batch_due or project_due
            if due is not None:
                support["waiting_from"] = due.isoformat()
            row = allocated.get(case_id)
            if row is not None and row[6] is not None:
                support["waiting_until"] = row[6].isoformat()
            facts["support"] = support
        out[case_id] = facts
    for case_id, kind, area, code, segment, position, _ready in allocated.values():
        if kind != "land":
            continue
        plot: dict[str, Any] = {"plot_area": str(area), "land_use_code": code}
        if segment:
            plot["segment"] = segment
        if position:
            plot["position"] = position
        if case_id in debt:
            plot["record_debt"] = True  # Decree 88 Art. 26: asked, with its commitment
        out.setdefault(case_id, {})["resettlement"] = plot
    return out
