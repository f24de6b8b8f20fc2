"""Land price by depth and frontage: the province's table rules (NQ 19/2025 Lào Cai Art. 5(3),
(5), 6(1), (3), 7(4), 9(4), (5)), with the test pack's copy of them (conftest.py):

road-a/1 ODT VT1 = 10,000,000 đ/m² (VT3 = 30 %), K(ODT) = 2; road-b/1 ODT VT1 = 8,000,000;
road-c/1 is "other remaining roads" (not named), ODT 4,000,000. Depth bands from the
corridor line: 0–20 m 100 %, 20–40 m 50 %, 40–60 m 30 %, beyond 60 m 20 %; several named
roads +10 %; floors from fronted and local roads; separated parcels 0.9 × VT1.
Every amount below is worked by hand.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from gpmb.engine import CaseFacts, FactsError, compute, find_pack
from gpmb.engine.lines import MISSING_BASIS, NEEDS_CONFIRMATION, OK

NO_FLOOR = {"depth_floor:a-1-1": {"choice": "no_higher_floor", "reason": "đã kiểm tra"}}


def odt(**kw: Any) -> dict[str, Any]:
    p: dict[str, Any] = {
        "ref": "a-1-1",
        "land_use_code": "ODT",
        "segment": "road-a/1",
        "position": "VT1",
    }
    p.update(kw)
    return p


def land(result: Any) -> Any:
    (line,) = [x for x in result.lines if x.code == "LAND"]
    return line


def asks(result: Any) -> dict[str, str]:
    return {x.decision_key: x.status for x in result.lines if x.code == "LAND_PRICE_RULE"}


# -- depth bands (Art. 9(4)) --------------------------------------------------------------


def test_whole_plot_45_m_deep_is_priced_per_band(case, run):
    # 180 m², 45 m deep: 4 m wide -> 80 m² in 0–20 m, 80 m² in 20–40 m, 20 m² in 40–45 m.
    d = case(parcels=[odt(recovered_area="180", measured_area="180", depth="45")])
    r = run(d, NO_FLOOR)
    line = land(r)
    # (80 × 10,000,000 + 80 × 5,000,000 + 20 × 3,000,000) × K 2
    assert line.amount == 2_520_000_000
    assert line.status == OK
    f = line.formula
    assert "0–20 m 80 m² × 10.000.000" in f and "20–40 m 80 m² × 5.000.000" in f
    assert "40–60 m 20 m² × 3.000.000" in f and "K 2" in f
    assert "Test, Điều 9 khoản 4" in line.citations
    assert line.unit_price == Decimal(10_000_000) and line.quantity == Decimal(180)


def test_deep_plot_without_local_floor_asks_for_the_floor_check(case, run):
    # Art. 9(5): a deep parcel on no other road may not go below the "other remaining roads"
    # of its hamlet; until that row is given or a person confirms, the line is not ok.
    d = case(parcels=[odt(recovered_area="180", measured_area="180", depth="45")])
    r = run(d)
    assert asks(r) == {"depth_floor:a-1-1": NEEDS_CONFIRMATION}
    assert (land(r).status, land(r).amount) == (NEEDS_CONFIRMATION, 2_520_000_000)
    assert r.status == NEEDS_CONFIRMATION
    # With the hamlet's row (4,000,000) the 40–45 m band is floored: 20 × 4,000,000.
    d["parcels"][0]["floor_segment"] = "road-c/1"
    r = run(d)
    assert asks(r) == {} and land(r).status == OK
    assert land(r).amount == (800_000_000 + 400_000_000 + 80_000_000) * 2


def test_depth_exactly_20_m_is_all_first_band(case, run):
    # "chiều sâu lớn hơn 20m": exactly 20 m is not banded: 100 × 10,000,000 × 2
    r = run(case(parcels=[odt(recovered_area="100", measured_area="100", depth="20")]))
    line = land(r)
    assert (line.amount, line.status) == (2_000_000_000, OK)
    assert asks(r) == {} and "m²" in line.formula and "20–40" not in line.formula


def test_depth_exactly_40_m_has_no_third_band(case, run):
    # 160 m², 40 m: 80 m² × 10,000,000 + 80 m² × 5,000,000, nothing at 30 %
    r = run(case(parcels=[odt(recovered_area="160", measured_area="160", depth="40")]), NO_FLOOR)
    line = land(r)
    assert line.amount == (800_000_000 + 400_000_000) * 2
    assert "20–40 m 80 m²" in line.formula and "40–60" not in line.formula


def test_depth_beyond_60_m_uses_the_last_band(case, run):
    # 70 m × 2 m = 140 m²: 40 + 40 + 40 + 20 m²
    r = run(case(parcels=[odt(recovered_area="140", measured_area="140", depth="70")]), NO_FLOOR)
    # 40 × 10,000,000 + 40 × 5,000,000 + 40 × 3,000,000 + 20 × 2,000,000 = 760,000,000
    assert land(r).amount == 1_520_000_000
    assert "trên 60 m 20 m² × 2.000.000" in land(r).formula


def test_depth_does_not_apply_off_vt1_or_on_unnamed_roads(case, run):
    # VT2 of road-a: 50 % × 10,000,000 = 5,000,000 × 180 m² × 2, no bands
    p = odt(recovered_area="180", measured_area="180", depth="45", position="VT2")
    line = land(run(case(parcels=[p])))
    assert (line.status, line.amount) == (OK, 1_800_000_000)
    assert "không tính theo chiều sâu" in line.note
    # road-c is "other remaining roads": 180 × 4,000,000 × 2
    line = land(run(case(parcels=[dict(p, position="VT1", segment="road-c/1")])))
    assert (line.status, line.amount) == (OK, 1_440_000_000)


def test_strip_of_a_deep_plot_asks_where_it_lies(case, run):
    # 300 m², 60 m deep (5 m wide); the road takes 50 m². Unless the facts say where, ask.
    d = case(parcels=[odt(recovered_area="50", measured_area="300", depth="60")])
    r = run(d)
    assert asks(r) == {"depth_strip:a-1-1": NEEDS_CONFIRMATION}
    line = land(r)
    # provisionally the front strip (10 m deep): 50 × 10,000,000 × 2
    assert (line.status, line.amount) == (NEEDS_CONFIRMATION, 1_000_000_000)
    decided = run(d, {"depth_strip:a-1-1": {"choice": "front"}})
    assert land(decided).status == OK and land(decided).amount == 1_000_000_000
    # at the back: 50–60 m, all in the 40–60 m band: 50 × 3,000,000 × 2
    rear = run(d, {"depth_strip:a-1-1": {"choice": "rear"}, **NO_FLOOR})
    assert (land(rear).status, land(rear).amount) == (OK, 300_000_000)
    # across the whole depth: 16.67 + 16.67 + 16.66 m² (to 0.01 m², the deepest takes the rest)
    # 16.67 × 10,000,000 + 16.67 × 5,000,000 + 16.66 × 3,000,000 = 300,030,000
    full = run(d, {"depth_strip:a-1-1": {"choice": "full_depth"}, **NO_FLOOR})
    assert land(full).amount == 600_060_000
    # the same when the facts say so, without a question
    d["parcels"][0]["recovered_strip"] = "rear"
    r = run(d, NO_FLOOR)
    assert asks(r) == {"depth_floor:a-1-1": OK} and land(r).amount == 300_000_000


def test_remainder_below_the_minimum_takes_the_back_bands(case, run):
    # 300 m² plot 60 m deep (5 m wide); the road takes the front 270 m² (54 m). Recovered:
    # 100 m² in 0–20 m, 100 m² in 20–40 m, 70 m² in 40–54 m:
    # (100 × 10,000,000 + 100 × 5,000,000 + 70 × 3,000,000) × 2 = 3,420,000,000.
    # The 30 m² left (< 40 m², Land Law Art. 91(7)) lie in 54–60 m: 30 × 3,000,000 × 2.
    p = odt(
        recovered_area="270",
        measured_area="300",
        depth="60",
        recovered_strip="front",
        remainder_recovery=True,
    )
    r = run(case(parcels=[p]), NO_FLOOR)
    (land_line,) = [x for x in r.lines if x.code == "LAND"]
    (rest,) = [x for x in r.lines if x.code == "LAND_REMAINDER"]
    assert land_line.amount == 3_420_000_000
    assert (rest.status, rest.amount) == (OK, 180_000_000)
    assert "40–60 m 30 m²" in rest.formula
    assert len([x for x in r.lines if x.code == "LAND_PRICE_RULE"]) == 1  # asked once


def test_measured_depth_areas(case, run):
    bands = [
        {"from_m": 0, "to_m": 20, "area": 60},
        {"from_m": 20, "to_m": 35, "area": "40"},
    ]
    r = run(case(parcels=[odt(recovered_area="100", depth_areas=bands)]), NO_FLOOR)
    # 60 × 10,000,000 + 40 × 5,000,000 = 800,000,000 × 2
    assert land(r).amount == 1_600_000_000
    # a measured strip across a band limit cannot be priced: say where to split it
    bands[1]["to_m"] = None
    line = land(run(case(parcels=[odt(recovered_area="100", depth_areas=bands)])))
    assert line.status == MISSING_BASIS and "depth_areas[1]" in line.note


def test_depth_areas_must_add_up_to_the_recovered_area(case):
    first = [{"from_m": 0, "to_m": 20, "area": 60}]
    d = case(parcels=[odt(recovered_area="90", depth_areas=first)])
    with pytest.raises(FactsError) as err:
        CaseFacts.from_dict(d)
    assert "$.parcels[0].depth_areas" in str(err.value) and "90" in str(err.value)
    d["parcels"][0].update(recovered_area="60", depth="0", recovered_strip="middle")
    with pytest.raises(FactsError) as err:
        CaseFacts.from_dict(d)
    assert "$.parcels[0].depth = '0'" in str(err.value)
    assert "$.parcels[0].recovered_strip = 'middle'" in str(err.value)


def test_residential_within_the_limit_asks_which_bands_it_takes(case, run):
    # No papers since 2000: residential up to the allocation limit 100 m² (Decree 88 Art.
    # 8(3)), the other 80 m² as BHK in a plot with a house (45,000 + 5,000, K 1.5).
    p = odt(
        recovered_area="180",
        measured_area="180",
        depth="45",
        origin="no_papers",
        stable_use_from="2000-01-01",
        remainder_code="BHK",
    )
    r = run(case(parcels=[p]), NO_FLOOR)
    assert asks(r)["depth_portion:a-1-1"] == NEEDS_CONFIRMATION
    residential, rest = [x for x in r.lines if x.code == "LAND"]
    # from the front: 80 m² in 0–20 m and 20 m² in 20–40 m: (800,000,000 + 100,000,000) × 2
    assert residential.amount == 1_800_000_000
    assert rest.amount == 6_000_000  # 80 × 50,000 × 1.5
    prop = run(case(parcels=[p]), {**NO_FLOOR, "depth_portion:a-1-1": {"choice": "proportional"}})
    residential = next(x for x in prop.lines if x.code == "LAND")
    # 100/180 of 80, 80, 20 m²: 44.44 + 44.44 + 11.12 m²
    # 444,400,000 + 222,200,000 + 33,360,000 = 699,960,000 × 2
    assert (residential.status, residential.amount) == (OK, 1_399_920_000)


# -- several roads, floors (Art. 6(1), 6(3), 9(5)) -----------------------------------------


def test_two_named_roads_add_ten_percent_of_the_highest(case, run):
    # 80 m² on road-a (10,000,000) and road-b (8,000,000): 10,000,000 × 1.1 × 80 × 2
    r = run(case(parcels=[odt(recovered_area="80", other_segments=["road-b/1"])]))
    line = land(r)
    assert (line.status, line.amount) == (OK, 1_760_000_000)
    assert "Test, Điều 6 khoản 3" in line.citations
    # the same when the facts name the cheaper road first: the highest road prices it
    r = run(
        case(parcels=[odt(segment="road-b/1", recovered_area="80", other_segments=["road-a/1"])])
    )
    assert land(r).amount == 1_760_000_000 and "road-a/1" in land(r).note


def test_unnamed_road_gives_no_increase_but_a_floor(case, run):
    # road-c is "other remaining roads": no +10 %; its 4,000,000 floors the 30 % band.
    p = odt(recovered_area="180", measured_area="180", depth="45", other_segments=["road-c/1"])
    r = run(case(parcels=[p]))
    # 80 × 10,000,000 + 80 × 5,000,000 + 20 × 4,000,000 (floor, not 3,000,000)
    assert asks(r) == {} and land(r).status == OK
    assert land(r).amount == 2_560_000_000
    assert "giá sàn" in land(r).formula and "road-c/1" in land(r).note


def test_corner_plot_with_depth_floors_bands_and_asks_how_the_increase_applies(case, run):
    p = odt(recovered_area="180", measured_area="180", depth="45", other_segments=["road-b/1"])
    r = run(case(parcels=[p]))
    assert asks(r) == {"frontage_increase:a-1-1": NEEDS_CONFIRMATION}
    # 80 × 11,000,000 + 80 × 8,000,000 (5,500,000 floored to road-b) + 20 × 8,000,000
    assert land(r).amount == (880_000_000 + 640_000_000 + 160_000_000) * 2
    done = run(case(parcels=[p]), {"frontage_increase:a-1-1": {"choice": "on_vt1_price"}})
    assert land(done).status == OK and land(done).amount == 3_360_000_000


def test_vt3_is_not_below_the_local_other_roads(case, run):
    # VT3 = 3,000,000 < the hamlet's other roads 4,000,000: 10 × 4,000,000 × 2
    r = run(case(parcels=[odt(recovered_area="10", position="VT3", floor_segment="road-c/1")]))
    assert (land(r).status, land(r).amount) == (OK, 80_000_000)
    # VT2 = 5,000,000 is above the floor: unchanged, 10 × 5,000,000 × 2
    r = run(case(parcels=[odt(recovered_area="10", position="VT2", floor_segment="road-c/1")]))
    assert land(r).amount == 100_000_000


def test_alley_joining_several_roads_takes_the_highest_at_its_position(case, run):
    # NQ 19 Art. 6(2). VT2 of road-a (50 % = 5,000,000) in an alley that also joins road-b
    # (VT2 5,000,000): equal, 10 × 5,000,000 × 2.
    p = odt(segment="road-a/1", position="VT2", recovered_area="10", alley_segments=["road-b/1"])
    assert land(run(case(parcels=[p]))).amount == 100_000_000  # 10 × 5,000,000 × 2
    p = odt(segment="road-b/1", position="VT2", recovered_area="10", alley_segments=["road-a/1"])
    assert land(run(case(parcels=[p]))).amount == 100_000_000  # equal: stays on road-b
    p = odt(segment="road-c/1", position="VT1", recovered_area="10", alley_segments=["road-a/1"])
    line = land(run(case(parcels=[p])))
    # on road-c (4,000,000) by an alley that joins road-a (10,000,000): 10 × 10,000,000 × 2
    assert (line.amount, "road-a/1" in line.note) == (200_000_000, True)
    # road-b has no VT3 price: missing, naming the fact
    p = odt(position="VT3", recovered_area="10", alley_segments=["road-b/1"])
    line = land(run(case(parcels=[p])))
    assert line.status == MISSING_BASIS and "alley_segments" in line.note


def test_unknown_other_segment_is_missing_basis(case, run):
    line = land(run(case(parcels=[odt(recovered_area="10", other_segments=["road-x"])])))
    assert line.status == MISSING_BASIS and "road-x" in line.note


# -- parcels cut off from the road (Art. 5(3), (5)) ----------------------------------------


def test_separated_parcel_is_never_priced_at_0_9_silently(case, run):
    # Art. 5(3),(5) give 0.9 × VT1 "when determining financial obligations": for compensation
    # a person decides. Until then the position recorded prices it (80 × 10,000,000 × 2).
    d = case(parcels=[odt(recovered_area="80", separated_from_road="own_agricultural_land")])
    r = run(d)
    assert asks(r) == {"separated:a-1-1": NEEDS_CONFIRMATION}
    assert (land(r).status, land(r).amount) == (NEEDS_CONFIRMATION, 1_600_000_000)
    r = run(d, {"separated:a-1-1": {"choice": "ratio_of_vt1"}})
    # 80 × 0.9 × 10,000,000 × 2
    assert (land(r).status, land(r).amount) == (OK, 1_440_000_000)


# -- agricultural land with a house (Art. 7(4)) ---------------------------------------------


def test_agricultural_land_with_a_house_gets_the_addition(case, run, only):
    luc = {"ref": "a-2-1", "land_use_code": "LUC", "recovered_area": "100", "with_residence": True}
    line = only(run(case(parcels=[luc])), "LAND")
    # (50,000 + 5,000) × 100 × K 1.5
    assert line.amount == 8_250_000 and "Test, Điều 7(4)" in line.citations
    assert "cộng thêm 5.000" in line.formula


# -- real packs ---------------------------------------------------------------------------

LAO_CAI = {
    "case_id": "LC-1",
    "commune": "phuong-au-lau",
    "dates": {"notice": "2026-02-01", "valuation": "2026-06-01"},
    "members": [{"id": "m1"}],
}


def test_lao_cai_pack_bands_and_missing_k():
    # Lào Cai's K for 2026 is not in the pack: the line says so, but the bands are known.
    facts = CaseFacts.from_dict(
        {
            **LAO_CAI,
            "parcels": [
                odt(segment="phuong-au-lau/1", recovered_area="90", measured_area="90", depth="30")
            ],
        }
    )
    line = land(compute(facts, find_pack("lao-cai-2026")))
    assert line.status == MISSING_BASIS and "hệ số điều chỉnh" in line.note
    pack = find_pack("lao-cai-2026")
    assert [(b[1], b[2]) for b in pack.depth_bands] == [
        (Decimal(20), Decimal(1)),
        (Decimal(40), Decimal("0.5")),
        (Decimal(60), Decimal("0.3")),
        (None, Decimal("0.2")),
    ]
    assert pack.value("land.multiple_frontage")["increase"] == Decimal("0.1")
    assert pack.segment_named("phuong-au-lau/1")
    unnamed = [s for s in pack.segments if not pack.segment_named(s)]
    # NQ 19/2025 Art. 5(1)(d): "các tuyến đường khác còn lại", as a road or as a segment
    # of one ("Đầu Các tuyến đường khác còn lại TDP …", review §3.2 a).
    other = "các tuyến đường khác còn lại"
    assert unnamed and all(
        pack.segments[s]["road"].lower().startswith(other)
        or other in pack.segments[s].get("from", "").lower()
        for s in unnamed
    )


def test_hai_phong_depth_is_missing_basis_and_demo_is_illustrative():
    hp = {**LAO_CAI, "commune": "phuong-le-chan"}
    p = odt(
        segment="ho-sen-cau-rao-2/le-chan", recovered_area="180", measured_area="180", depth="45"
    )
    line = land(compute(CaseFacts.from_dict({**hp, "parcels": [p]}), find_pack("hai-phong-2026")))
    assert line.status == MISSING_BASIS and line.amount == 0
    demo = compute(CaseFacts.from_dict({**hp, "parcels": [p]}), find_pack("hai-phong-demo-2026"))
    line = land(demo)
    # (80 × 60,000,000 + 80 × 30,000,000 + 20 × 18,000,000) × K 1.2 (all minh họa)
    assert (line.status, line.amount) == (OK, 9_072_000_000)
    assert any("Minh họa" in x and "chiều sâu" in x for x in line.citations)
    # the city's agricultural addition is unknown: missing, never 0
    luc = {"ref": "l", "land_use_code": "LUC", "recovered_area": "10", "with_residence": True}
    r = compute(CaseFacts.from_dict({**hp, "parcels": [luc]}), find_pack("hai-phong-2026"))
    assert land(r).status == MISSING_BASIS
