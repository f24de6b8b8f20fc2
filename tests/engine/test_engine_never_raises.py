"""compute() never raises on a valid pack: many generated cases, valid facts of every kind,
against every shipped pack, each also recomputed with a choice made for every question it
asked. A rule that cannot price a case says so in a line; it does not crash the plan."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from gpmb.engine import CaseFacts, compute
from gpmb.engine.facts import ORIGINS, STRIPS, TRANSFEROR_ORIGINS
from gpmb.engine.lines import STATUSES
from gpmb.engine.pack import POSITIONS, Pack, load_pack_dir

CASES_PER_PACK = 300
CODES = ("ODT", "ONT", "LUC", "LUA", "BHK", "CLN", "NTS", "RSX", "TMD", "SKC", "DGT", "LMU")
ITEM_KINDS = (
    "structure",
    "tree",
    "crop",
    "grave",
    "livestock",
    "moving",
    "business",
    "remaining_investment",
    "movable_plant",
    "forest",
    "state_housing",
)


def _day(r: random.Random, start: int = 1975, end: int = 2026) -> str:
    return (dt.date(start, 1, 1) + dt.timedelta(days=r.randrange((end - start) * 365))).isoformat()


def _num(r: random.Random, top: int) -> str:
    return str(r.choice([0, 1, r.randrange(1, top + 1), round(r.uniform(0, top), 2)]))


def _maybe(r: random.Random, value: Any) -> Any:
    return value if r.random() < 0.5 else None


def _table_keys(pack: Pack, key: str) -> list[str]:
    value = pack.value(key)
    return list(value) if isinstance(value, dict) else []


def _parcel(r: random.Random, i: int, segments: list[str]) -> dict[str, Any]:
    recovered = r.choice([0, 1, 35, 80, 150, 400, 2500, 16000])
    whole = recovered + r.choice([0, 0, 10, 30, 200])
    origin = r.choice(ORIGINS)
    p: dict[str, Any] = {
        "ref": f"p{i}",
        "land_use_code": r.choice(CODES),
        "recovered_area": str(recovered),
        "origin": origin,
        "stable_use_from": _maybe(r, _day(r)),
        "certificate_area": _maybe(r, str(whole + r.choice([-5, 0, 5]) if whole > 5 else whole)),
        "measured_area": _maybe(r, str(whole)),
        "area_dispute": r.random() < 0.2,
        "position": r.choice(["VT1", "VT1", "VT2", r.choice(POSITIONS), None]),
        "segment": r.choice(segments) if segments and r.random() < 0.8 else "no-such-road",
        "with_residence": r.random() < 0.2,
        "remainder_recovery": _maybe(r, r.random() < 0.5),
        "house_footprint": _maybe(r, _num(r, 300)),
        "payment_proven": r.random() < 0.3,
        "corridor_area": _maybe(r, _num(r, 200)),
        "corridor_new_code": _maybe(r, r.choice(CODES)),
        "remainder_buildable": _maybe(r, r.random() < 0.5),
        "in_place_farmland_code": r.choice(["CLN", "LUC"]) if r.random() < 0.1 else None,
        "recovered_strip": _maybe(r, r.choice(STRIPS)),
        "depth": _maybe(r, str(r.choice([10, 20, 45, 70]))),
    }
    if r.random() < 0.3:
        p["term_years"], p["remaining_years"] = "50", _num(r, 50)
    if r.random() < 0.2 and recovered:
        p["business_area"], p["business_code"] = str(recovered), "TMD"
    if origin == "transfer_above_limit":
        p["transferred_on"] = _day(r, 1990, 2020)
        p["transferor_origin"] = _maybe(r, r.choice(TRANSFEROR_ORIGINS))
    return p


def _item(r: random.Random, i: int, pack: Pack, refs: list[str]) -> dict[str, Any]:
    kind = r.choice(ITEM_KINDS)
    species = {
        "structure": _table_keys(pack, "structures.unit_prices"),
        "tree": _table_keys(pack, "crops.unit_prices"),
        "crop": _table_keys(pack, "crops.unit_prices"),
        "grave": _table_keys(pack, "graves.unit_prices"),
        "forest": _table_keys(pack, "forest.unit_prices"),
    }.get(kind, [])
    item: dict[str, Any] = {
        "id": f"i{i}",
        "kind": kind,
        "parcel_ref": _maybe(r, r.choice([*refs, "elsewhere"])),
        "species": r.choice([*species, "unknown"]),
        "quantity": _num(r, 500),
        "area": _maybe(r, _num(r, 1000)),
        "category": r.choice(["house", "other", "infrastructure"]),
        "built_on": _maybe(r, _day(r)),
        "planted_on": _maybe(r, _day(r)),
        "lawful": r.random() < 0.8,
        "on_residential_land_without_permit": r.random() < 0.2,
        "violation_handled": r.random() < 0.2,
        "meets_standard": _maybe(r, r.random() < 0.5),
        "demolition": r.choice(["full", "partial"]),
        "remainder_meets_standard": r.random() < 0.5,
        "demolished_quantity": _maybe(r, _num(r, 100)),
        "repair_cost": _maybe(r, r.randrange(0, 50_000_000)),
        "years_used": _maybe(r, _num(r, 60)),
        "weight_kg": _maybe(r, _num(r, 600)),
        "count": r.randrange(0, 5),
        "self_relocated": r.random() < 0.5,
        "estimate": _maybe(r, r.randrange(0, 90_000_000)),
        "damage": _maybe(r, r.randrange(0, 9_000_000)),
        "avg_after_tax_income": _maybe(r, r.randrange(0, 900_000_000)),
        "has_accounts": r.random() < 0.5,
        "registered": r.random() < 0.5,
        "employees": r.randrange(0, 4),
        "costs": _maybe(r, r.randrange(0, 900_000_000)),
        "t1_years": _maybe(r, r.choice(["0", "10", "50"])),
        "t2_years": _maybe(r, _num(r, 50)),
        "after_cutoff": r.random() < 0.1,
        "permit_expired": kind == "structure" and r.random() < 0.2,
        "documented": r.random() < 0.7,
    }
    return item


def _case(r: random.Random, n: int, pack: Pack) -> dict[str, Any]:
    segments = list(pack.segments)
    valuation = pack.valid_from + dt.timedelta(days=r.randrange(0, 300))
    parcels = [_parcel(r, i, segments) for i in range(r.randrange(0, 4))]
    refs = [p["ref"] for p in parcels]
    members = [
        {
            "id": f"m{i}",
            "counts_for_support": r.random() < 0.9,
            "direct_farmer": r.random() < 0.3,
            "social_protection": r.random() < 0.1,
            "share": _maybe(r, r.choice(["0.5", "0.25", "1"])),
        }
        for i in range(r.randrange(0, 7))
    ]
    return {
        "case_id": f"G-{n}",
        "kind": r.choice(["household", "household", "organisation"]),
        "commune": r.choice(["phuong-a", "xa-b", "phuong-trung-tam"]),
        "commune_kind": r.choice(["ward", "commune"]),
        "dates": {
            "notice": _maybe(r, _day(r, 2000, 2026)),
            "valuation": valuation.isoformat() if r.random() < 0.95 else None,
            "prior_plan_approved": _maybe(r, _day(r, 2020, 2026)) if r.random() < 0.2 else None,
        },
        "members": members,
        "parcels": parcels,
        "items": [_item(r, i, pack, refs) for i in range(r.randrange(0, 6))],
        "agricultural_area_in_use": _maybe(r, _num(r, 20000)),
        "relocating": r.random() < 0.5,
        "relocation_difficult_area": r.random() < 0.2,
        "has_other_residence_in_commune": r.random() < 0.3,
        "direct_agricultural_producer": r.random() < 0.3,
        "unpaid_obligations": r.choice([0, 0, 1, 50_000_000, 5_000_000_000]),
        "support": {
            "rental_months": _maybe(r, _num(r, 30)),
            "rental_case": r.choice(["waiting", "repair"]),
            "self_arranged_housing": r.random() < 0.2,
            "contracted_area_supported_before": _maybe(r, _num(r, 60000)),
            "other": [{"code": "X", "title": "hỗ trợ", "amount": 1_000_000}] * (r.random() < 0.2),
            "agreed_average": (
                [{"land_use_code": r.choice(CODES), "ttb": 300_000, "tpa": r.randrange(0, 600_000)}]
                * (r.random() < 0.2)
            ),
            "organisation_relocation": _maybe(r, r.randrange(0, 5_000_000_000)),
        },
        "resettlement": {
            "plot_area": _maybe(r, _num(r, 150)),
            "segment": _maybe(r, r.choice([*segments, "no-such-road"])),
            "similar_segment": _maybe(r, r.choice([*segments, "no-such-road"])),
            "record_debt": r.random() < 0.5,
            "house_area": _maybe(r, _num(r, 90)) if r.random() < 0.3 else None,
            "house_price": _maybe(r, r.randrange(0, 30_000_000)),
            "other_land_code": _maybe(r, r.choice(CODES)) if r.random() < 0.3 else None,
            "other_land_area": _maybe(r, _num(r, 300)),
            "other_land_segment": _maybe(r, r.choice([*segments, "no-such-road"])),
            "other_land_position": _maybe(r, r.choice(POSITIONS)),
        },
        "handover": {
            "handed_over": _maybe(r, _day(r, 2026, 2027)),
            "first_payment": _maybe(r, _day(r, 2026, 2027)),
            "draft_posted": _maybe(r, _day(r, 2026, 2027)),
            "agreed_and_requested": _maybe(r, _day(r, 2026, 2027)),
        },
    }


@pytest.mark.parametrize("pack", load_pack_dir(), ids=lambda p: p.code)
def test_compute_never_raises_on_a_shipped_pack(pack: Pack) -> None:
    r = random.Random(f"gpmb-{pack.code}")
    asked = 0
    for n in range(CASES_PER_PACK):
        facts = CaseFacts.from_dict(_case(r, n, pack))  # the generator writes valid facts
        result = compute(facts, pack)
        decisions = {
            x.decision_key: {"choice": r.choice(x.options)}
            for x in result.lines
            if x.decision_key and x.options
        }
        asked += bool(decisions)
        for res in (result, compute(facts, pack, decisions)):
            assert all(x.status in STATUSES for x in res.lines)
            assert (
                res.totals["net"]
                == sum(
                    res.totals[g]
                    for g in ("land", "assets", "support", "resettlement", "deductions")
                )
                + res.totals["rounding"]
            )
    assert asked > CASES_PER_PACK // 10  # the decided paths are exercised too
