"""The engine's facts for cases, read from the database (docs/compute-case-format.md).

Only what the database holds goes in. A value GPMB does not record stays out, and the
engine then says which fact is missing (`missing_basis`) instead of a number being
invented here. Cases are read in bulk: a few queries for any number of cases."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict, namedtuple
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.db.models import CharField, F, Subquery
from django.db.models.functions import Cast

from gpmb.cases.choices import CaseStatus
from gpmb.cases.models import Case, Step
from gpmb.census.choices import CensusStatus, ItemKind
from gpmb.census.facts import decimal_text, engine_item
from gpmb.census.models import Census, InventoryCorrection, InventoryItem
from gpmb.engine.pack import AGRICULTURAL_CODES, Pack
from gpmb.parcels.choices import WholeRecovery
from gpmb.parcels.models import ParcelImpact
from gpmb.parties.choices import LandOrigin, Violation
from gpmb.parties.models import HouseholdMember, Tenure
from gpmb.plans.queries import ids_lookup
from gpmb.projects.models import AdminUnit

# parties.choices.LandOrigin → the engine's origin vocabulary (Land Law 2024 Art. 95,
# 101; Decree 88/2024 Art. 5, 8-13). Agricultural land allocated to a household without a
# fee is compensated (Art. 95(1)); other land allocated without a fee is not (Art. 101).
ORIGIN_MAP: dict[str, str] = {
    LandOrigin.ALLOCATED_WITH_FEE: "certificate",
    LandOrigin.LEASED_LUMP_SUM: "certificate",
    LandOrigin.RECOGNISED: "certificate",
    LandOrigin.TRANSFERRED: "certificate",
    LandOrigin.NO_PAPERS: "no_papers",
    LandOrigin.UNAUTHORISED_ALLOCATION: "unauthorised_allocation",
    LandOrigin.ENCROACHED: "violation",
    LandOrigin.LEASED_ANNUAL: "annual_lease",
    LandOrigin.PUBLIC_LAND_CONTRACT: "public_land",
}

WHOLE_RECOVERY: dict[str, bool] = {WholeRecovery.RECOVER: True, WholeRecovery.KEEP: False}

# Facts kept by apps above this one (the resettlement plot allocated to a case): each
# registers, in its AppConfig.ready(), a function from case ids to a section of facts
# per case, as pages take panels from higher apps (gpmb.core.panels).
FactsSource = Callable[[list[int]], dict[int, dict[str, Any]]]
_sources: dict[str, FactsSource] = {}


def register_facts(section: str, source: FactsSource) -> None:
    """Let `source` fill the facts' `section` (e.g. "resettlement"; "" is the case
    itself, where a dict value fills the section of its key) for the cases it knows;
    registering a section again replaces its source."""
    _sources[section] = source


def _merge(facts: dict[str, Any], values: dict[str, Any]) -> None:
    for key, value in values.items():
        if isinstance(value, dict):
            facts.setdefault(key, {}).update(value)
        else:
            facts[key] = value


def _text(name: str) -> Cast:
    """A decimal or date column read as text: the facts want text ("81.2", "2026-03-16"),
    and the database's own rendering skips building a Decimal or date per value."""
    return Cast(name, output_field=CharField())


def _approval_dates(selected: Any) -> dict[int, dt.date]:
    """The day each case's plan is to be approved — the approval step's deadline, set by
    the schedule (`steps_schedule`) — the valuation date of Land Law Art. 91(2) ("tại thời
    điểm phê duyệt phương án") the plan is priced for. Not the day the approval is recorded:
    that would change an approved plan's facts after the fact. A case whose approval is
    not scheduled has none, and the engine asks."""
    return dict(
        Step.objects.filter(
            case_id__in=Subquery(selected.order_by().values("pk")),
            earns=CaseStatus.APPROVED,
            due_date__isnull=False,
        ).values_list("case_id", "due_date")
    )


def facts_for_cases(
    case_ids: Iterable[int],
    pack: Pack | None = None,
    basis: dict[int, dict[str, Any]] | None = None,
) -> tuple[dict[int, dict[str, Any]], dict[int, list[str]]]:
    """Facts (a JSON-ready dict per case id) and, per case, what could not be used
    (e.g. a parcel without a recovered area). `basis`, when given, receives per case the
    inventory round and the corrections the facts count (`{"census": id, "corrections":
    [ids]}`), which a plan version records.

    Reads plain values, not model instances: audited models snapshot every field when
    loaded, which made a 20,000-household project spend most of its time here."""
    ids = list(case_ids)
    wanted = set(ids)
    # Related rows are selected through the cases (subqueries), not long id lists.
    selected = Case.objects.filter(**ids_lookup("pk", ids))
    households = Subquery(selected.order_by().values("household_id"))
    cases = [
        c
        for c in selected.values(
            "pk",
            "household_id",
            "project_id",
            "commune_id",
            "batch_id",
            "household__code",
            "batch__code",
            "batch__notice_date",
            agri_in_use=_text("household__agricultural_area_in_use"),
        )
        if c["pk"] in wanted
    ]
    members: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for household_id, party_id, name, counts in (
        HouseholdMember.objects.filter(household_id__in=households)
        .order_by("household_id", "pk")
        .values_list("household_id", "party_id", "party__full_name", "counts_for_support")
    ):
        members[household_id].append(
            {"id": str(party_id), "name": name, "counts_for_support": counts}
        )
    tenures: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for t in (
        Tenure.objects.filter(household_id__in=households)
        .order_by("household_id", "parcel__map_sheet", "parcel__parcel_number", "pk")
        .values(
            "household_id",
            "parcel_id",
            "origin",
            "violation",
            "parcel__commune_id",
            "parcel__map_sheet",
            "parcel__parcel_number",
            "parcel__land_use_code",
            "parcel__price_segment",
            "parcel__price_position",
            "parcel__other_segments",
            "parcel__remainder_land_use_code",
            "certification_fee",
            use_from=_text("stable_use_start_date"),
            depth=_text("parcel__depth_m"),
            cert_area=_text("parcel__certificate_area"),
            meas_area=_text("parcel__measured_area"),
        )
    ):
        tenures[t["household_id"]].append(t)
    project_ids = {c["project_id"] for c in cases}
    impacts = {
        (project_id, parcel_id): (recovered, whole, strip)
        for project_id, parcel_id, recovered, whole, strip in ParcelImpact.objects.filter(
            project_id__in=project_ids,
            parcel_id__in=Subquery(
                Tenure.objects.filter(household_id__in=households).values("parcel_id")
            ),
        ).values_list(
            "project_id", "parcel_id", _text("recovered_area"), "whole_recovery", "recovered_strip"
        )
    }
    unit_ids = {c["commune_id"] for c in cases} | {
        t["parcel__commune_id"] for ts in tenures.values() for t in ts
    }
    units = {u.pk: (u.slug, u.kind) for u in AdminUnit.objects.filter(pk__in=unit_ids)}
    approval = _approval_dates(selected)
    items = _items(cases, pack, basis)
    out: dict[int, dict[str, Any]] = {}
    warnings: dict[int, list[str]] = defaultdict(list)
    for case in cases:
        slug, kind = units[case["commune_id"]]
        facts: dict[str, Any] = {
            "case_id": f"{case['household__code']}/{case['batch__code']}",
            "kind": "household",
            "commune": slug,
            "commune_kind": kind,
            "members": members.get(case["household_id"], []),
        }
        dates = {}
        if case["batch__notice_date"]:
            dates["notice"] = case["batch__notice_date"].isoformat()
        if case["pk"] in approval:
            dates["valuation"] = approval[case["pk"]].isoformat()
        if dates:
            facts["dates"] = dates
        if case["agri_in_use"] is not None:
            facts["agricultural_area_in_use"] = decimal_text(case["agri_in_use"])
        parcels = []
        for t in tenures.get(case["household_id"], []):
            impact = impacts.get((case["project_id"], t["parcel_id"]))
            if impact is None:
                continue  # the household's land outside this project
            recovered, whole, strip = impact
            if recovered is None:
                warnings[case["pk"]].append(
                    f"thửa {t['parcel__map_sheet']}/{t['parcel__parcel_number']}: "
                    "chưa có diện tích thu hồi"
                )
                continue
            p_slug, p_kind = units[t["parcel__commune_id"]]
            parcels.append(_parcel(t, recovered, whole, strip, p_slug, p_kind))
        facts["parcels"] = parcels
        case_items = items.get(case["pk"])
        if case_items:
            facts["items"] = case_items
        out[case["pk"]] = facts
    for section, source in _sources.items():
        for case_id, values in source(ids).items():
            if case_id in out and values:
                _merge(
                    out[case_id] if not section else out[case_id].setdefault(section, {}), values
                )
    return out, dict(warnings)


def parcel_ref_parts(ref: str) -> tuple[str, str] | None:
    """(map sheet, parcel number) of a parcel `ref` as `_parcel` writes it
    ("commune/sheet/number"), or None for a ref written otherwise (facts entered by hand)."""
    parts = ref.split("/")
    return (parts[1], parts[2]) if len(parts) == 3 and all(parts) else None


def _parcel(
    t: dict[str, Any],
    recovered: Decimal,
    whole_recovery: str,
    strip: str,
    commune: str,
    kind: str,
) -> dict[str, Any]:
    code = t["parcel__land_use_code"]
    d: dict[str, Any] = {
        "ref": f"{commune}/{t['parcel__map_sheet']}/{t['parcel__parcel_number']}",
        "land_use_code": code,
        "recovered_area": decimal_text(recovered),
        "commune": commune,
        "commune_kind": kind,
    }
    if t["cert_area"] is not None:
        d["certificate_area"] = decimal_text(t["cert_area"])
    if t["meas_area"] is not None:
        d["measured_area"] = decimal_text(t["meas_area"])
    origin = ORIGIN_MAP.get(t["origin"])
    if t["origin"] == LandOrigin.ALLOCATED_NO_FEE:
        origin = "certificate" if code in AGRICULTURAL_CODES else "state_free_allocation"
    if origin == "no_papers" and t["violation"] != Violation.NONE:
        origin = "violation"  # Decree 88/2024 Art. 9: land used in violation
    if origin is not None:
        d["origin"] = origin
    if t["use_from"]:
        d["stable_use_from"] = str(t["use_from"])[:10]
    if t["parcel__remainder_land_use_code"]:
        d["remainder_code"] = t["parcel__remainder_land_use_code"]  # beyond the residential area
    if t["certification_fee"] is not None:
        d["certification_fee"] = t["certification_fee"]  # Decree 88 Art. 25(3), đồng
    whole = WHOLE_RECOVERY.get(whole_recovery)
    if whole is not None:
        d["remainder_recovery"] = whole
    # The price table's segment (non-agricultural land) and position, as the team set
    # them; unset, the land line asks for them (missing_basis) rather than guess.
    if code not in AGRICULTURAL_CODES and t["parcel__price_segment"]:
        d["segment"] = t["parcel__price_segment"]
    if t["parcel__price_position"]:
        d["position"] = t["parcel__price_position"]
    # Depth from the road's corridor line, the other roads it fronts, and where this
    # project's strip lies: what a table priced by depth band and frontage needs.
    if t["depth"] is not None:
        d["depth"] = decimal_text(t["depth"])
    if t["parcel__other_segments"]:
        d["other_segments"] = list(t["parcel__other_segments"])
    if strip:
        d["recovered_strip"] = strip
    return d


_ITEM_FIELDS = (
    "case_id",
    "census_id",
    "kind",
    "line_no",
    "price_code",
    "cutoff_status",
    "year_built",
    "grave_type",
    "annual_income",
    "special_case",
)
# Read as text (no Decimal or date built per value by the ORM), converted below.
_TEXT_ITEM_FIELDS = ("quantity", "floor_area", "origin_date", "garden_area", "weight_kg")
# What engine_item reads of an item, as a light record (not a model instance).
_Item = namedtuple(
    "_Item",
    [
        "case_id",
        "census_id",
        "kind",
        "line_no",
        "price_code",
        "cutoff_status",
        "year_built",
        "grave_type",
        "annual_income",
        "special_case",
        "quantity",
        "floor_area",
        "origin_date",
        "garden_area",
        "weight_kg",
    ],
)
assert _Item._fields == (*_ITEM_FIELDS, *_TEXT_ITEM_FIELDS)


def counted_rounds(batch_ids: Iterable[int]) -> tuple[dict[int, int], dict[int, Any]]:
    """The round each batch's plans count (batch id → round id), and every round's
    cut-off. A closed round is the frozen inventory; an open later round is still being
    counted, so the last closed one wins when there is one."""
    rows = list(
        Census.objects.filter(batch_id__in=set(batch_ids))
        .order_by("batch_id", "number")
        .values_list("pk", "batch_id", "status", "cutoff_date")
    )
    cutoff = {pk: SimpleNamespace(cutoff_date=cutoff_date) for pk, _, _, cutoff_date in rows}
    return _pick_counted((pk, batch_id, status) for pk, batch_id, status, _ in rows), cutoff


def _pick_counted(rounds: Iterable[tuple[int, int, str]]) -> dict[int, int]:
    """(round id, batch id, status) in order of batch and number → batch id → the
    counted round's id."""
    latest: dict[int, int] = {}
    for census_id, batch_id, status in rounds:
        if batch_id not in latest or status == CensusStatus.CLOSED:
            latest[batch_id] = census_id
    return latest


def counted_corrections(case_census: dict[int, int | None]) -> dict[int, InventoryCorrection]:
    """The corrections a computation counts (item id → the item's latest correction on
    the round its case counts), for cases given with their counted round."""
    out: dict[int, InventoryCorrection] = {}
    rounds = sorted({c for c in case_census.values() if c is not None})
    if not rounds:
        return out
    for correction in (
        InventoryCorrection.objects.filter(
            **ids_lookup("case_id", list(case_census)), census_id__in=rounds
        )
        .select_related("item")
        .order_by("pk")
    ):
        if case_census.get(correction.case_id) == correction.census_id:
            out[correction.item_id] = correction  # the last one wins
    return out


def _items(
    cases: list[dict[str, Any]],
    pack: Pack | None,
    basis: dict[int, dict[str, Any]] | None = None,
) -> dict[int, list[dict[str, Any]]]:
    """Inventory items of the latest round of each case's batch in the engine's format as
    the census app maps them (gpmb.census.facts.engine_item: the item's unit-price code,
    admitted items without their date, items after the cut-off and not admitted marked
    `after_cutoff` so that the engine writes their zero line, Land Law 2024 Art. 105).
    A line of a closed round counts as its latest correction left it; `basis`, when
    given, receives per case the round and the corrections counted."""
    latest, cutoff = counted_rounds({c["batch_id"] for c in cases})
    case_census = {c["pk"]: latest.get(c["batch_id"]) for c in cases}
    if basis is not None:
        for case_id, census_id in case_census.items():
            basis[case_id] = {"census": census_id, "corrections": []}
    if not latest:
        return {}
    corrections = counted_corrections(case_census)
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    # The round is matched as `census_id + 0`: with plain conditions on them, SQLite chose
    # the round's or the cut-off's index over the case's and read a whole round of items
    # for one household. The round is still filtered in SQL: a batch with a later open
    # round holds a second copy of its items, which need not reach Python.
    rows = (
        InventoryItem.objects.filter(**ids_lookup("case_id", list(case_census)))
        .alias(census_round=F("census_id") + 0)
        .filter(census_round__in=sorted(set(latest.values())))
        .exclude(kind=ItemKind.PERSON)  # members come from the household register
        .order_by("case_id", "kind", "line_no")
        .values_list("pk", *_ITEM_FIELDS, *[_text(f) for f in _TEXT_ITEM_FIELDS])
    )
    decimal = Decimal
    from_iso = dt.date.fromisoformat
    for pk, *values in rows:
        case_id, census_id = values[0], values[1]
        if case_census.get(case_id) != census_id:
            continue  # another round
        correction = corrections.get(pk)
        if correction is not None:
            if basis is not None:
                basis[case_id]["corrections"].append(correction.pk)
            if correction.removes:
                continue  # taken out of the inventory by a correction
            fixed = correction.typed_values()
            # A correction written before a field existed leaves that field as recorded.
            garden, weight = (
                fixed[f] if f in fixed else (None if v is None else decimal(v))
                for f, v in (("garden_area", values[13]), ("weight_kg", values[14]))
            )
            item = _Item(  # type: ignore[call-arg]
                case_id,
                census_id,
                values[2],
                values[3],
                *(fixed[f] for f in _ITEM_FIELDS[4:9]),
                fixed.get("special_case", values[9]),
                *(fixed[f] for f in _TEXT_ITEM_FIELDS[:3]),
                garden,
                weight,
            )
        else:
            quantity, floor_area, origin_date, garden_area, weight_kg = values[10:]
            item = _Item(  # type: ignore[call-arg]
                *values[:10],
                decimal(quantity),
                None if floor_area is None else decimal(floor_area),
                None if origin_date is None else from_iso(origin_date[:10]),
                None if garden_area is None else decimal(garden_area),
                None if weight_kg is None else decimal(weight_kg),
            )
        out[case_id].append(engine_item(item, cutoff[census_id]))  # type: ignore[arg-type]
    if basis is not None:
        for entry in basis.values():
            entry["corrections"].sort()
    return out


@dataclass
class InventoryStanding:
    """What a plan version counted of the inventory against what a computation would
    count now: edits it does not count are named, never silent."""

    counted_round: Census | None
    counted: list[int]  # ids of the corrections the version counted
    uncounted: list[InventoryCorrection]  # corrections made since, on the counted round
    next_round: Census | None  # a round closed since, which the next computation counts
    open_round: Census | None  # a later open round: its edits count once it is closed

    @property
    def stale(self) -> bool:
        return bool(self.uncounted) or self.next_round is not None


@dataclass
class InventoryBasisNow:
    rounds: dict[int, Census]
    case_census: dict[int, int | None]
    corrections: dict[int, list[InventoryCorrection]]  # by case

    def compare(self, version: Any) -> InventoryStanding:
        basis = version.inventory_basis or {}
        counted = list(basis.get("corrections", []))
        now = self.case_census.get(version.case_id)
        recorded = basis.get("census") if basis else now  # versions from before: unknown
        counted_round = self.rounds.get(recorded) if recorded else None
        batch_rounds = [r for r in self.rounds.values() if r.batch_id == version.case.batch_id]
        open_round = next(
            (
                r
                for r in batch_rounds
                if not r.is_closed and (counted_round is None or r.number > counted_round.number)
            ),
            None,
        )
        return InventoryStanding(
            counted_round=counted_round,
            counted=counted,
            uncounted=[
                c
                for c in self.corrections.get(version.case_id, [])
                if c.pk not in counted and c.census_id == recorded
            ]
            if basis
            else [],
            next_round=self.rounds.get(now) if now and now != recorded else None,
            open_round=open_round,
        )


def inventory_basis_now(cases: list[Case]) -> InventoryBasisNow:
    """For the household page: the round and corrections the next computation of each
    of `cases` would count (compared with a version by `compare`)."""
    rounds = {
        r.pk: r
        for r in Census.objects.filter(batch_id__in={c.batch_id for c in cases}).order_by(
            "batch_id", "number"
        )
    }
    latest = _pick_counted((r.pk, r.batch_id, r.status) for r in rounds.values())
    case_census = {c.pk: latest.get(c.batch_id) for c in cases}
    by_case: dict[int, list[InventoryCorrection]] = defaultdict(list)
    for correction in counted_corrections(case_census).values():
        by_case[correction.case_id].append(correction)
    return InventoryBasisNow(rounds, case_census, dict(by_case))


def case_facts(case: Case, pack: Pack | None = None) -> dict[str, Any]:
    facts, _warnings = facts_for_cases([case.pk], pack)
    return facts[case.pk]
