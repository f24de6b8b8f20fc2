"""Houses, structures, trees, crops, graves, livestock, moving, business.

Test pack: cap4 5,000,000 đ/m² (T = 30 years), wall 1,000,000 đ/m² (T = 20), top-up 20 %,
floor 60 % of G1; support bands 80/60/40/0 %; mango 500,000 đ/tree at 0.04 tree/m²,
density tolerance 30 % (100 %) else 30 %.
"""

from decimal import Decimal

import pytest

from gpmb.engine import CaseFacts, compute, find_pack, load_pack_text
from gpmb.engine.lines import MISSING_BASIS, NEEDS_CONFIRMATION, OK
from gpmb.engine.pack import Pack


def structure(**kw):
    item = {"id": "S1", "kind": "structure", "class": "cap4", "category": "house", "quantity": "60"}
    item.update(kw)
    return item


def test_house_is_paid_at_new_construction_value(case, run, only):
    line = only(run(case(items=[structure()])), "STRUCTURE")
    assert line.amount == 300_000_000  # Land Law Art. 102(1): 60 × 5,000,000
    assert "Luật Đất đai 2024, Điều 102, khoản 1" in line.citations


WHOLE = "structure_102_2:T-1"
ACTUAL = {WHOLE: {"choice": "actual_damage", "reason": "r", "by": "u"}}


@pytest.mark.parametrize(
    ("years", "expected"),
    [
        # G1 = 20 m² × 1,000,000 = 20,000,000; Tgt = G1 − G1/20 × T1; × 1.2; floor 12,000,000
        ("5", 18_000_000),  # Tgt 15,000,000 × 1.2
        ("10", 12_000_000),  # Tgt 10,000,000 × 1.2 = 12,000,000 = the floor
        ("15", 12_000_000),  # Tgt 5,000,000 × 1.2 = 6,000,000 < floor 60 % × G1
        ("2", 20_000_000),  # Tgt 18,000,000 × 1.2 = 21,600,000 > 100 % G1
        ("40", 12_000_000),  # fully depreciated: Tgt 0, floor applies
    ],
)
def test_other_structure_depreciation_topup_and_caps(case, run, only, years, expected):
    # Land Law Art. 102(2)(b); Decree 88 Art. 14(1)(a),(b): a structure meeting its
    # standard, demolished, read as point (b) (the named decision below).
    item = structure(
        **{
            "class": "wall",
            "category": "other",
            "quantity": "20",
            "meets_standard": True,
            "years_used": years,
        }
    )
    line = only(run(case(items=[item]), ACTUAL), "STRUCTURE")
    assert line.amount == expected
    assert "Nghị định 88/2024/NĐ-CP, Điều 14, khoản 1, điểm b" in line.citations


def test_whole_demolition_of_another_structure_is_a_named_reading(case, run, only):
    # Land Law Art. 102(2)(a): "bị tháo dỡ hoặc phá dỡ toàn bộ hoặc một phần mà phần còn lại
    # không bảo đảm tiêu chuẩn kỹ thuật ... giá trị xây dựng mới"; (b) "không thuộc trường
    # hợp quy định tại điểm a ... thiệt hại theo thực tế". G1 = 20 × 1,000,000.
    item = structure(
        **{"class": "wall", "category": "other", "quantity": "20", "meets_standard": True}
    )
    line = only(run(case(items=[item])), "STRUCTURE")
    assert (line.status, line.decision_key, line.amount) == (NEEDS_CONFIRMATION, WHOLE, 20_000_000)
    new = {WHOLE: {"choice": "new_value", "reason": "r", "by": "u"}}
    line = only(run(case(items=[item]), new), "STRUCTURE")
    assert (line.status, line.amount) == (OK, 20_000_000)
    assert "Luật Đất đai 2024, Điều 102, khoản 2, điểm a" in line.citations
    # Partly demolished, the rest unusable: point (a) without a question.
    part = dict(item, demolition="partial")
    line = only(run(case(items=[part])), "STRUCTURE")
    assert (line.status, line.amount) == (OK, 20_000_000)


def test_substandard_structure_follows_the_provinces_rule(case, run, only, pack):
    # Decree 88 Art. 14(1)(d): "Đối với nhà, công trình xây dựng không đủ tiêu chuẩn kỹ thuật
    # ... thì Ủy ban nhân dân cấp tỉnh quy định mức bồi thường cụ thể"; e.g. QĐ 18/2025 Lào
    # Cai Art. 4(2): "theo quy định tại Bộ đơn giá". Shed 10 m² × 2,000,000 = 20,000,000.
    shed = structure(**{"class": "shed", "category": "other", "quantity": "10"})
    line = only(run(case(items=[dict(shed, meets_standard=False)])), "STRUCTURE")
    assert (line.status, line.amount) == (OK, 20_000_000)
    assert "Nghị định 88/2024/NĐ-CP, Điều 14, khoản 1, điểm d" in line.citations
    # Standard unknown: asked; once recorded substandard, the price book.
    line = only(run(case(items=[shed])), "STRUCTURE")
    assert (line.status, line.decision_key) == (NEEDS_CONFIRMATION, "standard:S1")
    decided = run(case(items=[shed]), {"standard:S1": {"choice": "substandard", "by": "u"}})
    assert (only(decided, "STRUCTURE").status, only(decided, "STRUCTURE").amount) == (
        OK,
        20_000_000,
    )
    # A pack without the province's rule: missing_basis naming the key.
    params = dict(pack.params)
    del params["structures.substandard_compensation"]
    bare = Pack(pack.raw, "in-memory", params)
    line = only(run(case(items=[dict(shed, meets_standard=False)]), with_pack=bare), "STRUCTURE")
    assert line.status == MISSING_BASIS and "structures.substandard_compensation" in line.note


def test_a_households_life_serving_structure_is_paid_at_new_value(case, run, only):
    # Land Law Art. 102(1): "nhà ở, công trình phục vụ đời sống gắn liền với đất của hộ gia
    # đình, cá nhân ... được bồi thường bằng giá trị xây dựng mới". Kitchen 10 m² (a row the
    # price book marks `living`), 10 years old: 10 × 3,000,000 = 30,000,000, no depreciation.
    kitchen = structure(
        **{"class": "kitchen", "category": "other", "quantity": "10", "years_used": "10"}
    )
    line = only(run(case(items=[kitchen])), "STRUCTURE")
    assert (line.status, line.amount) == (OK, 30_000_000)
    assert "Luật Đất đai 2024, Điều 102, khoản 1" in line.citations
    # An organisation's kitchen is Art. 102(2): depreciated once read as point (b):
    # Tgt = 30,000,000 − 30,000,000/20 × 10 = 15,000,000 × 1.2 = 18,000,000.
    org = case(kind="organisation", items=[dict(kitchen, meets_standard=True)])
    assert only(run(org, ACTUAL), "STRUCTURE").amount == 18_000_000
    # So is an organisation's house (review Error 16): cap4 60 m², 10 years of 30:
    # G1 300,000,000; Tgt = 300,000,000 − 300,000,000/30 × 10 = 200,000,000 × 1.2.
    house = structure(meets_standard=True, years_used="10")
    assert only(run(case(kind="organisation", items=[house]), ACTUAL), "STRUCTURE").amount == (
        240_000_000
    )


def test_an_asset_created_after_the_recovery_notice_gets_a_zero_line_that_says_why(case, run, only):
    # Land Law 2024 Art. 105(2): the census found it after the cut-off and no officer
    # admitted it. The plan still lists it, at zero, next to the house that is paid.
    result = run(case(items=[structure(), structure(id="S2", quantity="12", after_cutoff=True)]))
    late = only(result, "AFTER_CUTOFF")
    assert (late.ref, late.amount, late.quantity) == ("S2", 0, Decimal("12"))
    assert late.citations == ("Luật Đất đai 2024, Điều 105, khoản 2",)
    assert only(result, "STRUCTURE").amount == 300_000_000  # S1 alone


def test_other_structure_standard_unknown_needs_decision(case, run, only):
    item = structure(**{"class": "wall", "category": "other", "quantity": "20"})
    line = only(run(case(items=[item])), "STRUCTURE")
    assert (line.status, line.decision_key) == (NEEDS_CONFIRMATION, "standard:S1")
    assert line.amount == 20_000_000  # Land Law Art. 102(2)(a) until decided


def test_missing_depreciation_life_is_missing_basis(case, run, only):
    item = structure(
        **{"class": "shed", "category": "other", "meets_standard": True, "years_used": "3"}
    )
    line = only(run(case(items=[item]), ACTUAL), "STRUCTURE")
    assert line.status == MISSING_BASIS and line.amount == 0
    assert "chưa có thời gian khấu hao của “shed”" in line.note


@pytest.mark.parametrize(
    ("price_code", "says"),
    [
        ("", "nhà, công trình: chưa gắn mã đơn giá"),
        ("be-nuoc", "nhà, công trình: gói chính sách chưa có đơn giá “be-nuoc”"),
    ],
)
def test_a_missing_price_is_said_in_words_not_as_a_pack_key(case, run, only, price_code, says):
    line = only(run(case(items=[structure(**{"class": price_code})])), "STRUCTURE")
    assert line.status == MISSING_BASIS and line.amount == 0
    assert says in line.formula and "unit_prices" not in line.formula + line.note


def test_partial_demolition_pays_demolished_part_and_repair(case, run, only):
    # Decree 88 Art. 14(1)(c); Res. 254 Art. 3(11)(a): 20 m² × 5,000,000 + 5,000,000
    item = structure(
        demolition="partial",
        remainder_meets_standard=True,
        demolished_quantity="20",
        repair_cost=5_000_000,
    )
    assert only(run(case(items=[item])), "STRUCTURE").amount == 105_000_000


def test_partly_demolished_house_cites_resolution_254(case, run, only):
    # Review Error 14(a): Decree 88 Art. 14(1)(c) is for "nhà, công trình xây dựng khác"; a
    # house partly demolished rests on Resolution 254 Art. 3(11)(a).
    item = structure(
        demolition="partial",
        remainder_meets_standard=True,
        demolished_quantity="20",
        repair_cost=5_000_000,
    )
    line = only(run(case(items=[item])), "STRUCTURE")
    assert "Nghị quyết 254/2025/QH15, Điều 3, khoản 11, điểm a" in line.citations
    assert "Nghị định 88/2024/NĐ-CP, Điều 14, khoản 1, điểm c" not in line.citations
    assert "Test, nhà phá dỡ một phần" in line.citations


def test_partly_demolished_house_follows_the_provinces_rule(case, run, only, pack):
    # Resolution 254 Art. 3(11)(a): "Trường hợp phần còn lại của nhà ở ... vẫn bảo đảm tiêu
    # chuẩn kỹ thuật ... thì bồi thường theo thiệt hại thực tế theo quy định của Ủy ban nhân
    # dân cấp tỉnh" (review A9): a pack without the province's method -> missing_basis.
    item = structure(
        demolition="partial",
        remainder_meets_standard=True,
        demolished_quantity="20",
        repair_cost=5_000_000,
    )
    params = dict(pack.params)
    del params["structures.partial_house_compensation"]
    line = only(run(case(items=[item]), with_pack=Pack(pack.raw, "x", params)), "STRUCTURE")
    assert line.status == MISSING_BASIS and "structures.partial_house_compensation" in line.note


def test_built_after_notice_gets_nothing(case, run, only):
    line = only(run(case(items=[structure(built_on="2026-03-01")])), "STRUCTURE")
    assert line.amount == 0 and "Luật Đất đai 2024, Điều 105" in line.citations


@pytest.mark.parametrize(
    ("built", "status", "amount"),
    [
        # value as if lawful: 10 m² × 5,000,000 = 50,000,000
        ("2004-06-30", OK, 40_000_000),  # 80 %
        ("2004-07-01", NEEDS_CONFIRMATION, 30_000_000),  # on the boundary: "từ ngày" -> 60 %
        ("2010-05-05", OK, 30_000_000),  # 60 %
        ("2014-07-01", NEEDS_CONFIRMATION, 20_000_000),  # boundary -> 40 %
        ("2024-08-01", NEEDS_CONFIRMATION, 0),  # boundary -> 0 %
    ],
)
def test_unlawful_structure_support_by_build_date(case, run, only, built, status, amount):
    item = structure(quantity="10", lawful=False, built_on=built)
    line = only(run(case(items=[item])), "STRUCTURE_SUPPORT")
    assert (line.status, line.amount) == (status, amount)


def test_boundary_date_decision_moves_to_earlier_band(case, run, only):
    item = structure(quantity="10", lawful=False, built_on="2004-07-01")
    r = run(
        case(items=[item]),
        {"build_band:S1": {"choice": "earlier_band", "reason": "xây xong tháng 6/2004", "by": "u"}},
    )
    line = only(r, "STRUCTURE_SUPPORT")
    assert (line.status, line.amount) == (OK, 40_000_000)


def test_structure_on_farmland_by_a_lawful_house_follows_the_provinces_rule(case, run, only):
    # QĐ 18/2025 Lào Cai Art. 23(3)(a): "Đối với các công trình xây dựng khác phục vụ đời
    # sống sinh hoạt được xây dựng trên đất nông nghiệp liền kề với đất ở hoặc trong cùng
    # khuôn viên khu đất ở của cùng chủ sử dụng đất mà có nhà ở xây dựng hợp pháp ... thì
    # thực hiện hỗ trợ ..., mức hỗ trợ bằng mức bồi thường"; Art. 23(4): none where the
    # violation was handled. 10 m² × 5,000,000 built in 2016: by build date (Art. 23(2)(c),
    # test pack 40 %) 20,000,000; by a lawful house 100 %: 50,000,000.
    from conftest import TEST_PACK

    item = structure(quantity="10", lawful=False, built_on="2016-05-01")
    assert only(run(case(items=[item])), "STRUCTURE_SUPPORT").amount == 20_000_000
    by_house = dict(item, on_farmland_by_lawful_house=True)
    # The test pack has no rule for it: missing_basis naming the key, nothing guessed.
    line = only(run(case(items=[by_house])), "STRUCTURE_SUPPORT")
    assert (line.status, line.amount) == (MISSING_BASIS, 0)
    assert "structures.unlawful_support.farmland_by_lawful_house_ratio" in line.note
    province = load_pack_text(
        TEST_PACK.replace(
            "      without_permit_ratio: 1\n",
            "      without_permit_ratio: 1\n"
            "      farmland_by_lawful_house_ratio: 1\n"
            '      farmland_by_lawful_house_row: "mẫu, Điều 23 khoản 3 điểm a"\n',
        ),
        "t.yaml",
    )
    line = only(run(case(items=[by_house]), with_pack=province), "STRUCTURE_SUPPORT")
    assert (line.status, line.amount) == (OK, 50_000_000)
    assert "mẫu, Điều 23 khoản 3 điểm a" in line.formula
    handled = dict(by_house, violation_handled=True)
    line = only(run(case(items=[handled]), with_pack=province), "STRUCTURE_SUPPORT")
    assert line.amount == 0
    # The Lào Cai pack carries the rule with its row (review §3.2 g).
    rule = find_pack("lao-cai-2026").params["structures.unlawful_support"].value
    assert rule["farmland_by_lawful_house_ratio"] == 1
    assert rule["farmland_by_lawful_house_row"] == "QĐ 18/2025 Lào Cai, Điều 23 khoản 3 điểm a"


def test_unlawful_special_cases(case, run, only):
    r = run(
        case(
            items=[structure(quantity="10", lawful=False, on_residential_land_without_permit=True)]
        )
    )
    assert only(r, "STRUCTURE_SUPPORT").amount == 50_000_000
    r = run(
        case(
            items=[
                structure(
                    quantity="10", lawful=False, built_on="2000-01-01", violation_handled=True
                )
            ]
        )
    )
    assert only(r, "STRUCTURE_SUPPORT").amount == 0


def tree(count, **kw):
    item = {"id": "T1", "kind": "tree", "species": "mango", "quantity": str(count), "area": "500"}
    item.update(kw)
    return item


def test_trees_within_density(case, run, only):
    r = run(case(items=[tree(20)]))  # norm 0.04 × 500 = 20 trees
    assert only(r, "TREE").amount == 10_000_000
    assert not [x for x in r.lines if x.code == "TREE_EXCESS"]


def test_trees_above_density_by_at_most_30_percent(case, run, only):
    r = run(case(items=[tree(26)]))  # 6 above 20 = exactly 30 % -> 100 % support
    assert only(r, "TREE").amount == 10_000_000
    assert only(r, "TREE_EXCESS").amount == 3_000_000


# QĐ 20/2025 Lào Cai Art. 5(3)(b): "Cây trồng vượt không quá 30% so với mật độ quy định,
# được hỗ trợ 100% đơn giá ...; Cây trồng vượt trên 30% so với mật độ quy định, được hỗ trợ
# 30% đơn giá". Read as "all excess trees at 30 %", one tree more pays less (26 trees:
# 3,000,000; 27 trees: 1,050,000); read as tiers, the first 30 % stay at 100 %. The text
# does not settle it: a named reading, unless the pack states it.
READING = "density_reading:T-1"


def test_trees_above_density_by_more_than_30_percent_is_a_named_reading(case, run, only):
    r = run(case(items=[tree(27)]))  # 7 above the norm of 20; 30 % of 20 = 6
    line = only(r, "TREE_EXCESS")
    # until recorded, the tiered reading: 6 × 500,000 + 1 × 500,000 × 0.3 = 3,150,000
    assert (line.status, line.decision_key, line.amount) == (NEEDS_CONFIRMATION, READING, 3_150_000)
    tiered = run(case(items=[tree(27)]), {READING: {"choice": "tiered", "by": "u"}})
    assert (only(tiered, "TREE_EXCESS").status, only(tiered, "TREE_EXCESS").amount) == (
        OK,
        3_150_000,
    )
    whole = run(case(items=[tree(27)]), {READING: {"choice": "all_excess", "by": "u"}})
    assert only(whole, "TREE_EXCESS").amount == 1_050_000  # 7 × 500,000 × 0.3


def test_a_pack_may_state_the_density_reading(case, run, only):
    from conftest import TEST_PACK

    stated = load_pack_text(
        TEST_PACK.replace('beyond_ratio: "0.3"}', 'beyond_ratio: "0.3", reading: tiered}'),
        "test-tiered.yaml",
    )
    line = only(run(case(items=[tree(27)]), with_pack=stated), "TREE_EXCESS")
    assert (line.status, line.amount) == (OK, 3_150_000)


def test_species_without_density_norm_needs_decision(case, run, only):
    line = only(run(case(items=[tree(3, species="bonsai")])), "TREE")
    assert (line.status, line.decision_key) == (NEEDS_CONFIRMATION, "density:T1")
    assert line.amount == 600_000


def test_planted_after_notice_and_annual_crop(case, run, only):
    assert only(run(case(items=[tree(20, planted_on="2026-02-01")])), "TREE").amount == 0
    crop = {"id": "C1", "kind": "crop", "species": "rice", "quantity": "300"}
    assert only(run(case(items=[crop])), "CROP").amount == 3_000_000


def test_graves(case, run):
    r = run(
        case(
            items=[
                {"id": "G1", "kind": "grave", "type": "built", "count": 2, "self_relocated": True}
            ]
        )
    )
    assert [(x.code, x.amount) for x in r.lines] == [
        ("GRAVE", 40_000_000),
        ("GRAVE_SELF", 8_000_000),
    ]


def test_livestock_and_moving(case, run, only):
    pig = {"id": "L1", "kind": "livestock", "group": "pig", "weight_kg": "80", "count": 3}
    assert only(run(case(items=[pig])), "LIVESTOCK").amount == 480_000  # 1M × 0.24 t × 2
    pig100 = dict(pig, weight_kg="100", count=1)
    assert only(run(case(items=[pig100])), "LIVESTOCK").amount == 200_000  # "đến 100"
    mv = {"id": "M1", "kind": "moving"}
    assert only(run(case(items=[mv])), "MOVING").amount == 3_000_000
    assert only(run(case(items=[dict(mv, estimate=7_500_000)])), "MOVING").amount == 7_500_000


SHOP = {"ref": "a-1-1", "land_use_code": "ODT", "segment": "road-a/1", "recovered_area": "50"}


def test_business_support(case, run, only):
    # On the case's land, compensated (certificate): 30 % × 100,000,000; flat 6,000,000.
    b = {"id": "B1", "kind": "business", "avg_after_tax_income": 100_000_000}
    assert only(run(case(parcels=[SHOP], items=[b])), "PRODUCTION_BUSINESS").amount == 30_000_000
    flat = {"id": "B1", "kind": "business", "has_accounts": False, "registered": True}
    assert only(run(case(parcels=[SHOP], items=[flat])), "PRODUCTION_BUSINESS").amount == 6_000_000


def test_business_support_needs_land_eligible_for_compensation(case, run, only):
    # Decree 88 Art. 20(1)(a): "Hộ gia đình, cá nhân ... có đủ điều kiện được bồi thường về
    # đất" - checked even when the item names no parcel (review Error 12: 30 M paid with no
    # land at all).
    b = {"id": "B1", "kind": "business", "avg_after_tax_income": 100_000_000}
    line = only(run(case(items=[b])), "PRODUCTION_BUSINESS")
    assert (line.status, line.amount) == (OK, 0)
    # A parcel named but not in the case: the fact is wrong, not the household's right.
    elsewhere = dict(b, parcel_ref="x-9-9")
    line = only(run(case(parcels=[SHOP], items=[elsewhere])), "PRODUCTION_BUSINESS")
    assert line.status == MISSING_BASIS and "x-9-9" in line.note
    # No parcel named, one parcel compensated and one not: which one, a person says.
    late = dict(SHOP, ref="a-1-2", origin="no_papers", stable_use_from="2016-01-01")
    r = run(case(parcels=[SHOP, late], items=[b]))
    line = only(r, "PRODUCTION_BUSINESS")
    assert (line.status, line.decision_key) == (NEEDS_CONFIRMATION, "business_land:B1")
    decided = {"business_land:B1": {"choice": "eligible", "by": "u"}}
    line = only(run(case(parcels=[SHOP, late], items=[b]), decided), "PRODUCTION_BUSINESS")
    assert (line.status, line.amount) == (OK, 30_000_000)


def test_business_on_land_without_compensation_gets_no_support(case, run, only):
    # Decree 88 Art. 20(1)(a), (2)(a): only a business on land eligible for land compensation.
    late = {
        "ref": "a-1-1",
        "land_use_code": "ODT",
        "segment": "road-a/1",
        "recovered_area": "50",
        "origin": "no_papers",
        "stable_use_from": "2016-01-01",
    }
    b = {"id": "B1", "kind": "business", "parcel_ref": "a-1-1", "avg_after_tax_income": 10**8}
    line = only(run(case(parcels=[late], items=[b])), "PRODUCTION_BUSINESS")
    assert (line.amount, line.status) == (0, OK)
    assert line.citations == ("Nghị định 88/2024/NĐ-CP, Điều 20, khoản 2, điểm a",)
    # the same parcel with a certificate: 30 % × 100,000,000
    ok = dict(late, origin="certificate")
    assert only(run(case(parcels=[ok], items=[b])), "PRODUCTION_BUSINESS").amount == 30_000_000


def test_business_employees_stoppage_allowance(case, run, only):
    # Decree 88 Art. 20(4): 3 employees × 4,000,000 đ/month × 6 months (test pack)
    b = {"id": "B1", "kind": "business", "avg_after_tax_income": 10**8, "employees": 3}
    r = run(case(parcels=[SHOP], items=[b]))
    line = only(r, "PRODUCTION_EMPLOYEES")
    assert (line.amount, line.group) == (72_000_000, "support")
    assert "Nghị định 88/2024/NĐ-CP, Điều 20, khoản 4" in line.citations
    assert only(r, "PRODUCTION_BUSINESS").amount == 30_000_000
    # Lào Cai: 6 months (QĐ 18/2025 Art. 11(5)) but the regional minimum wage is not held
    emp = lao_cai(
        [
            {
                "id": "B1",
                "kind": "business",
                "employees": 2,
                "registered": True,
                "has_accounts": False,
            }
        ],
        # a shop on certified land of Âu Lâu (NQ 19/2025 STT 9): eligible, K still missing
        [dict(SHOP, segment="phuong-au-lau/9", position="VT1")],
    )
    (line,) = [x for x in emp.lines if x.code == "PRODUCTION_EMPLOYEES"]
    assert line.status == MISSING_BASIS and "lương tối thiểu vùng" in line.note


def test_business_area_of_a_residential_plot_without_papers(case, run):
    # Decree 88 Art. 8(3)(a), (c), (d): 200 m² used since 2000, no papers; allocation limit
    # 100 m² residential, 60 m² shop (TMD), 40 m² the rest (BHK in a plot with a house).
    p = {
        "ref": "a-1-1",
        "land_use_code": "ODT",
        "segment": "road-a/1",
        "position": "VT1",
        "recovered_area": "200",
        "origin": "no_papers",
        "stable_use_from": "2000-01-01",
        "business_area": "60",
        "business_code": "TMD",
        "remainder_code": "BHK",
    }
    lines = [x for x in run(case(parcels=[p])).lines if x.code == "LAND"]
    # 100 × 10,000,000 × 2; 60 × 6,000,000 × 1.5; 40 × (45,000 + 5,000) × 1.5
    assert [x.amount for x in lines] == [2_000_000_000, 540_000_000, 3_000_000]
    assert "Nghị định 88/2024/NĐ-CP, Điều 8, khoản 3, điểm c" in lines[1].citations
    assert all(x.status == OK for x in lines)
    # the business area cannot take what the residential limit took: 150 m² -> 100 m²
    lines = [x for x in run(case(parcels=[dict(p, business_area="150")])).lines if x.code == "LAND"]
    assert [x.amount for x in lines] == [2_000_000_000, 900_000_000]
    assert "50 m² kinh doanh" in lines[1].note
    # without the code to price it by, the business part is missing, the rest is priced
    lines = [x for x in run(case(parcels=[dict(p, business_code=None)])).lines if x.code == "LAND"]
    assert sorted(x.status for x in lines) == [MISSING_BASIS, OK, OK]
    with pytest.raises(Exception, match=r"business_code = 'ODT'"):
        CaseFacts.from_dict(case(parcels=[dict(p, business_code="ODT")]))


def lao_cai(items, parcels=()):
    facts = CaseFacts.from_dict(
        {
            "case_id": "LC",
            "commune": "phuong-au-lau",
            "items": items,
            "parcels": list(parcels),
            # After Resolution 254 Art. 7(5)'s window: the pack's table × K applies.
            "dates": {"valuation": "2026-07-15"},
        }
    )
    return compute(facts, find_pack("lao-cai-2026"))


def test_lao_cai_livestock_coefficients():
    # QĐ 20/2025 Art. 7: M = 1,300,000 × P × K; Annex I IV.3 pig 60-75 kg: K 2.1
    r = lao_cai([{"id": "L1", "kind": "livestock", "group": "pig", "weight_kg": "75", "count": 2}])
    assert r.lines[0].amount == 409_500 and r.lines[0].coefficient == Decimal("2.1")
    # Annex I I.2: cattle "từ 55 kg đến 110 kg": K 2.1
    r = lao_cai([{"id": "L2", "kind": "livestock", "group": "cattle", "weight_kg": "55"}])
    assert r.lines[0].amount == 150_150


def test_lao_cai_poultry_of_exactly_1_6_kg_needs_decision():
    # Annex I V.2 "dưới 1,6 kg" and V.3 "trên 1,6 kg": 1.6 kg fits neither
    r = lao_cai(
        [{"id": "L3", "kind": "livestock", "group": "poultry", "weight_kg": "1.6", "count": 10}]
    )
    line = r.lines[0]
    assert (line.status, line.amount) == (NEEDS_CONFIRMATION, 0)
    assert "Phụ lục I, V.2" in line.options


def test_lao_cai_house_price_book_is_missing():
    r = lao_cai([structure()])
    line = r.lines[0]
    assert line.status == MISSING_BASIS and "Bộ đơn giá" in line.note


def test_plant_that_can_be_moved_gets_moving_cost_and_damage(case, run, only):
    # Land Law 2024 Art. 103(3): "cây trồng chưa thu hoạch nhưng có thể di chuyển đến địa
    # điểm khác thì được bồi thường chi phí di chuyển và thiệt hại thực tế do phải di
    # chuyển, phải trồng lại": 1,500,000 moving + 700,000 damage = 2,200,000.
    plant = {"id": "P1", "kind": "movable_plant", "species": "bonsai", "quantity": "3"}
    line = only(
        run(case(items=[{**plant, "estimate": 1_500_000, "damage": 700_000}])), "PLANT_MOVING"
    )
    assert (line.amount, line.status) == (2_200_000, OK)
    assert line.citations == ("Luật Đất đai 2024, Điều 103, khoản 3",)
    missing = only(run(case(items=[{**plant, "estimate": 1_500_000}])), "PLANT_MOVING")
    assert (missing.amount, missing.status) == (0, MISSING_BASIS)
    assert "items[P1].damage" in missing.note


def test_forest_at_the_province_unit_price(case, run, only):
    # Resolution 254 Art. 3(11)(b): "Rừng tự nhiên, rừng trồng thì thực hiện việc bồi
    # thường theo quy định của pháp luật về lâm nghiệp"; (c) the province issues the unit
    # prices. Test pack: planted acacia 30,000 đ/m²; 2,000 m² × 30,000 = 60,000,000.
    item = {"id": "F1", "kind": "forest", "species": "acacia", "quantity": "2000"}
    line = only(run(case(items=[item])), "FOREST")
    assert line.amount == 60_000_000
    assert "Nghị quyết 254/2025/QH15, Điều 3, khoản 11, điểm b" in line.citations
    pine = only(run(case(items=[{**item, "species": "pine"}])), "FOREST")
    assert (pine.amount, pine.status) == (0, MISSING_BASIS)
    assert "forest.unit_prices.pine" in pine.note


def test_tenant_of_state_housing_gets_own_renovation_costs(case, run, only, pack):
    # Decree 88 Art. 16: "người đang thuê nhà không được bồi thường đối với diện tích nhà ở
    # thuộc sở hữu nhà nước ... nhưng được bồi thường chi phí tự cải tạo, sửa chữa, nâng
    # cấp; mức bồi thường do Ủy ban nhân dân cấp tỉnh quy định". Test pack: 100 %;
    # renovation valued at 45,000,000 -> 45,000,000.
    item = {"id": "H1", "kind": "state_housing", "costs": 45_000_000}
    line = only(run(case(items=[item])), "STATE_HOUSING_REPAIR")
    assert line.amount == 45_000_000
    assert "Nghị định 88/2024/NĐ-CP, Điều 16" in line.citations
    # Lào Cai QĐ 18/2025 Art. 6: "bằng 100% chi phí đã đầu tư theo Bộ đơn giá".
    in_lao_cai = run(case(items=[item]), with_pack=find_pack("lao-cai-2026"))
    lao_cai = only(in_lao_cai, "STATE_HOUSING_REPAIR")
    assert lao_cai.amount == 45_000_000
    assert "Quyết định 18/2025/QĐ-UBND tỉnh Lào Cai, Điều 6" in lao_cai.citations
    hai_phong = find_pack("hai-phong-2026")
    absent = only(run(case(items=[item]), with_pack=hai_phong), "STATE_HOUSING_REPAIR")
    assert (absent.amount, absent.status) == (0, MISSING_BASIS)
    assert "structures.state_housing_repair_ratio" in absent.note


def test_tenant_of_state_housing_with_no_other_home_is_rehoused(case, run, only):
    # Decree 88 Art. 24(2): "không còn chỗ ở nào khác ... thì được hỗ trợ thuê nhà ở tại
    # nơi tái định cư; giá thuê nhà là giá thuê nhà ở thuộc sở hữu nhà nước ...; trường
    # hợp tự lo chỗ ở mới thì được hỗ trợ bằng tiền" (the province sets how much).
    from conftest import TEST_PACK

    item = {"id": "H1", "kind": "state_housing", "costs": 45_000_000, "no_other_home": True}
    asked = only(run(case(items=[item])), "STATE_HOUSING_REHOUSING")
    assert (asked.status, asked.decision_key) == (NEEDS_CONFIRMATION, "rehousing:H1")
    assert set(asked.options) == {"rent_at_site", "buy_or_allocate", "self_arranged"}
    # Renting at the resettlement site: housing in kind, no money on the plan.
    rent = only(run(case(items=[dict(item, rehousing="rent_at_site")])), "STATE_HOUSING_REHOUSING")
    assert (rent.status, rent.amount) == (OK, 0)
    assert "giá thuê nhà ở thuộc sở hữu nhà nước" in rent.formula
    # Arranging a home themselves: the province's amount, or missing until the pack has it.
    own = case(items=[dict(item, rehousing="self_arranged")])
    missing = only(run(own), "STATE_HOUSING_REHOUSING")
    assert (missing.status, missing.amount) == (MISSING_BASIS, 0)
    priced = load_pack_text(
        TEST_PACK + '  support.state_housing_self_arranged: {value: 60000000, source: "Test"}\n',
        "test-rehousing.yaml",
    )
    line = only(run(own, with_pack=priced), "STATE_HOUSING_REHOUSING")
    assert (line.status, line.amount) == (OK, 60_000_000)
    assert "Nghị định 88/2024/NĐ-CP, Điều 24, khoản 2" in line.citations
    # The choice recorded as a decision instead of a fact counts the same.
    decided = run(own | {"items": [item]}, {"rehousing:H1": {"choice": "self_arranged"}}, priced)
    assert only(decided, "STATE_HOUSING_REHOUSING").amount == 60_000_000
    # A tenant who has another home gets the renovation costs only.
    assert not [
        x
        for x in run(case(items=[dict(item, no_other_home=False)])).lines
        if x.code == "STATE_HOUSING_REHOUSING"
    ]


def test_structure_under_an_expired_temporary_permit_gets_support_to_dismantle(case, run, only):
    # Land Law 2024 Art. 105(3): no compensation for "phần công trình xây dựng theo giấy
    # phép xây dựng có thời hạn ... mà đến thời điểm thu hồi đất giấy phép đã hết thời
    # hạn"; "Chủ sở hữu tài sản ... được hỗ trợ để tháo dỡ, phá dỡ, di dời" (Decree 88 Art.
    # 21(2): at the province's rate). Test pack: 80 %; shed 2,000,000 đ/m²;
    # 15 m² × 2,000,000 × 80 % = 24,000,000, and no STRUCTURE line.
    item = {"id": "S9", "kind": "structure", "class": "shed", "quantity": "15"}
    result = run(case(items=[{**item, "permit_expired": True}]))
    line = only(result, "EXPIRED_PERMIT_SUPPORT")
    assert (line.amount, line.group) == (24_000_000, "support")
    assert "Luật Đất đai 2024, Điều 105, khoản 3" in line.citations
    assert not [x for x in result.lines if x.code == "STRUCTURE"]
    hai_phong = only(
        run(case(items=[{**item, "permit_expired": True}]), with_pack=find_pack("hai-phong-2026")),
        "EXPIRED_PERMIT_SUPPORT",
    )
    assert hai_phong.status == MISSING_BASIS


def test_a_house_left_in_a_power_line_corridor_gets_the_provinces_share(case, run, only):
    # QĐ 18/2025 Lào Cai Art. 9(1): a house in the corridor of a line up to 220 kV, on land
    # eligible for compensation, built before the notice: "bồi thường, hỗ trợ bằng 70% giá
    # trị phần nhà ở"; Art. 9(2), land not eligible, the commune confirming no enforcement
    # record: "hỗ trợ thiệt hại bằng 40% giá trị". Which one is the commune's confirmation.
    # Test pack: 70 % / 40 %; a kitchen at 3,000,000 đ/m² (no depreciation here: the share
    # is of the value at the province's unit prices).
    item = {"id": "K1", "kind": "structure", "class": "kitchen", "quantity": "20",
            "in_power_corridor": True}  # fmt: skip
    asked = only(run(case(items=[item])), "CORRIDOR_STRUCTURE")
    assert (asked.status, asked.amount) == (NEEDS_CONFIRMATION, 0)
    assert asked.decision_key == "power_corridor:K1"
    decide = {"power_corridor:K1": {"choice": "land_eligible", "by": "UBND xã, văn bản 12"}}
    eligible = run(case(items=[item]), decide)
    line = only(eligible, "CORRIDOR_STRUCTURE")
    assert (line.status, line.group) == (OK, "assets")
    assert line.amount == 20 * 3_000_000 * 70 // 100 == 42_000_000
    # Not demolished: no STRUCTURE line for the same item.
    assert not [x for x in eligible.lines if x.code == "STRUCTURE"]
    decide = {"power_corridor:K1": {"choice": "land_not_eligible", "by": "UBND xã"}}
    support = only(run(case(items=[item]), decide), "CORRIDOR_STRUCTURE_SUPPORT")
    assert (support.amount, support.group) == (20 * 3_000_000 * 40 // 100, "support")
    # Built after the recovery notice: nothing (Land Law 2024 Art. 105).
    late = only(run(case(items=[{**item, "built_on": "2026-06-01"}])), "CORRIDOR_STRUCTURE")
    assert late.amount == 0 and late.status == OK
    # Lào Cai's pack has the rule (its house price book is missing: the line says so);
    # Hải Phòng's does not: the line says which rule is missing.
    lao_cai = only(
        run(case(items=[item]), with_pack=find_pack("lao-cai-2026")), "CORRIDOR_STRUCTURE"
    )
    assert lao_cai.status == MISSING_BASIS
    assert "Quyết định 18/2025/QĐ-UBND tỉnh Lào Cai, Điều 9 khoản 1, 2" in " ".join(
        lao_cai.citations
    )
    hai_phong = only(
        run(case(items=[item]), with_pack=find_pack("hai-phong-2026")), "CORRIDOR_STRUCTURE"
    )
    assert hai_phong.status == MISSING_BASIS and "hành lang an toàn lưới điện" in hai_phong.note
