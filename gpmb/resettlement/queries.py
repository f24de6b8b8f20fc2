"""Reads of the resettlement app: whether the plots will be ready before the families
must leave their land."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
import shapely.geometry
from django.utils import timezone
from django.utils.translation import gettext as _

from gpmb.cases.models import Case
from gpmb.core.permissions import may
from gpmb.engine import CaseFacts, FactsError
from gpmb.engine.entitlement import MISSING_BASIS, Proposal, propose
from gpmb.engine.pack import RESIDENTIAL_CODES
from gpmb.geo.crs import to_wgs84
from gpmb.parties.models import Tenure
from gpmb.plans.facts import facts_for_cases
from gpmb.policy.packs import PolicyError, pack_for_code
from gpmb.projects.models import Batch, Project
from gpmb.resettlement.choices import EntitlementBasis, EntitlementChoice
from gpmb.resettlement.models import Allocation, Entitlement, EntitlementAnswer, Plot

# The choices that need a plot or an apartment before the family can move.
NEEDS_A_PLACE = (EntitlementChoice.PLOT, EntitlementChoice.APARTMENT)


@dataclass(frozen=True)
class Blocker:
    """A household that must hand over its land before it has a place to go."""

    entitlement: Entitlement
    handover_due: dt.date | None
    ready_on: dt.date | None
    reason: str


def project_standing(user: Any, project: Project) -> dict[str, Any]:
    """For one project: households needing a plot or an apartment, by ward; plots ready
    (of a site whose land can be allocated today) and free; and the blockers — every
    household whose handover is due before its plot can be handed over, or that has no
    plot although its handover date is set (Land Law 2024 Art. 111(1)-(2): resettlement
    is arranged before the land is recovered)."""
    today = timezone.localdate()
    entitlements = list(
        Entitlement.objects.restrict(user)
        .filter(project=project, choice__in=NEEDS_A_PLACE)
        .select_related("case__household", "case__batch", "commune")
        .order_by("case__household__code")
    )
    allocated = {
        a.case_id: a
        for a in Allocation.objects.filter(
            case_id__in=[e.case_id for e in entitlements], refused_on__isnull=True
        ).select_related("plot__site")
    }
    plots = Plot.objects.restrict(user).filter(site__projects=project)
    ready = plots.filter(site__allocation_possible__lte=today)
    blockers = []
    for e in entitlements:
        due = e.case.batch.target_handover_date or project.target_handover_date
        allocation = allocated.get(e.case_id)
        ready_on = allocation.plot.site.allocation_possible if allocation else None
        if allocation is None:
            if due is not None:
                blockers.append(Blocker(e, due, None, _("chưa được bố trí lô")))
        elif ready_on is None or (due is not None and ready_on > due):
            blockers.append(
                Blocker(e, due, ready_on, _("khu tái định cư chưa sẵn sàng trước hạn bàn giao"))
            )
    return {
        "needing": len(entitlements),
        "by_commune": sorted(Counter(e.commune.name for e in entitlements).items()),
        "allocated": len(allocated),
        "plots_ready": ready.count(),
        "plots_free_ready": ready.exclude(
            pk__in=Allocation.objects.filter(refused_on__isnull=True).values("plot_id")
        ).count(),
        "blockers": blockers,
    }


def entitlement_proposals(cases: Iterable[Case]) -> dict[int, Proposal]:
    """The engine's proposal of each case's resettlement entitlement
    (gpmb.engine.entitlement.propose) from its facts, as a plan is computed from them,
    and the answers recorded for it. A case whose project has no readable pack, or
    whose facts do not parse, gets a missing_basis proposal saying why."""
    cases = list(cases)
    out: dict[int, Proposal] = {}
    answers: dict[int, dict[str, str]] = defaultdict(dict)
    for case_id, question, answer in EntitlementAnswer.objects.filter(
        case_id__in=[c.pk for c in cases]
    ).values_list("case_id", "question", "answer"):
        answers[case_id][question] = answer
    by_project: dict[int, list[Case]] = defaultdict(list)
    for case in cases:
        by_project[case.project_id].append(case)
    for group in by_project.values():
        project = group[0].project
        try:
            _, pack = pack_for_code(project.policy_pack_code)
        except PolicyError as exc:
            for case in group:
                out[case.pk] = Proposal(None, MISSING_BASIS, (), missing=tuple(exc.messages))
            continue
        facts, _warnings = facts_for_cases([c.pk for c in group], pack)
        for case in group:
            try:
                parsed = CaseFacts.from_dict(facts[case.pk])
            except FactsError as exc:
                out[case.pk] = Proposal(None, MISSING_BASIS, (), missing=(str(exc),))
                continue
            out[case.pk] = propose(
                parsed, pack, answers.get(case.pk), linear=project.kind == "linear"
            )
    return out


@dataclass(frozen=True)
class ProposalRow:
    """One household of a batch on its entitlements page."""

    case: Case
    proposal: Proposal
    entitlement: Entitlement | None
    answers: dict[str, EntitlementAnswer]
    may_edit: bool

    @property
    def basis_label(self) -> str:
        basis = self.proposal.basis
        return str(EntitlementBasis(basis).label) if basis else ""


def batch_proposals(user: Any, batch: Batch) -> list[ProposalRow]:
    """The batch's cases this user sees whose residential land the project recovers,
    with the engine's proposal, the entitlement recorded and the answers given."""
    residential = Tenure.objects.filter(
        parcel__land_use_code__in=RESIDENTIAL_CODES,
        parcel__impacts__project_id=batch.project_id,
        parcel__impacts__recovered_area__gt=0,
    ).values("household_id")
    cases = list(
        Case.objects.restrict(user)
        .filter(batch=batch, household_id__in=residential)
        .select_related("household", "project")
        .order_by("household__code")
    )
    proposals = entitlement_proposals(cases)
    ids = [c.pk for c in cases]
    entitlements = {e.case_id: e for e in Entitlement.objects.filter(case_id__in=ids)}
    answers: dict[int, dict[str, EntitlementAnswer]] = defaultdict(dict)
    for row in EntitlementAnswer.objects.filter(case_id__in=ids):
        answers[row.case_id][row.question] = row
    out = []
    for case in cases:
        entitlement = entitlements.get(case.pk)
        probe = entitlement or Entitlement(
            case=case, project_id=case.project_id, commune_id=case.commune_id
        )
        out.append(
            ProposalRow(
                case,
                proposals[case.pk],
                entitlement,
                answers.get(case.pk, {}),
                may(user, "change" if entitlement else "add", probe),
            )
        )
    return out


def plots_geojson(site: Any) -> dict[str, Any]:
    """The site's plots that have a geometry, in WGS 84: number, area, state (free,
    allocated, or refused and free again) and the allocated household's code."""
    plots = list(
        Plot.objects.filter(site=site, geometry__isnull=False).values(
            "pk", "number", "area", "geometry", "crs_epsg"
        )
    )
    ids = [p["pk"] for p in plots]
    in_force = dict(
        Allocation.objects.filter(plot_id__in=ids, refused_on__isnull=True).values_list(
            "plot_id", "case__household__code"
        )
    )
    refused = set(
        Allocation.objects.filter(plot_id__in=ids, refused_on__isnull=False).values_list(
            "plot_id", flat=True
        )
    )
    features = []
    for p in plots:
        geom = shapely.from_wkb(bytes(p["geometry"]))
        shift = to_wgs84(p["crs_epsg"])
        geom = shapely.transform(
            geom, lambda xy, t=shift: np.column_stack(t.transform(xy[:, 0], xy[:, 1]))
        )
        household = in_force.get(p["pk"])
        state = "allocated" if household else ("refused" if p["pk"] in refused else "free")
        features.append(
            {
                "type": "Feature",
                "geometry": shapely.geometry.mapping(geom),
                "properties": {
                    "number": p["number"],
                    "area": str(p["area"]),
                    "state": state,
                    "household": household or "",
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
