"""Land compensation: area, eligibility by origin and date, price × K, remainder, fixed term.

Expected amounts are worked by hand from the article and the test pack (conftest.py):
ODT on road-a/1 VT1 = 10,000,000 đ/m², K(ODT) = 2; LUC in a ward = 50,000 đ/m², K = 1.5.
"""

from decimal import Decimal

from gpmb.engine import find_pack, load_pack_text
from gpmb.engine.lines import MISSING_BASIS, NEEDS_CONFIRMATION, OK
from gpmb.engine.pack import Pack


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


# Decree 88 Art. 8(3)(a),(d): residential land is "bằng hạn mức giao đất ở" for the whole
# plot; "phần diện tích đất còn lại sau khi đã được xác định theo quy định tại điểm a và
# điểm c" is compensated as the land it is used as (Land Law Art. 138(3)(d): "theo hiện
# trạng sử dụng đất"). A remainder recovered under Art. 91(7) is residential only while the
# limit is not used up.


def test_remainder_beyond_the_residential_limit_is_priced_as_its_own_land(case, run, only):
    # 1995 without papers, plot 130 m², 100 m² recovered (= limit): remainder 30 m² < 40 m²
    # minimum, recovered with consent, priced as CLN in a plot with a house:
    # 30 × (60,000 + 5,000) × K 1.5 = 2,925,000 (not 30 × 10,000,000 × K 2 = 600,000,000).
    parcel = no_papers("1995-01-01", area="100", measured_area="130", remainder_recovery=True)
    line = only(run(case(parcels=[parcel])), "LAND_REMAINDER")
    assert (line.amount, line.unit_price) == (2_925_000, 65_000)


def test_remainder_within_the_residential_limit_stays_residential(case, run, only):
    # Plot 80 m² (below the limit 100 m², Art. 8(3)(b): all residential), 60 m² recovered:
    # remainder 20 m² residential: 20 × 10,000,000 × K 2 = 400,000,000.
    parcel = no_papers("1995-01-01", area="60", measured_area="80", remainder_recovery=True)
    assert only(run(case(parcels=[parcel])), "LAND_REMAINDER").amount == 400_000_000


# Decree 88 Art. 25(3): "Khi xác định khoản tiền bồi thường về đất mà người có đất thu hồi
# được nhận ... thì phải trừ khoản tiền sử dụng đất, tiền thuê đất phải nộp như khi được cấp
# Giấy chứng nhận quyền sử dụng đất tại thời điểm phê duyệt phương án". Land used from
# 15/10/1993 to 01/7/2014 without papers is certified only with "nghĩa vụ tài chính" (Land
# Law Art. 138(3)(đ)); the amount follows the land-use fee law, which a person enters.


def test_farmland_in_a_house_plot_in_the_support_base_is_asked(case, run, only):
    # Decree 88 Art. 8(3)(d): the rest of the plot "được bồi thường theo loại đất nông
    # nghiệp"; Art. 19(1), 20(3)(a), 22 support "đất nông nghiệp ... đủ điều kiện được bồi
    # thường" without excluding it (review A4). 50 m² CLN beyond the 100 m² limit: asked;
    # included, production support 50 × 5,000 (test default rate) = 250,000.
    r = run(case(parcels=[no_papers("1993-10-15")]))
    rule = only(r, "SUPPORT_BASE_RULE")
    assert (rule.status, rule.decision_key) == (NEEDS_CONFIRMATION, "plot_farmland:T-1")
    assert not [x for x in r.lines if x.code == "PRODUCTION_AGRI"]
    included = {"plot_farmland:T-1": {"choice": "included", "by": "u"}}
    r = run(case(parcels=[no_papers("1993-10-15")]), included)
    assert only(r, "SUPPORT_BASE_RULE").status == OK
    assert only(r, "PRODUCTION_AGRI").amount == 250_000


def test_strip_of_a_large_plot_used_before_1980_is_asked(case, run, only):
    # Decree 88 Art. 8(1)(a): "diện tích thu hồi của thửa đất bằng hoặc lớn hơn hạn mức công
    # nhận"; (b): "diện tích thửa đất nhỏ hơn hạn mức công nhận". Plot 300 m² (limit 200),
    # 150 m² recovered: neither (review A2). Until decided, all residential: 150 × 20,000,000;
    # "built_part_only" with a 60 m² house: 60 × 20,000,000 + 90 m² CLN in the plot
    # (60,000 + 5,000) × 1.5.
    p = no_papers("1975-01-01", measured_area="300")
    r = run(case(parcels=[p]))
    rule = only(r, "RESIDENTIAL_AREA_RULE")
    assert (rule.status, rule.decision_key) == (NEEDS_CONFIRMATION, "art8_1:a-1-1")
    assert [x.amount for x in r.lines if x.code == "LAND"] == [3_000_000_000]
    built = {"art8_1:a-1-1": {"choice": "built_part_only", "by": "u"}}
    r = run(case(parcels=[dict(p, house_footprint="60")]), built)
    assert [x.amount for x in r.lines if x.code == "LAND"] == [1_200_000_000, 8_775_000]


def test_fee_as_on_certification_is_asked_then_deducted(case, run, only):
    r = run(case(parcels=[no_papers("2000-01-01")]))
    line = only(r, "LAND_FEE_ON_CERTIFICATION")
    assert (line.status, line.amount) == (MISSING_BASIS, 0)
    assert "parcels[].certification_fee" in line.note
    assert "Nghị định 88/2024/NĐ-CP, Điều 25, khoản 3" in line.citations
    # Given as 300,000,000 đ: deducted; the land lines stay 100 × 20,000,000 and 50 ×
    # 97,500 (Art. 8(3)), so net = 2,000,000,000 + 4,875,000 − 300,000,000.
    r = run(case(parcels=[no_papers("2000-01-01", certification_fee=300_000_000)]))
    line = only(r, "LAND_FEE_ON_CERTIFICATION")
    assert (line.status, line.amount) == (OK, -300_000_000)
    assert r.totals["net"] == 2_000_000_000 + 4_875_000 - 300_000_000


def test_no_fee_asked_where_certification_is_free(case, run):
    # Land Law Art. 138(2)(b): used 1980-1993, plot below the recognition limit: "không phải
    # nộp tiền sử dụng đất"; Art. 138(6): farmland "giao đất không thu tiền sử dụng đất".
    luc = {"ref": "l", "land_use_code": "LUC", "recovered_area": "500", "origin": "no_papers"}
    for parcel in (no_papers("1990-01-01"), dict(luc, stable_use_from="2010-01-01")):
        r = run(case(parcels=[parcel]))
        assert not [x for x in r.lines if x.code == "LAND_FEE_ON_CERTIFICATION"]


def test_residential_before_15_10_1993_uses_recognition_limit(case, run, only):
    # Decree 88 Art. 8(2): recovered 150 < recognition limit 200 -> all residential
    line = only(run(case(parcels=[no_papers("1993-10-14")])), "LAND")
    assert line.amount == 3_000_000_000  # 150 × 20,000,000
    assert "Nghị định 88/2024/NĐ-CP, Điều 8, khoản 2" in line.citations


def test_position_of_farmland_in_a_residential_plot_is_the_provinces(case, run, pack):
    # The table's position for "Đất nông nghiệp trong cùng thửa đất có nhà ở" is the
    # province's rule (NQ 19/2025 Lào Cai Art. 4(1)(a): VT1), not a national one. With the
    # test pack's VT1 the 50 m² beyond the limit are (60,000 + 5,000) × 1.5 = 4,875,000 and
    # the line cites the rule; a pack without it leaves that part missing_basis, named.
    r = run(case(parcels=[no_papers("1993-10-15")]))
    rest = [x for x in r.lines if x.code == "LAND"][1]
    assert rest.amount == 4_875_000
    assert "Test, vị trí đất nông nghiệp trong thửa có nhà ở" in rest.citations
    params = dict(pack.params)
    del params["land.farmland_in_residential_plot_position"]
    r = run(case(parcels=[no_papers("1993-10-15")]), with_pack=Pack(pack.raw, "x", params))
    rest = [x for x in r.lines if x.code == "LAND"][1]
    assert rest.status == MISSING_BASIS
    assert "land.farmland_in_residential_plot_position" in rest.note


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


def test_citations_of_residential_eligibility(case, run, only):
    # Review Error 14(b): residential land without papers used from 01/7/2014 is refused
    # because it cannot be certified: Land Law Art. 101(4) "không đủ điều kiện cấp Giấy chứng
    # nhận", Decree 88 Art. 5(1) - not Art. 8(3), which grants compensation.
    line = only(run(case(parcels=[no_papers("2015-01-01")])), "LAND_NONE")
    assert "Luật Đất đai 2024, Điều 101, khoản 4" in line.citations
    assert "Nghị định 88/2024/NĐ-CP, Điều 8, khoản 3" not in line.citations
    # Error 14(c): Decree 88 Art. 10(1): land allocated without authority "sử dụng ổn định
    # trước ngày 15 tháng 10 năm 1993 thì được bồi thường ... theo quy định tại khoản 2 Điều
    # 8", even before 18/12/1980: 150 m² < limit 200 m², all residential: 150 × 20,000,000.
    p = no_papers("1975-01-01", origin="unauthorised_allocation")
    line = only(run(case(parcels=[p])), "LAND")
    assert line.amount == 3_000_000_000
    assert "Nghị định 88/2024/NĐ-CP, Điều 8, khoản 2" in line.citations
    assert "Nghị định 88/2024/NĐ-CP, Điều 8, khoản 1" not in line.citations


def test_organisation_without_papers_is_not_recognised_under_articles_8_to_13(case, run, only):
    # Decree 88 Art. 8-13 are written for "hộ gia đình, cá nhân" (Art. 8: "Bồi thường về đất ở
    # đối với hộ gia đình, cá nhân ..."); an organisation rests on its papers (Land Law Art.
    # 95). Review Error 16: the engine paid an organisation's ODT without papers as Art. 8.
    r = run(case(kind="organisation", parcels=[no_papers("1990-01-01")]))
    line = only(r, "LAND_NONE")
    assert "Luật Đất đai 2024, Điều 95" in line.citations
    assert not [x for x in r.lines if x.code == "LAND"]


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


def test_agricultural_without_papers_from_2014_is_compensated(case, run):
    # Land Law Art. 138(6): "Hộ gia đình, cá nhân đang sử dụng đất ổn định vào mục đích thuộc
    # nhóm đất nông nghiệp, nay được Ủy ban nhân dân cấp xã nơi có đất xác nhận không có tranh
    # chấp thì được cấp Giấy chứng nhận ... không vượt quá hạn mức giao đất nông nghiệp ...
    # Điều 176" - no date; Decree 88 Art. 5(1), 12(1) compensate whoever it makes eligible.
    # LUC without papers since 2016, 2,500 m²: the limit 2,000 m² × 50,000 × K 1.5 =
    # 150,000,000; the 500 m² above get the province's support (Art. 12(7)): 500 × 50,000.
    luc = {"ref": "a-2-1", "land_use_code": "LUC", "recovered_area": "2500", "origin": "no_papers"}
    r = run(case(parcels=[dict(luc, stable_use_from="2016-01-01")]))
    land = [x for x in r.lines if x.code == "LAND"]
    assert [x.amount for x in land] == [150_000_000]
    assert "Luật Đất đai 2024, Điều 138, khoản 6" in land[0].citations
    assert [x.amount for x in r.lines if x.code == "LAND_SUPPORT"] == [25_000_000]
    assert not [x for x in r.lines if x.code == "LAND_NONE"]


def test_self_reclaimed_farmland_uses_the_provinces_limit(case, run, only):
    # Decree 88 Art. 12(2), second paragraph: "Đối với đất nông nghiệp đã sử dụng ổn định do
    # tự khai hoang thì được bồi thường về đất theo hạn mức giao đất nông nghiệp do Ủy ban
    # nhân dân cấp tỉnh quy định" - not the Art. 176 limit (2,000 m² in the test pack). Test
    # pack: the province's limit for annual crops 1,000 m². LUC of 2,500 m² reclaimed in
    # 2010: 1,000 × 50,000 × K 1.5 = 75,000,000; the 1,500 m² above get the province's
    # support (Art. 12(7)): 1,500 × 50,000 = 75,000,000.
    luc = {
        "ref": "a-2-1",
        "land_use_code": "LUC",
        "recovered_area": "2500",
        "origin": "no_papers",
        "stable_use_from": "2010-01-01",
        "self_reclaimed": True,
    }
    r = run(case(parcels=[luc]))
    land = only(r, "LAND")
    assert (land.status, land.quantity, land.amount) == ("ok", 1000, 75_000_000)
    assert "Nghị định 88/2024/NĐ-CP, Điều 12, khoản 2, đoạn thứ hai" in land.citations
    assert "hạn mức của tỉnh 1.000 m²" in land.note
    assert only(r, "LAND_SUPPORT").amount == 75_000_000
    # The limit is counted over the case's reclaimed parcels: 600 m² + 600 m² -> the
    # second gets 400 m² (30,000,000) and support for 200 m² (10,000,000).
    two = [dict(luc, ref=ref, recovered_area="600") for ref in ("a-2-1", "a-2-2")]
    r = run(case(parcels=two))
    assert [x.amount for x in r.lines if x.code == "LAND"] == [45_000_000, 30_000_000]
    assert [x.amount for x in r.lines if x.code == "LAND_SUPPORT"] == [10_000_000]
    # A type the province's limit does not list: missing_basis naming the key.
    nts = dict(luc, land_use_code="NTS", recovered_area="300")
    line = only(run(case(parcels=[nts])), "LAND")
    assert line.status == "missing_basis" and line.amount == 0
    assert "limits.agricultural_reclaimed.aquaculture" in line.note


def test_agricultural_limit_is_per_person_not_per_parcel(case, run):
    # Decree 88 Art. 12(1): "được bồi thường về đất đối với diện tích đất bị thu hồi nhưng
    # không vượt quá hạn mức giao đất nông nghiệp cho cá nhân quy định tại Điều 176". Two LUC
    # parcels of 1,500 m² without papers (2005), limit 2,000 m²: the first 1,500 m² and 500 m²
    # of the second are compensated (× 50,000 × K 1.5 = 112,500,000 and 37,500,000); the
    # other 1,000 m² get the province's support (Art. 12(7)): 1,000 × 50,000 = 50,000,000.
    luc = {"land_use_code": "LUC", "recovered_area": "1500", "origin": "no_papers"}
    parcels = [dict(luc, ref=ref, stable_use_from="2005-01-01") for ref in ("a-2-1", "a-2-2")]
    r = run(case(parcels=parcels))
    assert [x.amount for x in r.lines if x.code == "LAND"] == [112_500_000, 37_500_000]
    assert [x.amount for x in r.lines if x.code == "LAND_SUPPORT"] == [50_000_000]


def test_support_for_land_not_compensated_is_the_provinces_rule(case, run, only):
    # Decree 88 Art. 12(7): "Ủy ban nhân dân cấp tỉnh căn cứ tình hình thực tế tại địa phương
    # quyết định hỗ trợ khác". A province paying 50 % of the table price, for land used before
    # 01/7/2014 (like the scope of QĐ 18/2025 Lào Cai Art. 19): LUC without papers, 2,500 m²,
    # limit 2,000 m²: 500 m² × 50,000 × 50 % = 12,500,000.
    from conftest import TEST_PACK

    half = load_pack_text(
        TEST_PACK.replace(
            "agricultural: {ratio: 1, price_basis: table,",
            "agricultural: {ratio: '0.5', price_basis: table, used_before: 2014-07-01,",
        ),
        "test-half.yaml",
    )
    luc = {"ref": "a-2-1", "land_use_code": "LUC", "recovered_area": "2500", "origin": "no_papers"}
    r = run(case(parcels=[dict(luc, stable_use_from="2005-01-01")]), with_pack=half)
    assert only(r, "LAND_SUPPORT").amount == 12_500_000
    # Used from 2016: outside the province's rule, a zero line that says so.
    line = only(
        run(case(parcels=[dict(luc, stable_use_from="2016-01-01")]), with_pack=half), "LAND_SUPPORT"
    )
    assert (line.status, line.amount) == (OK, 0) and "01/07/2014" in line.formula


def test_salt_land_has_its_own_limit_and_other_farmland_asks(case, run, only):
    # Land Law Art. 176(1): "Hạn mức giao đất trồng cây hằng năm, đất nuôi trồng thủy sản, đất
    # làm muối ... Không quá 02 ha cho mỗi loại đất". LUC 1,500 m² and LMU 1,500 m² without
    # papers (2005) are each within their own 2,000 m²: 1,500 × 50,000 × 1.5 = 112,500,000
    # and 1,500 × 30,000 × 1.5 = 67,500,000.
    land = {"recovered_area": "1500", "origin": "no_papers", "stable_use_from": "2005-01-01"}
    parcels = [dict(land, ref="a", land_use_code="LUC"), dict(land, ref="b", land_use_code="LMU")]
    r = run(case(parcels=parcels))
    assert [x.amount for x in r.lines if x.code == "LAND"] == [112_500_000, 67_500_000]
    # NKH (other agricultural land): Art. 176 has no limit for it. 3,000 m²: asked; until
    # then the annual limit 2,000 × 40,000 × 1.5 = 120,000,000; the whole area 180,000,000.
    nkh = [dict(land, ref="c", land_use_code="NKH", recovered_area="3000")]
    r = run(case(parcels=nkh))
    rule = only(r, "LAND_LIMIT_RULE")
    assert (rule.status, rule.decision_key) == (NEEDS_CONFIRMATION, "agri_limit:c")
    assert only(r, "LAND").amount == 120_000_000
    whole = run(case(parcels=nkh), {"agri_limit:c": {"choice": "whole_area", "by": "u"}})
    assert (only(whole, "LAND_LIMIT_RULE").status, only(whole, "LAND").amount) == (OK, 180_000_000)


def test_combined_agricultural_limits(case, run):
    # Land Law Art. 176(4): "Cá nhân được giao nhiều loại đất trong các loại đất trồng cây
    # hằng năm, đất nuôi trồng thủy sản, đất làm muối thì tổng hạn mức giao đất không quá 05
    # ha; trường hợp được giao thêm đất trồng cây lâu năm thì hạn mức đất trồng cây lâu năm
    # không quá 05 ha" (test pack: 5,000 m² and 2,500 m²). LUC, NTS, LMU 2,000 m² each and
    # CLN 3,000 m², without papers (2005): LUC 2,000, NTS 2,000, LMU 1,000 (5,000 − 4,000),
    # CLN 2,500. Areas × price × K 1.5 (LUC 50,000; LMU 30,000; CLN 60,000; NTS no price).
    land = {"recovered_area": "2000", "origin": "no_papers", "stable_use_from": "2005-01-01"}
    parcels = [
        dict(land, ref="a", land_use_code="LUC"),
        dict(land, ref="b", land_use_code="NTS"),
        dict(land, ref="c", land_use_code="LMU"),
        dict(land, ref="d", land_use_code="CLN", recovered_area="3000"),
    ]
    r = run(case(parcels=parcels))
    assert [x.quantity for x in r.lines if x.code == "LAND"] == [2000, 2000, 1000, 2500]
    assert [x.amount for x in r.lines if x.code == "LAND" and x.ref in ("a", "c", "d")] == [
        150_000_000,
        45_000_000,
        225_000_000,
    ]


def test_fixed_term_land(case, run, only, pack):
    # Decree 88 Art. 13(7): "Tbt = G × S / T1 × T2", G (Decree 49 Art. 11(4)) "tính theo bảng
    # giá đất và hệ số điều chỉnh giá đất"; the test table prices 70 years (like NQ 19/2025
    # Lào Cai Art. 6(7): "tương ứng với thời hạn sử dụng là 70 năm"). Table × K = 6,000,000
    # × 1.5 = 9,000,000 for 70 years; G for T1 = 50 years = 9,000,000 / 70 × 50;
    # Tbt = G × 100 / 50 × 20 = 9,000,000 × 100 × 20 / 70 = 257,142,857.14 -> 257,142,857.
    p = odt(land_use_code="TMD", recovered_area="100", term_years="50", remaining_years="20")
    r = run(case(parcels=[p]))
    line = only(r, "LAND_FIXED_TERM")
    assert line.amount == 257_142_857
    assert "Test, giá trong bảng tính cho 70 năm" in line.citations
    # Review Error 14(d): G as amended by Decree 49 Art. 11(4), named with 13(7).
    assert any("13, khoản 7" in x and "Điều 11, khoản 4" in x for x in line.citations)
    assert not [x for x in r.lines if x.code == "LAND"]
    # A pack that does not say which term its table prices: missing basis, named.
    params = dict(pack.params)
    del params["land.fixed_term_table_years"]
    line = only(run(case(parcels=[p]), with_pack=Pack(pack.raw, "x", params)), "LAND_FIXED_TERM")
    assert line.status == MISSING_BASIS and "land.fixed_term_table_years" in line.note


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
    # Land that is not residential has nothing to move, and the line says so.
    farm = only(run(case(parcels=[{**swap, "land_use_code": "LUC"}])), "IN_PLACE_RESETTLEMENT")
    assert farm.status == MISSING_BASIS


def test_in_place_resettlement_without_a_certificate_exempts_the_recognised_residential_area(
    case, run, only
):
    # Decree 88 Art. 24(3)(b): the exemption is "bằng diện tích đất ở thu hồi"; for a plot
    # without a certificate the residential area is what Art. 8 recognises. Art. 8(3)(a),
    # used stably from 2000 (15/10/1993 - 01/7/2014): residential "bằng hạn mức giao đất
    # ở" (100 m² in the test pack); (d): the rest "theo loại đất nông nghiệp".
    # 150 m² recovered: 100 m² residential, paid as the plot's CLN by the household's
    # consent, (60,000 + 5,000) × 1.5 × 100 = 9,750,000; the other 50 m² is farmland of
    # the plot anyway, 97,500 × 50 = 4,875,000; 100 m² exempt from the fee.
    swap = odt(
        in_place_farmland_code="CLN",
        origin="no_papers",
        stable_use_from="2000-01-01",
        recovered_area="150",
        remainder_code="CLN",
    )
    result = run(case(parcels=[swap]))
    exempt = only(result, "IN_PLACE_RESETTLEMENT")
    assert (exempt.status, exempt.quantity, exempt.amount) == (OK, Decimal(100), 0)
    land = sorted((x.quantity, x.amount) for x in result.lines if x.code == "LAND")
    assert land == [(Decimal(50), 4_875_000), (Decimal(100), 9_750_000)]
    # Farmland certified without a fee (Land Law Art. 138(6)): nothing deducted.
    assert not [x for x in result.lines if x.code == "LAND_FEE_ON_CERTIFICATION"]
    # Used since 1990, house on 230 m² of the 250 m² recovered: Art. 8(2)(a) recognises
    # 230 m² "after deducting the land-use fee" for the 30 m² above the 200 m² limit; paid
    # as farmland here, there is no fee to deduct. Exempt: the 100 m² allocation limit.
    old = run(
        case(
            parcels=[
                {**swap, "stable_use_from": "1990-01-01", "recovered_area": "250",
                 "measured_area": "300", "certificate_area": None, "house_footprint": "230"}
            ]
        )
    )  # fmt: skip
    assert only(old, "IN_PLACE_RESETTLEMENT").quantity == Decimal(100)
    assert sorted(x.quantity for x in old.lines if x.code == "LAND") == [20, 230]
    assert not [x for x in old.lines if x.code == "LAND_FEE_OVER_LIMIT"]
    assert all(x.status == OK for x in old.lines if x.code in ("LAND", "IN_PLACE_RESETTLEMENT"))
    # Used from 2015: Art. 8 recognises no residential land (Land Law Art. 101(4)), so no
    # residential area is recovered and none is exempt.
    late = run(case(parcels=[{**swap, "stable_use_from": "2015-01-01"}]))
    assert only(late, "LAND_NONE").amount == 0
    assert not [x for x in late.lines if x.code == "IN_PLACE_RESETTLEMENT"]
