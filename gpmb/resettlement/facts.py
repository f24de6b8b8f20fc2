"""What the engine needs to know of a case's resettlement: the plot allocated to it
(area, land use, where it is priced). Registered with gpmb.plans.facts, so a plan
computed after an allocation carries the plot's fee (Land Law 2024 Art. 111(3);
Resolution 254/2025 Art. 3(6)) and one computed after a refusal does not."""

from __future__ import annotations

from typing import Any

from gpmb.plans.queries import ids_lookup
from gpmb.resettlement.models import Allocation


def resettlement_facts(case_ids: list[int]) -> dict[int, dict[str, Any]]:
    rows = (
        Allocation.objects.filter(refused_on__isnull=True, plot__kind="land")
        .filter(**ids_lookup("case_id", case_ids))
        .values_list(
            "case_id", "plot__area", "plot__land_use_code", "plot__segment", "plot__position"
        )
    )
    out: dict[int, dict[str, Any]] = {}
    for case_id, area, code, segment, position in rows:
        facts: dict[str, Any] = {"plot_area": str(area), "land_use_code": code}
        if segment:
            facts["segment"] = segment
        if position:
            facts["position"] = position
        out[case_id] = facts
    return out
