"""Land left in a safety corridor, its use restricted: Land Law Art. 106; Decree 88 Art. 18(1).

Test pack: ODT road-a/1 VT1 10,000,000 × K 2 = 20,000,000; TMD 6,000,000 × K 1.5 =
9,000,000; BHK (ward) 45,000 × 1.5 = 67,500; CLN 60,000 × 1.5 = 90,000. Restricted use
without a change of purpose: residential and non-agricultural 80 %, perennial and forest 50 %.
"""

from gpmb.engine import CaseFacts, compute, find_pack
from gpmb.engine.lines import MISSING_BASIS, NEEDS_CONFIRMATION, OK


def parcel(**kw):
    p = {
        "ref": "a-1-1",
        "land_use_code": "ODT",
        "segment": "road-a/1",
        "position": "VT1",
        "recovered_area": "0",
        "corridor_area": "30",
    }
    p.update(kw)
    return p


def test_residential_that_must_become_farmland(case, run, only):
    # Art. 18(1)(a): (G1 20,000,000 − G2 67,500) × 30 m²
    line = only(run(case(parcels=[parcel(corridor_new_code="BHK")])), "CORRIDOR")
    assert (line.status, line.amount) == (OK, 597_975_000)
    assert "Nghị định 88/2024/NĐ-CP, Điều 18, khoản 1, điểm a" in line.citations
    assert line.group == "land" and "G1" in line.formula and "G2" in line.formula


def test_business_land_that_must_become_farmland(case, run, only):
    # Art. 18(1)(b): (G3 9,000,000 − G4 67,500) × 10 m²
    p = parcel(land_use_code="TMD", corridor_area="10", corridor_new_code="BHK")
    line = only(run(case(parcels=[p])), "CORRIDOR")
    assert line.amount == 89_325_000
    assert "Nghị định 88/2024/NĐ-CP, Điều 18, khoản 1, điểm b" in line.citations


def test_change_the_article_does_not_cover_is_missing(case, run, only):
    line = only(run(case(parcels=[parcel(corridor_new_code="ONT")])), "CORRIDOR")
    assert line.status == MISSING_BASIS and "ODT sang ONT" in line.note


def test_restricted_use_without_change_is_the_province_rule(case, run, only):
    # Art. 18(1)(c): 80 % × 20,000,000 × 30 m²
    line = only(run(case(parcels=[parcel()])), "CORRIDOR")
    assert (line.status, line.amount) == (OK, 480_000_000)
    assert "Test, hạn chế khả năng sử dụng đất" in line.citations
    # perennial land: 50 % × 90,000 × 100 m²
    cln = {"ref": "a-2-1", "land_use_code": "CLN", "recovered_area": "0", "corridor_area": "100"}
    assert only(run(case(parcels=[cln])), "CORRIDOR").amount == 4_500_000
    # annual crops: the rule says nothing -> missing, not 0
    luc = dict(cln, land_use_code="LUC")
    assert only(run(case(parcels=[luc])), "CORRIDOR").status == MISSING_BASIS


def test_land_without_certificate_asks_for_eligibility(case, run, only):
    p = parcel(origin="no_papers", stable_use_from="2000-01-01")
    line = only(run(case(parcels=[p])), "CORRIDOR")
    assert (line.status, line.amount) == (NEEDS_CONFIRMATION, 0)
    assert line.decision_key == "corridor_eligible:a-1-1"
    done = run(case(parcels=[p]), {"corridor_eligible:a-1-1": {"choice": "eligible"}})
    assert only(done, "CORRIDOR").amount == 480_000_000


def test_rule_written_for_the_specific_price_asks(case, only):
    # QĐ 18/2025 Lào Cai Art. 8 names the specific land price; since 01/01/2026 compensation
    # uses table price × K (Resolution 254 Art. 3(6)): a person confirms.
    from conftest import TEST_PACK

    from gpmb.engine import load_pack_text

    text = TEST_PACK.replace("price_basis: table_x_k", "price_basis: specific")
    specific = load_pack_text(text, "specific.yaml")
    r = compute(CaseFacts.from_dict(case(parcels=[parcel()])), specific)
    line = only(r, "CORRIDOR")
    assert (line.status, line.decision_key) == (NEEDS_CONFIRMATION, "corridor_price:a-1-1")
    assert line.amount == 480_000_000
    r = compute(
        CaseFacts.from_dict(case(parcels=[parcel()])),
        specific,
        {"corridor_price:a-1-1": {"choice": "table_x_k"}},
    )
    assert only(r, "CORRIDOR").status == OK


def test_packs():
    lc = find_pack("lao-cai-2026").value("land.corridor_restriction")
    assert str(lc["residential"]) == "0.8" and str(lc["forest"]) == "0.5"
    assert lc["price_basis"] == "specific"
    hp = {
        "case_id": "HP",
        "commune": "phuong-le-chan",
        "parcels": [parcel(segment="ho-sen-cau-rao-2/le-chan")],
    }
    r = compute(CaseFacts.from_dict(hp), find_pack("hai-phong-2026"))
    (line,) = [x for x in r.lines if x.code == "CORRIDOR"]
    assert line.status == MISSING_BASIS


def _codes(result):
    return [(x.code, x.amount, x.status) for x in result.lines if x.code == "CORRIDOR"]


def test_corridor_over_70_percent_of_a_house_plot_compensates_a_small_remainder(case, run):
    # Decree 88 Art. 18(3): a corridor "chiếm dụng khoảng không trên 70% diện tích thửa đất
    # có nhà ở" -> "phần diện tích đất còn lại cũng được bồi thường theo quy định tại khoản
    # 1 và khoản 2 Điều này nếu phần diện tích đất còn lại này nhỏ hơn diện tích tối
    # thiểu". Plot 100 m², 10 m² recovered, 75 m² in the corridor (75 % > 70 %): the rest
    # 15 m² < minimum 40 m². Both at Art. 18(1)(c), 80 % × 20,000,000:
    # corridor 75 × 16,000,000 = 1,200,000,000; remainder 15 × 16,000,000 = 240,000,000.
    plot = parcel(recovered_area="10", corridor_area="75", certificate_area="100")
    result = run(case(parcels=[plot]))
    assert _codes(result) == [("CORRIDOR", 1_200_000_000, OK), ("CORRIDOR", 240_000_000, OK)]
    assert "Nghị định 88/2024/NĐ-CP, Điều 18, khoản 3" in result.lines[-1].citations
    # Exactly 70 % is not "trên 70%": no remainder line (and 20 m² < 40 m² would qualify).
    at_70 = run(case(parcels=[{**plot, "corridor_area": "70"}]))
    assert _codes(at_70) == [("CORRIDOR", 1_120_000_000, OK)]
    # A remainder of at least the minimum stays the user's: a 200 m² plot with 150 m² in
    # the corridor (75 %) leaves 50 m² ≥ 40 m²: nothing more.
    big = run(
        case(
            parcels=[
                {**plot, "recovered_area": "0", "corridor_area": "150", "certificate_area": "200"}
            ]
        )
    )
    assert len(_codes(big)) == 1


def test_corridor_remainder_of_a_plot_with_a_structure_asks_if_it_can_still_be_built_on(case, run):
    # Art. 18(3), plot with a structure: the remainder is compensated if it is "không đủ
    # điều kiện xây dựng công trình theo quy định của pháp luật chuyên ngành" — a fact the
    # engine cannot see, so it asks. TMD 9,000,000 × 80 % = 7,200,000 đ/m²; plot 100 m²,
    # corridor 80 m² -> 576,000,000; remainder 20 m² -> 144,000,000 once "not buildable".
    plot = parcel(land_use_code="TMD", corridor_area="80", certificate_area="100")
    # Without a structure on it, the plot is not one Art. 18(3) speaks of.
    assert _codes(run(case(parcels=[plot]))) == [("CORRIDOR", 576_000_000, OK)]
    shop = {"id": "S1", "kind": "structure", "class": "shed", "quantity": "20"}
    built = {"items": [{**shop, "parcel_ref": "a-1-1", "category": "infrastructure"}]}
    asked = run(case(parcels=[plot], **built))
    assert _codes(asked) == [("CORRIDOR", 576_000_000, OK), ("CORRIDOR", 0, NEEDS_CONFIRMATION)]
    question = [x for x in asked.lines if x.code == "CORRIDOR"][-1]
    assert question.decision_key == "corridor_remainder:a-1-1"
    decided = {"corridor_remainder:a-1-1": {"choice": "not_buildable"}}
    settled = run(case(parcels=[plot], **built), decided)
    assert _codes(settled) == [("CORRIDOR", 576_000_000, OK), ("CORRIDOR", 144_000_000, OK)]
    buildable = run(case(parcels=[{**plot, "remainder_buildable": True}], **built))
    assert len(_codes(buildable)) == 1


def test_a_house_plot_not_eligible_gets_the_provinces_support(case, run, only):
    # QĐ 18/2025 Lào Cai Art. 8(3): "Thửa đất đang có nhà ở nhưng không đủ điều kiện được
    # bồi thường về đất ở thì được hỗ trợ bằng 50% giá đất cụ thể của loại đất ... trên diện
    # tích đất bị hạn chế khả năng sử dụng" (Decree 88 Art. 18(1)(c) leaves it to the
    # province). ODT plot without papers, a house on it, 30 m² in the corridor, not
    # eligible: 50 % × 20,000,000 × 30 m² = 300,000,000.
    from conftest import TEST_PACK

    from gpmb.engine import load_pack_text

    p = parcel(origin="no_papers", stable_use_from="2000-01-01")
    house = {"id": "H1", "kind": "structure", "class": "cap4", "category": "house",
             "quantity": "40", "parcel_ref": "a-1-1"}  # fmt: skip
    decided = {"corridor_eligible:a-1-1": {"choice": "not_eligible", "by": "u"}}
    # The test pack has no rule for it: the support is missing, not 0.
    r = run(case(parcels=[p], items=[house]), decided)
    first, support = [x for x in r.lines if x.code == "CORRIDOR"]
    assert (first.status, first.amount, first.decision_key) == (OK, 0, "corridor_eligible:a-1-1")
    assert support.status == MISSING_BASIS
    assert "land.corridor_restriction.house_not_eligible" in support.note
    province = load_pack_text(
        TEST_PACK.replace(
            "price_basis: table_x_k}", 'house_not_eligible: "0.5", price_basis: table_x_k}'
        ),
        "t.yaml",
    )
    r = run(case(parcels=[p], items=[house]), decided, with_pack=province)
    support = [x for x in r.lines if x.code == "CORRIDOR"][1]
    assert (support.status, support.amount) == (OK, 300_000_000)
    assert "Nghị định 88/2024/NĐ-CP, Điều 18, khoản 1, điểm c" in support.citations
    # Without a house on the plot, not eligible: nothing, as before.
    r = run(case(parcels=[p]), decided, with_pack=province)
    assert [(x.amount, x.status) for x in r.lines if x.code == "CORRIDOR"] == [(0, OK)]
