"""Supports. Test pack: rice 20,000 đ/kg; below 30 %: 2/4/8 months; production 8,000 đ/m²
(LUC), cap 10,000,000; job conversion 5 × table price, limit 2,000 m² (annual);
rent 3,000,000 (4,000,000 from 5 members) per month, ≤ 12 months; self-arranged
300/400 million, +0.2 per member above 4, ≤ 1.5×; bonus 3 % within 10 days, 1-30 million,
×2 if agreed within 10 days of posting."""

import dataclasses

import pytest

from gpmb.engine import CaseFacts, compute, find_pack, load_pack_text
from gpmb.engine.lines import MISSING_BASIS, NEEDS_CONFIRMATION, OK
from gpmb.engine.pack import Pack


def luc(area):
    return {"ref": "a-2-1", "land_use_code": "LUC", "recovered_area": str(area)}


def agri_case(case, area, **kw):
    return case(parcels=[luc(area)], agricultural_area_in_use="1000", **kw)


@pytest.mark.parametrize(
    ("area", "status", "amount"),
    [
        # persons 2 × months × 30 kg × 20,000 đ = months × 1,200,000
        ("299", OK, 2_400_000),  # below 30 %: pack, 2 months
        ("300", NEEDS_CONFIRMATION, 7_200_000),  # exactly 30 %: literal "từ 30%" -> 6 months
        ("500", OK, 7_200_000),  # Decree 88 Art. 19(1)(a): 6 months
        ("700", NEEDS_CONFIRMATION, 7_200_000),  # exactly 70 %: "đến 70%" -> 6 months
        ("701", OK, 14_400_000),  # above 70 %: 12 months
    ],
)
def test_life_stabilisation_bands(case, run, only, area, status, amount):
    line = only(run(agri_case(case, area)), "LIFE_STABILISATION")
    assert (line.status, line.amount) == (status, amount)


def test_life_stabilisation_boundary_decisions(case, run, only):
    d = agri_case(case, "300")
    r = run(d, {"life_band:T-1": {"choice": "below_30", "reason": "r", "by": "u"}})
    assert (only(r, "LIFE_STABILISATION").status, only(r, "LIFE_STABILISATION").amount) == (
        OK,
        2_400_000,
    )
    r = run(
        agri_case(case, "700"), {"life_band:T-1": {"choice": "above_70", "reason": "r", "by": "u"}}
    )
    assert only(r, "LIFE_STABILISATION").amount == 14_400_000


def test_life_stabilisation_relocation_and_who_counts(case, run, only):
    # Decree 88 Art. 19(1)(a): above 70 % and moving to a difficult area, "thời gian hỗ trợ
    # tối đa là 36 tháng": the province's number within it (test pack: 30 months).
    d = agri_case(
        case,
        "800",
        relocating=True,
        relocation_difficult_area=True,
        members=[{"id": "a"}, {"id": "b"}, {"id": "c", "counts_for_support": False}],
    )
    line = only(run(d), "LIFE_STABILISATION")
    assert line.amount == 36_000_000  # 2 × 30 × 600,000
    assert "Test, thời gian hỗ trợ khi di chuyển đến vùng khó khăn" in line.citations


def test_difficult_area_months_are_the_provinces_within_the_maximum(case, run, only, pack):
    d = agri_case(case, "800", relocating=True, relocation_difficult_area=True)
    params = dict(pack.params)
    key = "support.life_stabilisation.difficult_area_months"
    del params[key]
    line = only(run(d, with_pack=Pack(pack.raw, "x", params)), "LIFE_STABILISATION")
    assert line.status == MISSING_BASIS and key in line.note
    # A pack above the maximum is held to 36 months: 2 persons × 36 × 600,000.
    params[key] = dataclasses.replace(pack.params[key], value={"above_70": 40})
    line = only(run(d, with_pack=Pack(pack.raw, "x", params)), "LIFE_STABILISATION")
    assert line.amount == 43_200_000


def test_residential_only_life_support_needs_eligible_residential_land(case, run, only):
    # QĐ 18/2025 Lào Cai Art. 10(3) (test pack: 6 months): "khi Nhà nước chỉ thu hồi đất ở,
    # đủ điều kiện bồi thường về đất ở phải di chuyển chỗ ở mà không còn chỗ ở nào khác".
    odt = {"ref": "r", "land_use_code": "ODT", "segment": "road-a/1", "recovered_area": "50"}
    d = case(parcels=[odt], relocating=True)
    assert only(run(d), "LIFE_STABILISATION").amount == 7_200_000  # 2 × 6 × 30 × 20,000
    late = dict(odt, origin="no_papers", stable_use_from="2016-01-01")  # not eligible
    r = run(case(parcels=[late], relocating=True))
    assert not [x for x in r.lines if x.code == "LIFE_STABILISATION"]


# -- Decree 88 Art. 19(2): land not eligible for compensation, contracted land -----------
# Test pack: not eligible / contracted: below 30 % 1/2/3 months, 30-70 % 5/10/20, above 11/22/33.


def test_life_stabilisation_for_contracted_land(case, run, only):
    contracted = dict(luc(400), origin="contracted")
    r = run(case(parcels=[contracted], agricultural_area_in_use="1000"))
    line = only(r, "LIFE_STABILISATION")
    # 40 % of the land in use: 2 persons × 5 months × 30 kg × 20,000 đ
    assert (line.status, line.amount) == (OK, 6_000_000)
    assert "Nghị định 88/2024/NĐ-CP, Điều 19, khoản 2" in line.citations
    assert "Test, không đủ điều kiện bồi thường, giao khoán" in line.citations
    assert only(r, "LAND_NONE").amount == 0
    assert not [x for x in r.lines if x.code in ("PRODUCTION_AGRI", "JOB_CONVERSION")]


def test_life_stabilisation_for_land_not_eligible(case, run, only):
    # agricultural land used in violation from 2015 (Decree 88 Art. 12(2) compensates only
    # violations before 01/7/2014): 80 % -> above 70 %, relocating: 2 × 22 × 600,000
    late = dict(luc(800), origin="violation", stable_use_from="2015-03-01")
    d = case(parcels=[late], agricultural_area_in_use="1000", relocating=True)
    assert only(run(d), "LIFE_STABILISATION").amount == 26_400_000
    # exactly 30 %: the same boundary question as Art. 19(1)(a), under its own key
    d = case(parcels=[dict(late, recovered_area="300")], agricultural_area_in_use="1000")
    line = only(run(d), "LIFE_STABILISATION")
    assert (line.status, line.decision_key) == (NEEDS_CONFIRMATION, "life_band_not_eligible:T-1")
    assert line.amount == 6_000_000  # 30-70 %: 5 months until decided
    line = only(
        run(d, {"life_band_not_eligible:T-1": {"choice": "below_30"}}), "LIFE_STABILISATION"
    )
    assert (line.status, line.amount) == (OK, 1_200_000)


def test_life_stabilisation_mixed_land_asks(case, run):
    parcels = [luc(200), dict(luc(100), ref="a-2-2", origin="contracted")]
    d = case(parcels=parcels, agricultural_area_in_use="1000")
    lines = [x for x in run(d).lines if x.code == "LIFE_STABILISATION"]
    # eligible 20 %: below 30 %, 2 months (2,400,000); the contracted part asks
    assert [(x.status, x.amount) for x in lines] == [
        (NEEDS_CONFIRMATION, 0),
        (OK, 2_400_000),
    ]
    assert lines[0].decision_key == "life_not_eligible:T-1"
    lines = [
        x
        for x in run(d, {"life_not_eligible:T-1": {"choice": "separate_support"}}).lines
        if x.code == "LIFE_STABILISATION"
    ]
    # contracted 10 %: below 30 %, 1 month: 2 × 1 × 600,000
    assert [(x.status, x.amount) for x in lines] == [(OK, 1_200_000), (OK, 2_400_000)]


def test_life_stabilisation_not_eligible_missing_in_hai_phong(case):
    d = case(
        commune="phuong-le-chan",
        parcels=[dict(luc(400), origin="contracted")],
        agricultural_area_in_use="1000",
    )
    r = compute(CaseFacts.from_dict(d), find_pack("hai-phong-2026"))
    (line,) = [x for x in r.lines if x.code == "LIFE_STABILISATION"]
    assert line.status == MISSING_BASIS and "Điều 19 khoản 2" in line.note


def test_production_support_for_contracted_land(case, run, only):
    # Decree 88 Art. 20(1)(b), (5); test pack: 50 % of the table price, ≤ 1,000 m² per
    # project, ≤ 5,000 m² over all projects. LUC in a ward: 50,000 đ/m².
    contracted = dict(luc(400), origin="contracted")
    d = case(parcels=[contracted], agricultural_area_in_use="1000")
    line = only(run(d), "PRODUCTION_CONTRACTED")
    # 50 % × 50,000 × 400; the all-projects total needs the earlier support recorded
    assert (line.amount, line.status) == (10_000_000, NEEDS_CONFIRMATION)
    assert line.decision_key == "contracted_total:T-1"
    assert "Nghị định 88/2024/NĐ-CP, Điều 20, khoản 5" in line.citations
    d["support"] = {"contracted_area_supported_before": "0"}
    assert only(run(d), "PRODUCTION_CONTRACTED").status == OK
    assert not [x for x in run(d).lines if x.code == "PRODUCTION_AGRI"]
    # 1,500 m²: at most 1,000 m² in one project -> 25,000,000
    d["parcels"] = [dict(contracted, recovered_area="1500")]
    line = only(run(d), "PRODUCTION_CONTRACTED")
    assert line.amount == 25_000_000 and "500 m² vượt" in line.note
    # 4,500 m² supported before: 500 m² left of 5,000 -> 12,500,000
    d["support"] = {"contracted_area_supported_before": "4500"}
    assert only(run(d), "PRODUCTION_CONTRACTED").amount == 12_500_000


def test_lao_cai_contracted_land_months_qd18_art10_2():
    lc = find_pack("lao-cai-2026")
    table = lc.value("support.life_stabilisation.not_eligible")
    assert table["below_30"]["stay"] == 3 and table["30_70"]["relocate"] == 12
    assert table["above_70"]["relocate_difficult"] == 36


def test_production_support_with_cap(case, run, only):
    line = only(run(agri_case(case, "300")), "PRODUCTION_AGRI")
    assert line.amount == 2_400_000  # 300 m² × 8,000
    # Decree 88 Art. 20(3)(a): "hỗ trợ giống cây trồng, giống vật nuôi ..., các dịch vụ
    # khuyến nông" (review Error 14(e): the rule itself, not only 20(6)).
    assert "Nghị định 88/2024/NĐ-CP, Điều 20, khoản 3, điểm a" in line.citations
    # 1,500 m² × 8,000 = 12,000,000 -> the cap 10,000,000
    assert only(run(agri_case(case, "1500")), "PRODUCTION_AGRI").amount == 10_000_000


def test_job_conversion_and_allocation_limit(case, run, only):
    d = agri_case(case, "300", direct_agricultural_producer=True)
    assert only(run(d), "JOB_CONVERSION").amount == 75_000_000  # 5 × 50,000 × 300
    d = agri_case(case, "2500", direct_agricultural_producer=True)
    line = only(run(d), "JOB_CONVERSION")
    assert line.amount == 500_000_000  # area capped at the limit 2,000 m²
    assert "vượt hạn mức" in line.note
    assert not [x for x in run(agri_case(case, "300")).lines if x.code == "JOB_CONVERSION"]


def test_job_conversion_multiple_is_capped_at_five(pack, case, only):
    # Decree 88 Art. 22: "không quá 05 lần". A pack cannot say 6 (validation, see pack
    # tests); the engine caps it anyway if a pack object is built in code.
    params = dict(pack.params)
    params["support.job_conversion.multiple"] = dataclasses.replace(
        params["support.job_conversion.multiple"], value=6
    )
    bad = Pack(pack.raw, "in-memory", params)
    r = compute(CaseFacts.from_dict(agri_case(case, "300", direct_agricultural_producer=True)), bad)
    line = only(r, "JOB_CONVERSION")
    assert line.amount == 75_000_000 and line.coefficient == 5


def test_job_conversion_with_k_stays_within_five_times_the_table_price(case, run, only):
    # Land Law Art. 109(1): "Hỗ trợ bằng tiền không quá 05 lần giá đất nông nghiệp cùng loại
    # trong bảng giá đất"; K applies to compensation prices (Resolution 254 Art. 3(6)), not
    # to this ceiling. Pack: multiple 5 × table price × K 1.5 = 7.5 times the table price ->
    # 5 × 50,000 × 300 m² = 75,000,000 (not 112,500,000).
    from conftest import TEST_PACK

    with_k = load_pack_text(
        TEST_PACK.replace("price_basis: {value: table,", "price_basis: {value: table_x_k,"),
        "test-k.yaml",
    )
    d = agri_case(case, "300", direct_agricultural_producer=True)
    line = only(run(d, with_pack=with_k), "JOB_CONVERSION")
    assert line.amount == 75_000_000
    assert "05 lần" in line.note
    # Multiple 3 × K 1.5 = 4.5 times: within the ceiling, 3 × 50,000 × 1.5 × 300 = 67,500,000
    three = load_pack_text(
        TEST_PACK.replace("price_basis: {value: table,", "price_basis: {value: table_x_k,").replace(
            "multiple: {value: 5,", "multiple: {value: 3,"
        ),
        "test-k3.yaml",
    )
    assert only(run(d, with_pack=three), "JOB_CONVERSION").amount == 67_500_000


def test_rental(case, run, only):
    assert only(run(case(support={"rental_months": 6})), "RENTAL").amount == 18_000_000
    assert only(run(case(support={"rental_months": 15})), "RENTAL").amount == 36_000_000
    five = [{"id": str(i)} for i in range(5)]
    assert (
        only(run(case(support={"rental_months": 6}, members=five)), "RENTAL").amount == 24_000_000
    )
    assert (
        only(run(case(support={"rental_months": 2, "rental_case": "repair"})), "RENTAL").amount
        == 18_000_000
    )


def test_rent_in_an_urban_area_project_has_no_cap(case, run, only):
    # QĐ 18/2025 Lào Cai Art. 12(1)(a), urban-area projects (Land Law Art. 111(7)): "từ khi
    # ... bàn giao mặt bằng ... đến khi được giao đất ở tái định cư, đồng thời được cộng thêm
    # thời gian là 6 (sáu) tháng" - no cap; the 12-month cap ("tối đa không quá 12 tháng")
    # is Art. 12(2)(b),(c), other projects (Land Law Art. 108(2)). 15 months × 3,000,000.
    d = case(support={"rental_months": 15, "rental_case": "urban_waiting"})
    line = only(run(d), "RENTAL")
    assert line.amount == 45_000_000
    assert "Luật Đất đai 2024, Điều 111, khoản 7" in line.citations
    other = only(run(case(support={"rental_months": 15})), "RENTAL")
    assert other.amount == 36_000_000  # capped at 12 months
    assert "Luật Đất đai 2024, Điều 108, khoản 2" in other.citations
    assert "Luật Đất đai 2024, Điều 111, khoản 7" not in other.citations


def test_rent_and_self_arranged_housing_are_for_households(case, run, only):
    # Decree 88 Art. 23 and QĐ 18/2025 Lào Cai Art. 12(2)(a) name "hộ gia đình, cá nhân":
    # an organisation gets a zero line that says so (review Error 16).
    d = case(kind="organisation", support={"rental_months": 6, "self_arranged_housing": True})
    r = run(d)
    assert (only(r, "RENTAL").amount, only(r, "SELF_ARRANGED").amount) == (0, 0)


def test_self_arranged_housing(case, run, only):
    odt = {"ref": "r", "land_use_code": "ODT", "segment": "road-a/1", "recovered_area": "80"}
    d = case(parcels=[odt], support={"self_arranged_housing": True})
    assert only(run(d), "SELF_ARRANGED").amount == 300_000_000  # 80 m² < limit 100
    d["members"] = [{"id": str(i)} for i in range(6)]
    assert only(run(d), "SELF_ARRANGED").amount == 420_000_000  # × (1 + 0.2 × 2)
    d["members"] = [{"id": str(i)} for i in range(9)]
    d["parcels"][0]["recovered_area"] = "150"
    assert only(run(d), "SELF_ARRANGED").amount == 600_000_000  # 400M × 1.5 cap


def grave_case(case, graves, **handover):
    h = {"first_payment": "2026-07-01", "handed_over": "2026-07-11"}
    h.update(handover)
    return case(items=[{"id": "G", "kind": "grave", "type": "built", "count": graves}], handover=h)


def test_early_handover_bonus(case, run, only):
    # 10 graves × 20,000,000 = 200,000,000; 3 % = 6,000,000; handed over on day 10
    assert only(run(grave_case(case, 10)), "EARLY_HANDOVER").amount == 6_000_000
    # minimum: 1 built grave 20,000,000 × 3 % = 600,000 -> 1,000,000
    assert only(run(grave_case(case, 1)), "EARLY_HANDOVER").amount == 1_000_000
    # maximum: 100 graves = 2,000,000,000 × 3 % = 60,000,000 -> 30,000,000; doubled
    d = grave_case(case, 100, draft_posted="2026-05-01", agreed_and_requested="2026-05-11")
    assert only(run(d), "EARLY_HANDOVER").amount == 60_000_000
    late = grave_case(case, 10, handed_over="2026-07-12")
    assert not [x for x in run(late).lines if x.code == "EARLY_HANDOVER"]


def test_doubled_bonus_stands_on_its_own_condition(case, run, only):
    # QĐ 18/2025 Lào Cai Art. 13(3): agreeing to the draft and applying to hand over "trong
    # thời hạn 10 ngày kể từ ngày ... niêm yết công khai dự thảo" earns "hai lần mức thưởng
    # tại khoản 1" - a condition of its own, not inside clause 1's 10 days after payment.
    # 10 graves = 200,000,000 × 3 % × 2 = 12,000,000, handed over on day 12.
    d = grave_case(
        case,
        10,
        handed_over="2026-07-13",
        draft_posted="2026-05-01",
        agreed_and_requested="2026-05-11",
    )
    assert only(run(d), "EARLY_HANDOVER").amount == 12_000_000


def test_bonus_base_with_the_resettlement_top_up_is_a_named_reading(case, run, only):
    # Art. 13(1): "3% tổng số tiền bồi thường, hỗ trợ"; the minimum-unit top-up (Land Law
    # Art. 111(8)) is a "hỗ trợ" but comes with the plot: whether it counts, a person says.
    # Land 30 m² × 20,000,000 = 600,000,000; life support 7,200,000; top-up 400,000,000.
    odt = {
        "ref": "r",
        "land_use_code": "ODT",
        "segment": "road-a/1",
        "position": "VT1",
        "recovered_area": "30",
    }
    d = case(
        parcels=[odt],
        relocating=True,
        resettlement={"plot_area": "60", "segment": "road-a/1"},
        handover={"first_payment": "2026-07-01", "handed_over": "2026-07-05"},
    )
    line = only(run(d), "EARLY_HANDOVER")
    # until recorded, without it: 607,200,000 × 3 % = 18,216,000
    assert (line.status, line.decision_key, line.amount) == (
        NEEDS_CONFIRMATION,
        "bonus_base:T-1",
        18_216_000,
    )
    with_topup = {"bonus_base:T-1": {"choice": "with_topup", "by": "u"}}
    line = only(run(d, with_topup), "EARLY_HANDOVER")
    assert (line.status, line.amount) == (OK, 30_000_000)  # 1,007,200,000 × 3 % -> max 30 M
    # No top-up, no question.
    d["resettlement"]["plot_area"] = "20"
    d["parcels"][0]["recovered_area"] = "60"
    assert only(run(d), "EARLY_HANDOVER").decision_key is None


def test_other_support_needs_its_decision(case, run, only):
    d = case(support={"other": [{"code": "POOR", "title": "Hộ nghèo", "amount": 4_000_000}]})
    line = only(run(d), "OTHER_SUPPORT")
    assert (line.status, line.amount) == (NEEDS_CONFIRMATION, 4_000_000)
    d["support"]["other"][0]["basis"] = "QĐ 12/QĐ-UBND phường A, Điều 2"
    line = only(run(d), "OTHER_SUPPORT")
    assert line.status == OK and "QĐ 12/QĐ-UBND phường A, Điều 2" in line.citations


def lao_cai(**kw):
    d = {"case_id": "LC-2", "commune": "phuong-au-lau", "commune_kind": "ward"}
    d.update(kw)
    return compute(CaseFacts.from_dict(d), find_pack("lao-cai-2026"))


def bonus(result):
    return next(x for x in result.lines if x.code == "EARLY_HANDOVER")


def test_lao_cai_early_handover_bonus_qd18_art13():
    handover = {"first_payment": "2026-07-01", "handed_over": "2026-07-05"}
    # 1 built grave 25,000,000 + self-relocation 5,000,000 + rent 6 × 5,000,000 = 60,000,000
    items = [{"id": "G", "kind": "grave", "type": "built", "self_relocated": True}]
    r = lao_cai(items=items, support={"rental_months": 6}, handover=handover)
    assert (bonus(r).status, bonus(r).amount) == (OK, 1_800_000)  # 3 %
    doubled = dict(handover, draft_posted="2026-05-01", agreed_and_requested="2026-05-08")
    r = lao_cai(items=items, support={"rental_months": 6}, handover=doubled)
    assert bonus(r).amount == 3_600_000  # Art. 13(3): twice the bonus
    # minimum 1,000,000: one earth grave 18,000,000 × 3 % = 540,000
    r = lao_cai(items=[{"id": "G", "kind": "grave", "type": "earth"}], handover=handover)
    assert bonus(r).amount == 1_000_000
    # maximum 30,000,000: 50 built graves = 1,250,000,000 × 3 % = 37,500,000; doubled 60 M
    r = lao_cai(
        items=[{"id": "G", "kind": "grave", "type": "built", "count": 50}], handover=doubled
    )
    assert bonus(r).amount == 60_000_000


def test_lao_cai_bonus_waits_for_missing_lines():
    r = lao_cai(
        items=[{"id": "H", "kind": "structure", "class": "x", "quantity": "10"}],
        handover={"first_payment": "2026-07-01", "handed_over": "2026-07-02"},
    )
    assert (bonus(r).status, bonus(r).amount) == (MISSING_BASIS, 0)


def test_lao_cai_rice_price_missing(case):
    r = lao_cai(parcels=[luc(400)], agricultural_area_in_use="1000", members=[{"id": "a"}])
    line = next(x for x in r.lines if x.code == "LIFE_STABILISATION")
    assert line.status == MISSING_BASIS and "gạo" in line.note
    # ...while the job-conversion support it can price: 3 × 48,000 × 400 (QĐ 18 Art. 15)
    assert not [x for x in r.lines if x.code == "JOB_CONVERSION"]
    r = lao_cai(
        parcels=[luc(400)],
        agricultural_area_in_use="1000",
        members=[{"id": "a", "direct_farmer": True}],
    )
    assert next(x for x in r.lines if x.code == "JOB_CONVERSION").amount == 57_600_000


def test_remaining_land_of_an_agreed_project_gets_the_average_agreed_price(case, run, only):
    # Resolution 254 Art. 3(7): "Trường hợp số tiền theo phương án ... tính trên một đơn vị
    # diện tích đất thấp hơn trung bình của giá đất đã thỏa thuận thì người có đất thu hồi
    # được nhận thêm số tiền còn thiếu"; Decree 49 Art. 3(4): Tcl = Ttb − Tpa.
    # (200,000 − 120,000) đ/m² × 1,000 m² LUC = 80,000,000; no line when Tpa ≥ Ttb.
    parcel = {"ref": "n-1", "land_use_code": "LUC", "recovered_area": "1000"}
    agreed = [{"land_use_code": "LUC", "ttb": 200_000, "tpa": 120_000}]
    line = only(
        run(case(parcels=[parcel], support={"agreed_average": agreed})), "AGREED_PRICE_TOPUP"
    )
    assert line.amount == 80_000_000
    assert line.citations == (
        "Nghị quyết 254/2025/QH15, Điều 3, khoản 7",
        "Nghị định 49/2026/NĐ-CP, Điều 3, khoản 4",
    )
    agreed[0]["tpa"] = 200_000
    result = run(case(parcels=[parcel], support={"agreed_average": agreed}))
    assert not [x for x in result.lines if x.code == "AGREED_PRICE_TOPUP"]


def test_job_conversion_for_a_social_protection_beneficiary(case, run, only):
    # Land Law 2024 Art. 109(1)(b): "Cá nhân thuộc đối tượng bảo trợ xã hội ... khi Nhà
    # nước thu hồi đất nông nghiệp mà không có đất để bồi thường và đã được bồi thường
    # bằng tiền" — not a direct farmer, yet supported: 5 × 50,000 × 300 m² = 75,000,000.
    d = agri_case(case, "300")
    d["members"][1]["social_protection"] = True
    assert only(run(d), "JOB_CONVERSION").amount == 75_000_000


def test_job_conversion_for_contracted_land_within_the_limit(case, run):
    # Land Law 2024 Art. 109(1)(c),(d): a household on land "nhận giao khoán ... đang trực
    # tiếp sản xuất nông nghiệp"; Decree 88 Art. 22(4): "phải có hợp đồng giao khoán".
    # "không quá 05 lần giá đất nông nghiệp cùng loại trong bảng giá đất ... nhưng không
    # vượt quá hạn mức" (annual 2,000 m²), counted with the household's own 1,500 m²:
    # own 5 × 50,000 × 1,500 = 375,000,000; contracted 1,000 m² of which 500 m² within
    # the limit: 5 × 50,000 × 500 = 125,000,000.
    d = agri_case(case, "1500", direct_agricultural_producer=True)
    d["parcels"].append(
        {"ref": "k-1", "land_use_code": "LUC", "recovered_area": "1000", "origin": "contracted"}
    )
    lines = [x for x in run(d).lines if x.code == "JOB_CONVERSION"]
    assert [x.amount for x in lines] == [375_000_000, 125_000_000]
    assert "Nghị định 88/2024/NĐ-CP, Điều 22, khoản 4" in lines[1].citations
    assert "500 m² vượt hạn mức" in lines[1].note
    # Not producing directly on it: nothing for the contracted land (nor for its own).
    d["direct_agricultural_producer"] = False
    assert not [x for x in run(d).lines if x.code == "JOB_CONVERSION"]
