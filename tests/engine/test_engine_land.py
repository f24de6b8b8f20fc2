"""Land compensation: area, eligibility by origin and date, price × K, remainder, fixed term.

Expected amounts are worked by hand from the article and the test pack (conftest.py):
ODT on road-a/1 VT1 = 10,000,000 đ/m², K(ODT) = 2; LUC in a ward = 50,000 đ/m², K = 1.5.
"""

from decimal import Decimal

from gpmb.engine import find_pack
from gpmb.engine.lines import MISSING_BASIS, NEEDS_CONFIRMATION, OK


def odt(**kw):
    p = {
        "ref": "a-1-1",
        "land_use_code": "ODT",
        "segment": "road-a/1",
        "position": "VT1",
        "recovered_area": "80",
        "measured_area": "200",
        "certificate_area": "200",
    }
    p.update(kw)
    return p


def test_certificate_land_is_table_price_times_k(case, run, only):
    line = only(run(case(parcels=[odt()])), "LAND")
    # Land Law Art. 95; Res. 254 Art. 3(6): 80 m² × 10,000,000 × 2
    assert line.amount == 1_600_000_000
    assert line.status == OK
    assert line.unit_price == Decimal(10_000_000) and line.coefficient == Decimal(2)
    assert "Luật Đất đai 2024, Điều 95" in line.citations
    assert "Nghị quyết 254/2025/QH15, Điều 3, khoản 6" in line.citations
    assert line.ref == "a-1-1" and line.deductible


def test_a_position_not_given_is_missing_unless_the_table_has_one_there(case, run, only):
    # road-a/1 gives VT1 with factors for VT2–VT4: the position decides the price.
    line = only(run(case(parcels=[odt(position=None)])), "LAND")
    assert (line.status, line.amount) == (MISSING_BASIS, 0)
    assert "parcels[].position" in line.note
    # Farmland in a ward has one price (VT1 only): no position to give.
    luc = {"ref": "a-2-1", "land_use_code": "LUC", "recovered_area": "100"}
    line = only(run(case(parcels=[luc])), "LAND")
    assert (line.status, line.amount) == (OK, 7_500_000)  # 100 × 50,000 × K 1.5
    # In a commune LUC has VT1 and VT2: the position must be given.
    rural = dict(luc, commune="xa-b", commune_kind="commune")
    line = only(run(case(parcels=[rural])), "LAND")
    assert line.status == MISSING_BASIS and "parcels[].position" in line.note
    assert only(run(case(parcels=[dict(rural, position="VT2")])), "LAND").amount == 4_500_000


def test_position_factor_and_per_position_prices(case, run, only):
    # VT3 = 30 % of VT1: 10 m² × 3,000,000 × 2
    assert (
        only(run(case(parcels=[odt(position="VT3", recovered_area="10")])), "LAND").amount
        == 60_000_000
    )
    # road-b gives VT2 directly: 10 m² × 5,000,000 × 2
    assert (
        only(
            run(case(parcels=[odt(segment="road-b/1", position="VT2", recovered_area="10")])),
            "LAND",
        ).amount
        == 100_000_000
    )


def test_agricultural_price_by_ward_and_commune(case, run, only):
    luc = {"ref": "a-2-1", "land_use_code": "LUC", "recovered_area": "400"}
    assert only(run(case(parcels=[luc])), "LAND").amount == 30_000_000  # 400 × 50,000 × 1.5
    xa = dict(luc, commune_kind="commune", position="VT2", recovered_area="100")
    assert only(run(case(parcels=[xa])), "LAND").amount == 4_500_000  # 100 × 30,000 × 1.5


def test_measured_smaller_than_certificate_uses_measured(case, run, only):
    # Decree 88 Art. 6(1)
    line = only(
        run(case(parcels=[odt(certificate_area="120", measured_area="100", recovered_area="100")])),
        "LAND",
    )
    assert line.amount == 2_000_000_000
    assert "Nghị định 88/2024/NĐ-CP, Điều 6, khoản 1" in line.citations


def test_measured_larger_with_dispute_needs_a_decision(case, run, only):
    d = case(parcels=[odt(certificate_area="100", measured_area="110", recovered_area="110")])
    line = only(run(d), "LAND")
    # Decree 88 Art. 6(2): no dispute with neighbours -> the measured 110 m²
    assert (line.status, line.amount) == (OK, 2_200_000_000)
    assert "Nghị định 88/2024/NĐ-CP, Điều 6, khoản 2" in line.citations
    d["parcels"][0]["area_dispute"] = True
    line = only(run(d), "LAND")
    assert (line.status, line.decision_key) == (NEEDS_CONFIRMATION, "area:a-1-1")
    assert line.amount == 2_200_000_000  # measured 110 m² until decided
    decided = run(d, {"area:a-1-1": {"choice": "certificate", "reason": "tranh chấp", "by": "x"}})
    line = only(decided, "LAND")
    assert line.status == OK and line.amount == 2_000_000_000  # 100 m²
    assert line.decision["reason"] == "tranh chấp"


def test_remainder_below_minimum_asks_then_is_compensated(case, run, only):
    # measured 100, recovered 61: remainder 39 < minimum 40 (Land Law Art. 91(7))
    d = case(parcels=[odt(measured_area="100", certificate_area="100", recovered_area="61")])
    line = only(run(d), "LAND_REMAINDER")
    assert line.status == NEEDS_CONFIRMATION and line.decision_key == "remainder:a-1-1"
    assert line.amount == 780_000_000  # 39 × 10,000,000 × 2
    d["parcels"][0]["remainder_recovery"] = True
    line = only(run(d), "LAND_REMAINDER")
    assert line.status == OK and line.amount == 780_000_000
    assert "Luật Đất đai 2024, Điều 91, khoản 7" in line.citations
    d["parcels"][0]["remainder_recovery"] = False
    assert not [x for x in run(d).lines if x.code == "LAND_REMAINDER"]


def test_remainder_equal_to_minimum_is_not_recovered(case, run):
    d = case(parcels=[odt(measured_area="100", certificate_area="100", recovered_area="60")])
    assert not [x for x in run(d).lines if x.code == "LAND_REMAINDER"]


def no_papers(since, area="150", **kw):
    p = odt(
        origin="no_papers",
        stable_use_from=since,
        recovered_area=area,
        measured_area=area,
        certificate_area=None,
        remainder_code="CLN",
    )
    p.update(kw)
    return p


def test_residential_before_15_10_1993_uses_recognition_limit(case, run, only):
    # Decree 88 Art. 8(2): recovered 150 < recognition limit 200 -> all residential
    line = only(run(case(parcels=[no_papers("1993-10-14")])), "LAND")
    assert line.amount == 3_000_000_000  # 150 × 20,000,000
    assert "Nghị định 88/2024/NĐ-CP, Điều 8, khoản 2" in line.citations


def test_residential_from_15_10_1993_uses_allocation_limit(case, run):
    # Decree 88 Art. 8(3): residential = allocation limit 100 m²; the other 50 m² is
    # agricultural land in the plot with the house: (60,000 + 5,000) × 1.5 per m².
    r = run(case(parcels=[no_papers("1993-10-15")]))
    land = [x for x in r.lines if x.code == "LAND"]
    assert [x.amount for x in land] == [2_000_000_000, 4_875_000]
    assert "Nghị định 88/2024/NĐ-CP, Điều 8, khoản 3" in land[0].citations


def test_house_footprint_above_limit_is_residential(case, run):
    r = run(case(parcels=[no_papers("2000-01-01", house_footprint="120")]))
    # 120 × 20,000,000 and 30 × 97,500
    assert [x.amount for x in r.lines if x.code == "LAND"] == [2_400_000_000, 2_925_000]


def test_house_above_the_recognition_limit_before_1993_deducts_the_land_use_fee(case, run, only):
    # Decree 88 Art. 8(2)(a): used since 1990, 250 m² recovered, recognition limit 200 m²,
    # house on 230 m²: 230 m² residential, "after deducting the land-use fee payable as if
    # certified" for the 30 m² above the limit.
    d = case(parcels=[no_papers("1990-01-01", area="250", house_footprint="230")])
    r = run(d)
    assert next(x.amount for x in r.lines if x.code == "LAND") == 4_600_000_000  # 230 × 20M
    fee = only(r, "LAND_FEE_OVER_LIMIT")
    # The fee decree is not in the pack: the deduction is missing, not left out.
    assert (fee.status, fee.amount, fee.quantity) == (MISSING_BASIS, 0, Decimal(30))
    assert "Nghị định 88/2024/NĐ-CP, Điều 8, khoản 2, điểm a" in fee.citations
    assert fee.group == "deductions"
    # With the fee stated (here, say, 50 % of the table price): 30 × 10,000,000 × 0.5.
    from conftest import TEST_PACK

    from gpmb.engine.pack import load_pack_text

    stated = load_pack_text(
        TEST_PACK
        + "  land.use_fee_over_limit: {value: {ratio: '0.5'}, source: 'Test, tiền SDĐ'}\n",
        "test-fee.yaml",
    )
    fee = only(run(d, with_pack=stated), "LAND_FEE_OVER_LIMIT")
    assert (fee.status, fee.amount) == (OK, -150_000_000)
    assert "Test, tiền SDĐ" in fee.citations
    # From 15/10/1993 (Art. 8(3)(a)) the built area above the limit carries no deduction.
    later = run(case(parcels=[no_papers("1993-10-15", area="250", house_footprint="230")]))
    assert not [x for x in later.lines if x.code == "LAND_FEE_OVER_LIMIT"]


def test_residential_boundary_01_07_2014(case, run, only):
    r = run(case(parcels=[no_papers("2014-06-30")]))
    assert next(x.amount for x in r.lines if x.code == "LAND") == 2_000_000_000
    r = run(case(parcels=[no_papers("2014-07-01")]))
    assert not [x for x in r.lines if x.code == "LAND"]
    assert only(r, "LAND_NONE").amount == 0


def test_violation_capped_and_none_from_2014(case, run, only):
    # Decree 88 Art. 9(2)-(3): capped at the allocation limit 100 m²
    r = run(case(parcels=[no_papers("2014-06-30", origin="violation")]))
    assert only(r, "LAND").amount == 2_000_000_000
    # Decree 88 Art. 9(4)
    r = run(case(parcels=[no_papers("2014-07-01", origin="violation")]))
    assert "Nghị định 88/2024/NĐ-CP, Điều 9, khoản 4" in only(r, "LAND_NONE").citations


def test_unauthorised_allocation_2004_2014_needs_art_140(case, run, only):
    d = case(parcels=[no_papers("2010-01-01", origin="unauthorised_allocation")])
    line = only(run(d), "LAND_NONE")
    assert line.status == NEEDS_CONFIRMATION and line.decision_key == "art140:a-1-1"
    r = run(d, {"art140:a-1-1": {"choice": "meets_art_140_3ab", "reason": "r", "by": "u"}})
    assert next(x.amount for x in r.lines if x.code == "LAND") == 2_000_000_000


def test_no_land_compensation_cases(case, run, only):
    r = run(case(parcels=[odt(origin="annual_lease")]))
    line = only(r, "LAND_NONE")
    assert "Luật Đất đai 2024, Điều 101" in line.citations and line.amount == 0


def test_agricultural_without_papers(case, run):
    luc = {"ref": "a-2-1", "land_use_code": "LUC", "recovered_area": "2500", "origin": "no_papers"}
    # Decree 88 Art. 12(4)(a): before 01/7/2004, direct farmer: the whole area
    r = run(
        case(parcels=[dict(luc, stable_use_from="2004-06-30")], direct_agricultural_producer=True)
    )
    assert [x.amount for x in r.lines if x.code == "LAND"] == [187_500_000]  # 2500 × 75,000
    # From 01/7/2004: up to the limit 2,000 m²; the 500 m² above get the province's support
    # at the table price (Art. 12(7)): 2000 × 75,000 and 500 × 50,000
    r = run(
        case(parcels=[dict(luc, stable_use_from="2004-07-01")], direct_agricultural_producer=True)
    )
    assert [x.amount for x in r.lines if x.code == "LAND"] == [150_000_000]
    assert [x.amount for x in r.lines if x.code == "LAND_SUPPORT"] == [25_000_000]
    r = run(case(parcels=[dict(luc, stable_use_from="2014-07-01")]))
    assert not [x for x in r.lines if x.code == "LAND"]


def test_fixed_term_land(case, run, only):
    # Decree 88 Art. 13(7): Tbt = G × S / T1 × T2, G = 6,000,000 × 1.5 = 9,000,000
    p = odt(land_use_code="TMD", recovered_area="100", term_years="50", remaining_years="20")
    line = only(run(case(parcels=[p])), "LAND_FIXED_TERM")
    assert line.amount == 360_000_000
    assert not [x for x in run(case(parcels=[p])).lines if x.code == "LAND"]


def test_remaining_investment(case, run, only):
    item = {
        "id": "I1",
        "kind": "remaining_investment",
        "costs": 30_000_000,
        "t1_years": "10",
        "t2_years": "4",
    }
    line = only(run(case(items=[item])), "REMAINING_INVESTMENT")
    assert line.amount == 12_000_000 and line.deductible  # 30,000,000 / 10 × 4


def test_missing_adjustment_coefficient_is_missing_basis():
    from gpmb.engine import CaseFacts, compute

    pack = find_pack("lao-cai-2026")
    f = CaseFacts.from_dict(
        {
            "case_id": "x",
            "commune": "phuong-au-lau",
            "parcels": [
                {
                    "ref": "p",
                    "land_use_code": "ODT",
                    "segment": "phuong-au-lau/9",
                    "position": "VT1",
                    "recovered_area": "50",
                }
            ],
        }
    )
    line = next(x for x in compute(f, pack).lines if x.code == "LAND")
    assert line.status == MISSING_BASIS and line.amount == 0
    assert line.unit_price == Decimal(40_000_000)  # NQ 19/2025 Âu Lâu STT 9, 40.000 nghìn đ
    assert "hệ số điều chỉnh giá đất" in line.note


def luc(**kw):
    p = {"ref": "n-1", "land_use_code": "LUC", "recovered_area": "3000"}
    p.update(kw)
    return p


def test_farmland_allocated_above_the_limit_gets_no_land_compensation(case, run, only):
    # Land Law 2024 Art. 107(1)(e): "Diện tích đất nông nghiệp được giao vượt hạn mức quy
    # định tại Điều 176" is not compensated for land, only for the remaining investment:
    # (P = 30,000,000 / T1 10 × T2 4 = 12,000,000).
    invest = {"id": "I1", "kind": "remaining_investment", "costs": 30_000_000}
    invest.update(t1_years="10", t2_years="4", parcel_ref="n-1")
    result = run(case(parcels=[luc(origin="allocated_above_limit")], items=[invest]))
    none = only(result, "LAND_NONE")
    assert "Luật Đất đai 2024, Điều 107, khoản 1, điểm e" in none.citations
    assert not [x for x in result.lines if x.code == "LAND"]
    assert only(result, "REMAINING_INVESTMENT").amount == 12_000_000


def test_farmland_received_by_transfer_above_the_limit_before_2014(case, run, only):
    # Decree 88 Art. 12(5): land "do nhận chuyển quyền sử dụng đất vượt hạn mức trước ngày
    # 01 tháng 7 năm 2014": (a) from a holder of Art. 95(2) papers, "được bồi thường theo
    # diện tích thực tế thu hồi": all 3,000 m² (above the 2,000 m² limit) × 50,000 × K 1.5
    # = 225,000,000.
    above = luc(origin="transfer_above_limit", transferred_on="2010-05-01")
    line = only(run(case(parcels=[{**above, "transferor_origin": "certificate"}])), "LAND")
    assert line.amount == 225_000_000
    assert "Nghị định 88/2024/NĐ-CP, Điều 12, khoản 5, điểm a" in line.citations
    # (b) otherwise "căn cứ vào nguồn gốc sử dụng đất của bên chuyển quyền" under Art.
    # 12(1)-(4): a transferor without papers since 2008 -> Art. 12(1), within the 2,000 m²
    # limit: 2,000 × 50,000 × 1.5 = 150,000,000.
    b = {**above, "transferor_origin": "no_papers", "stable_use_from": "2008-01-01"}
    line = only(run(case(parcels=[b])), "LAND")
    assert line.amount == 150_000_000
    assert "Nghị định 88/2024/NĐ-CP, Điều 12, khoản 5, điểm b" in line.citations
    # Received on or after 01/7/2014, or the transferor's origin unknown: not this clause.
    late = only(run(case(parcels=[{**b, "transferred_on": "2014-07-01"}])), "LAND")
    assert (late.amount, late.status) == (0, MISSING_BASIS)
    assert "transferor_origin" in late.note


def test_remaining_investment_without_papers_follows_the_province_method(case, run, only):
    # Decree 88 Art. 17(5): without papers, remaining investment is paid "theo quy định
    # tại điểm b khoản 2 Điều này" — the province says how the costs are established
    # (Art. 17(2)(b)); then P = 30,000,000 / 10 × 4 = 12,000,000 (Art. 17(4)).
    from conftest import TEST_PACK

    from gpmb.engine import load_pack_text

    invest = {"id": "I1", "kind": "remaining_investment", "costs": 30_000_000}
    invest.update(t1_years="10", t2_years="4", documented=False)
    absent = only(run(case(items=[invest])), "REMAINING_INVESTMENT")
    assert (absent.amount, absent.status) == (0, MISSING_BASIS)
    assert "land.remaining_investment_undocumented" in absent.note
    method = (
        "  land.remaining_investment_undocumented:\n"
        '    {value: "tự kê khai, họp xã", source: "Test, Điều 7"}\n'
    )
    pack = load_pack_text(TEST_PACK + method, "test-method.yaml")
    line = only(run(case(items=[invest]), with_pack=pack), "REMAINING_INVESTMENT")
    assert (line.amount, line.status) == (12_000_000, OK)
    assert "Nghị định 88/2024/NĐ-CP, Điều 17, khoản 2, điểm b" in line.citations


def test_organisation_not_compensated_for_land_gets_support_up_to_its_value(case, run, only):
    # Land Law 2024 Art. 92(3)(a): such an organisation "không được bồi thường về đất nhưng
    # được hỗ trợ bằng tiền nếu phải di dời đến cơ sở mới ...; mức hỗ trợ tối đa không quá
    # mức bồi thường về đất". TMD road-a/1 VT1 6,000,000 × K 1.5 × 200 m² =
    # 1,800,000,000 is the most; the decided 1,000,000,000 is paid as decided.
    site = odt(land_use_code="TMD", recovered_area="200", origin="budget_funded")
    org = {"kind": "organisation", "relocating": True, "parcels": [site]}
    result = run(case(**org, support={"organisation_relocation": 1_000_000_000}))
    assert only(result, "LAND_NONE").citations == ("Luật Đất đai 2024, Điều 92, khoản 3, điểm a",)
    assert only(result, "ORGANISATION_SUPPORT").amount == 1_000_000_000
    above = run(case(**org, support={"organisation_relocation": 2_000_000_000}))
    line = only(above, "ORGANISATION_SUPPORT")
    assert line.amount == 1_800_000_000 and line.note
    undecided = only(run(case(**org)), "ORGANISATION_SUPPORT")
    assert (undecided.amount, undecided.status) == (0, MISSING_BASIS)
    assert "support.organisation_relocation" in undecided.note
    staying = run(case(**{**org, "relocating": False}))
    assert not [x for x in staying.lines if x.code == "ORGANISATION_SUPPORT"]


def test_in_place_resettlement_moving_the_house_to_the_back_of_the_plot(case, run, only):
    # Decree 88 Art. 24(3)(b): "Miễn tiền sử dụng đất khi chuyển mục đích sử dụng đất từ đất
    # nông nghiệp sang đất ở ... bằng diện tích đất ở thu hồi trong trường hợp người có đất
    # thu hồi đồng ý phương án bồi thường về đất nông nghiệp đối với phần diện tích đất bị
    # thu hồi"; (a) within the allocation limit (100 m² in the test pack).
    # 80 m² ODT paid as the plot's CLN: (60,000 + 5,000 farmland-with-house addition)
    # × K 1.5 × 80 = 7,800,000; 80 m² exempt. Not a base of farmland supports.
    swap = odt(in_place_farmland_code="CLN")
    result = run(case(parcels=[swap], direct_agricultural_producer=True))
    land = only(result, "LAND")
    assert land.amount == 7_800_000
    assert "Nghị định 88/2024/NĐ-CP, Điều 24, khoản 3, điểm b" in land.citations
    exempt = only(result, "IN_PLACE_RESETTLEMENT")
    assert (exempt.quantity, exempt.amount, exempt.group) == (Decimal(80), 0, "info")
    assert not [x for x in result.lines if x.code == "JOB_CONVERSION"]
    # 150 m² recovered: the exemption stops at the 100 m² allocation limit.
    wide = only(run(case(parcels=[{**swap, "recovered_area": "150"}])), "IN_PLACE_RESETTLEMENT")
    assert wide.quantity == Decimal(100)
    # Land without a certificate: not handled here, and said so.
    other = only(
        run(case(parcels=[{**swap, "origin": "no_papers", "stable_use_from": "2000-01-01"}])),
        "IN_PLACE_RESETTLEMENT",
    )
    assert other.status == MISSING_BASIS
