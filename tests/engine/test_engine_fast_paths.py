"""The fast paths added for batch speed must give exactly what the reference code gives."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from test_engine_cases import HOUSEHOLD

from gpmb.engine import CaseFacts, FactsError, compute, find_pack
from gpmb.engine.facts import _fast_case, _Parser, _Slow

FULL: dict[str, Any] = {
    "case_id": "FULL-1",
    "kind": "household",
    "commune": "phuong-le-chan",
    "commune_kind": "ward",
    "dates": {
        "notice": "2026-02-01",
        "valuation": "2026-06-15",
        "prior_plan_approved": "2025-03-01",
        "prior_recovery_decision": "2025-02-01",
    },
    "members": [
        {"id": "m1", "name": "A", "counts_for_support": False, "direct_farmer": True},
        {"id": "m3", "social_protection": True, "share": "0.5"},
        {"name": "no id"},
    ],
    "agricultural_area_in_use": 1200,
    "relocating": True,
    "relocation_difficult_area": True,
    "has_other_residence_in_commune": False,
    "direct_agricultural_producer": True,
    "parcels": [
        {
            "ref": "p1",
            "land_use_code": "LUC",
            "recovered_area": "100.5",
            "commune": "phuong-an-bien",
            "commune_kind": "commune",
            "certificate_area": "120",
            "measured_area": 121,
            "area_dispute": True,
            "origin": "no_papers",
            "stable_use_from": "2003-01-01",
            "payment_proven": True,
            "house_footprint": "10",
            "remainder_code": "BHK",
            "position": "VT2",
            "segment": "s",
            "with_residence": True,
            "remainder_recovery": False,
            "term_years": "50",
            "remaining_years": " 12.5 ",
        },
        {"ref": "p2", "land_use_code": "ODT", "recovered_area": 0, "commune": None},
        {
            "ref": "p3",
            "land_use_code": "ODT",
            "recovered_area": "50",
            "segment": "ho-sen-cau-rao-2/le-chan",
            "depth": "45.5",
            "corridor_area": "12.5",
            "corridor_new_code": "BHK",
            "recovered_strip": "rear",
            "floor_segment": "ho-sen-cau-rao-2/an-bien",
            "separated_from_road": "waterway_or_railway",
            "remainder_buildable": False,
        },
        {
            "ref": "p5",
            "land_use_code": "LUC",
            "recovered_area": "3000",
            "origin": "transfer_above_limit",
            "transferred_on": "2010-05-01",
            "transferor_origin": "no_papers",
        },
        {
            "ref": "p6",
            "land_use_code": "ODT",
            "recovered_area": "40",
            "in_place_farmland_code": "CLN",
        },
        {
            "ref": "p4",
            "land_use_code": "ODT",
            "recovered_area": "30",
            "depth_areas": [
                {"from_m": 0, "to_m": "20", "area": "20"},
                {"from_m": "20", "to_m": None, "area": 10},
            ],
            "other_segments": ["ho-sen-cau-rao-2/an-bien"],
            "alley_segments": ["tdc-vinh-niem/lo"],
        },
    ],
    "items": [
        {
            "id": "i1",
            "kind": "structure",
            "parcel_ref": "p1",
            "species": "",
            "class": "nha-cap-4",
            "type": 3,
            "subgroup": "x",
            "quantity": "12.25",
            "area": "3",
            "category": "house",
            "built_on": "2010-01-01",
            "planted_on": "2011-01-01",
            "lawful": False,
            "on_residential_land_without_permit": True,
            "violation_handled": True,
            "demolition": "partial",
            "remainder_meets_standard": True,
            "meets_standard": False,
            "demolished_quantity": "5",
            "repair_cost": 1000,
            "years_used": "7",
            "weight_kg": "1.6",
            "count": 3,
            "self_relocated": True,
            "estimate": 5,
            "avg_after_tax_income": 7,
            "has_accounts": False,
            "registered": True,
            "costs": 9,
            "t1_years": "1",
            "t2_years": "2",
        },
        {"id": "i2", "kind": "livestock", "group": "pig", "weight_kg": 80},
        {"id": "i4", "kind": "structure", "class": "nha-tam", "permit_expired": True},
        {"id": "i5", "kind": "movable_plant", "estimate": 100, "damage": 50},
        {"id": "i6", "kind": "remaining_investment", "costs": 9, "documented": False},
        {"id": "i3", "kind": "grave", "species": None, "type": "earth"},
    ],
    "support": {
        "rental_months": 6,
        "rental_case": "repair",
        "self_arranged_housing": True,
        "contracted_area_supported_before": "1200.5",
        "other": [{"code": "X", "title": "t", "amount": 5, "basis": "b"}, {}],
        "agreed_average": [{"land_use_code": "LUC", "ttb": 300, "tpa": 200}],
        "organisation_relocation": 1000,
    },
    "resettlement": {
        "plot_area": "60",
        "segment": "s",
        "position": "VT3",
        "land_use_code": "ONT",
        "record_debt": True,
        "house_area": "45.5",
        "house_price": 12000000,
        "similar_segment": "s2",
        "other_land_code": "TMD",
        "other_land_area": "100",
        "other_land_segment": "s",
        "other_land_position": "VT1",
    },
    "unpaid_obligations": 10,
    "handover": {
        "handed_over": "2026-07-02",
        "first_payment": "2026-07-01",
        "draft_posted": "2026-05-01",
        "agreed_and_requested": "2026-05-02",
    },
}

ODD_VALUES: list[Any] = [
    None,
    "",
    "x",
    " 7 ",
    "-1",
    "1e3",
    "NaN",
    "2026-02-30",
    "20260201",
    -1,
    0,
    5,
    1.5,
    True,
    False,
    [],
    {},
    [{}],
    "VT9",
    "ODT",
    "commune",
    "tree",
]


def _outcome(parse: Any, d: Any) -> tuple[Any, ...]:
    try:
        return ("ok", parse(d))
    except Exception as exc:  # both paths must fail the same way
        return ("error", type(exc), str(exc))


def _variants(d: Any, path: tuple[Any, ...] = ()) -> Any:
    """Every way of replacing one value (at any depth) by an odd value, or removing a key."""
    if isinstance(d, dict):
        items = list(d.items())
    elif isinstance(d, list):
        items = list(enumerate(d))
    else:
        return
    for key, value in items:
        for odd in ODD_VALUES:
            yield (*path, key), odd
        if isinstance(d, dict):
            yield (*path, key), KeyError  # removed
        yield from _variants(value, (*path, key))


def _mutate(d: Any, where: tuple[Any, ...], value: Any) -> Any:
    out = copy.deepcopy(d)
    node = out
    for k in where[:-1]:
        node = node[k]
    if value is KeyError:
        del node[where[-1]]
    else:
        node[where[-1]] = value
    return out


@pytest.mark.parametrize("base", [HOUSEHOLD, FULL], ids=["household", "full"])
def test_fast_facts_parser_equals_reference_parser(base: dict[str, Any]) -> None:
    def reference(d: Any) -> CaseFacts:
        return _Parser().case(d)

    n_fast = 0
    for where, value in [((), None), *_variants(base)]:
        d = base if not where else _mutate(base, where, value)
        ref = _outcome(reference, d)
        assert _outcome(CaseFacts.from_dict, d) == ref, (where, value)
        try:
            fast = _fast_case(d)
        except _Slow:
            continue
        n_fast += 1
        assert ref[0] == "ok" and fast == ref[1], (where, value)
        assert fast.to_dict() == ref[1].to_dict()
    assert n_fast > 100  # the fast path does take well-formed input


def test_fast_path_is_taken_for_the_documented_household() -> None:
    f = _fast_case(json.loads(json.dumps(HOUSEHOLD)))
    assert f == _Parser().case(HOUSEHOLD)
    assert compute(f, find_pack("hai-phong-demo-2026")).lines


# -- result digest ------------------------------------------------------------------------


def _digest(d: dict[str, Any], pack_code: str = "hai-phong-demo-2026", **kw: Any) -> str:
    return compute(CaseFacts.from_dict(d), find_pack(pack_code), **kw).digest


def test_digest_is_stable_for_the_same_input() -> None:
    a = _digest(FULL)
    assert a == _digest(json.loads(json.dumps(FULL))) == _digest(copy.deepcopy(FULL))
    assert len(a) == 64 and int(a, 16) >= 0
    # computed again on a fresh Result, and independent of how the Decimal was written
    r = compute(CaseFacts.from_dict(FULL), find_pack("hai-phong-demo-2026"))
    assert r.digest == a and r.digest == a


def test_digest_changes_with_every_single_fact() -> None:
    """Every accepted one-value change of the facts changes the digest."""
    base = CaseFacts.from_dict(FULL)
    seen = {_digest(FULL): base}
    for where, value in _variants(FULL):
        d = _mutate(FULL, where, value)
        try:
            facts = CaseFacts.from_dict(d)
        except Exception:
            continue
        got = compute(facts, find_pack("hai-phong-demo-2026")).digest
        if got in seen:
            # the same digest only for facts that are equal (e.g. a default written out)
            assert seen[got] == facts, (where, value)
        seen[got] = facts
    assert len(seen) > 300


def test_digest_changes_with_the_pack() -> None:
    assert _digest(HOUSEHOLD) != _digest(HOUSEHOLD, "lao-cai-2026")


def test_digest_changes_with_a_line_and_a_decision() -> None:
    pack = find_pack("hai-phong-demo-2026")
    facts = CaseFacts.from_dict(HOUSEHOLD)
    a = compute(facts, pack)
    for field, value in [
        ("amount", 1),
        ("quantity", a.lines[0].quantity + 1),
        ("status", "missing_basis"),
        ("note", "x"),
        ("ref", "x|y"),
        ("citations", ("x",)),
        ("unit", "ha"),
        ("decision", {"choice": "x"}),
    ]:
        b = compute(facts, pack)
        setattr(b.lines[0], field, value)
        assert b.digest != a.digest, field
    d1 = {"choice": "a", "by": "u"}
    d2 = {"by": "u", "choice": "a"}  # same decision, other key order
    b, c = compute(facts, pack), compute(facts, pack)
    b.lines[0].decision, c.lines[0].decision = d1, d2
    assert b.digest == c.digest != a.digest


# -- Ctx.put: the positional fast path for ordinary lines ----------------------------------


def test_put_makes_the_same_line_as_add() -> None:
    from decimal import Decimal

    from gpmb.engine.context import Ctx
    from gpmb.engine.lines import Line

    pack = find_pack("hai-phong-demo-2026")
    facts = CaseFacts.from_dict(HOUSEHOLD)
    for amount in (Decimal("1234.5"), Decimal("1234.49"), 7, Decimal(0)):
        a, b = Ctx(facts, pack, None), Ctx(facts, pack, None)
        args = ("LAND", Decimal("12.5"), "m²", Decimal("100.1"), Decimal("1.2"), amount)
        made = a.put(*args, "f", ("c1", "c2"), "ref", "note", True)
        added = b.add(
            "LAND",
            quantity=args[1],
            unit=args[2],
            unit_price=args[3],
            coefficient=args[4],
            amount=amount,
            formula="f",
            citations=("c1", "c2"),
            ref="ref",
            note="note",
            deductible=True,
        )
        assert type(made) is Line and a.lines == [made] and b.lines == [added]
        for name in Line.__slots__:
            assert getattr(made, name) == getattr(added, name), name


def test_line_rounding_fast_path_equals_the_rounding_rule() -> None:
    import random
    from decimal import Decimal

    from gpmb.engine.context import Ctx
    from gpmb.engine.money import Rounding

    pack = find_pack("hai-phong-demo-2026")
    ctx = Ctx(CaseFacts.from_dict(HOUSEHOLD), pack, None)
    assert ctx._half_up and pack.line_rounding.unit == 1
    rule = Rounding(1, "half_up")
    rng = random.Random(5)
    values = [Decimal(x) for x in ("0", "0.5", "-0.5", "1.5", "2.5", "-2.5", "0.49999", "7")]
    values += [Decimal("2952000000.0"), Decimal("1e3"), Decimal("-1e-30"), Decimal("12.5e2")]
    values += [
        Decimal(rng.randint(-(10**12), 10**12)) / rng.choice([1, 3, 7, 10, 1000])
        for _ in range(3000)
    ]
    for v in values:
        line = ctx.put("LAND", Decimal(1), "m²", None, None, v, "", (), "r")
        assert line.amount == rule(v) and type(line.amount) is int, v
        line = ctx.add(
            "LAND",
            quantity=Decimal(1),
            unit="",
            unit_price=None,
            coefficient=None,
            amount=v,
            formula="",
            citations=(),
        )
        assert line.amount == rule(v), v


def test_from_dicts_is_from_dict_per_case_and_restores_gc() -> None:
    import gc

    batch = [HOUSEHOLD, FULL, dict(HOUSEHOLD, case_id="other")]
    assert gc.isenabled()
    assert CaseFacts.from_dicts(batch) == [CaseFacts.from_dict(d) for d in batch]
    assert gc.isenabled()
    with pytest.raises(FactsError):
        CaseFacts.from_dicts([HOUSEHOLD, {"case_id": ""}])
    assert gc.isenabled()


def test_integer_total_rounding_equals_decimal_rounding() -> None:
    import random
    from decimal import Decimal

    from gpmb.engine.money import ROUNDING_MODES, Rounding

    rng = random.Random(7)
    amounts = [0, 1, -1, 499, 500, 501, -500, 1500, 2500, -2500, 999, 1000, -1001]
    amounts += [rng.randint(-(10**13), 10**13) for _ in range(2000)]
    amounts += [rng.randint(-5, 5) * 500 for _ in range(200)]
    for mode in sorted(ROUNDING_MODES):
        for unit in (1, 10, 100, 1000, 500):
            rule = Rounding(unit, mode)
            for n in amounts:
                assert rule.round_int(n) == rule(Decimal(n)), (mode, unit, n)


def test_an_unknown_key_is_refused_with_its_path_by_both_parsers():
    """A misspelt fact must not be silently left out of a plan."""
    bad = {
        "case_id": "x",
        "dates": {"notise": "2026-03-16"},
        "parcels": [{"ref": "p", "land_use_code": "ODT", "recovered_area": "5", "postion": "VT1"}],
        "items": [{"id": "t", "kind": "tree", "species": "nhan", "quantiy": "3"}],
    }
    for parse in (CaseFacts.from_dict, lambda d: CaseFacts.from_dicts([d])):
        with pytest.raises(FactsError) as exc:
            parse(bad)
        text = "\n".join(exc.value.messages)
        for path in ("$.dates.notise", "$.parcels[0].postion", "$.items[0].quantiy"):
            assert f"{path} = " in text and "unknown key" in text


def test_fact_tables_agree_with_the_dataclasses() -> None:
    """The fast path leaves absent keys to the dataclass defaults: each table's default
    must be the dataclass's (or the key required, or filled in by the parsers)."""
    import dataclasses

    from gpmb.engine import facts as F

    filled = {"id", "commune"}  # Member.id (""), Parcel.commune (the case's)
    for cls, table in [
        (F.CaseFacts, F.CASE_FACTS),
        (F.Member, F.MEMBER_FACTS),
        (F.Parcel, F.PARCEL_FACTS),
        (F.Frontage, F.FRONTAGE_FACTS),
        (F.Item, F.ITEM_FACTS),
        (F.OtherSupport, F.OTHER_SUPPORT_FACTS),
        (F.AgreedAverage, F.AGREED_AVERAGE_FACTS),
        (F.DepthArea, F.DEPTH_AREA_FACTS),
    ]:
        defaults = {f.name: f.default for f in dataclasses.fields(cls)}
        for fact in table:
            assert fact.name in defaults, (cls.__name__, fact.name)
            required = fact.required or (
                fact.allowed is not None
                and fact.default is not None
                and fact.default not in fact.allowed
            )
            if required or fact.name in filled or defaults[fact.name] is dataclasses.MISSING:
                continue
            assert defaults[fact.name] == fact.default, (cls.__name__, fact.name)


@pytest.mark.parametrize("section", ["dates", "handover", "resettlement", "support"])
def test_a_section_that_is_no_object_is_a_facts_error(section: str) -> None:
    with pytest.raises(FactsError) as exc:
        CaseFacts.from_dict({"case_id": "x", section: 5})
    assert exc.value.messages == [f"$.{section} = 5: expected an object"]
