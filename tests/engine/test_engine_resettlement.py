"""Resettlement and deductions. Test pack: ODT road-a/1 VT1 10,000,000 đ/m², K 2;
minimum resettlement unit 50 m² in a ward, valued at table × K."""

from gpmb.engine.lines import MISSING_BASIS, NEEDS_CONFIRMATION, OK


def odt(area):
    return {
        "ref": "r",
        "land_use_code": "ODT",
        "segment": "road-a/1",
        "position": "VT1",
        "recovered_area": str(area),
    }


def codes(result):
    return {x.code: x.amount for x in result.lines}


def test_plot_fee_topup_and_recorded_debt(case, run):
    # Land 30 m² × 20,000,000 = 600,000,000. Plot 60 m² × 20,000,000 = 1,200,000,000 owed.
    # Minimum unit 50 m² × 20,000,000 = 1,000,000,000 > 600,000,000: top-up 400,000,000
    # (Land Law Art. 111(8)). Still owed 200,000,000: recorded as debt (Decree 88 Art. 26).
    d = case(
        parcels=[odt(30)],
        relocating=True,
        resettlement={"plot_area": "60", "segment": "road-a/1", "record_debt": True},
    )
    r = run(d)
    got = codes(r)
    assert got["LAND"] == 600_000_000
    assert got["RESETTLEMENT_FEE"] == -1_200_000_000
    assert got["RESETTLEMENT_TOPUP"] == 400_000_000
    assert got["RESETTLEMENT_DEBT_RECORDED"] == 200_000_000
    assert got["RESETTLEMENT_DEBT"] == 200_000_000
    assert r.totals["resettlement"] == -600_000_000
    # Relocating from residential land only: life support 2 members × 6 months × 30 kg ×
    # 20,000 đ = 7,200,000 (the test pack's QĐ 18 Art. 10(3)-like rule).
    assert r.totals["net"] == 7_200_000 and r.totals["debt"] == 200_000_000


# Land Law Art. 111(8): "Trường hợp người có đất ở thu hồi mà phải di chuyển chỗ ở và được
# bồi thường bằng giao đất ở hoặc nhà ở tái định cư nhưng tiền bồi thường về đất ở không đủ
# so với giá trị của một suất tái định cư tối thiểu thì được Nhà nước hỗ trợ tiền đủ ...".
# Art. 111(5): a household not eligible for residential compensation is "giao đất ở có thu
# tiền sử dụng đất"; Art. 111(6): farmland compensated with a plot. Neither gets a top-up.


def test_no_topup_without_eligible_residential_land(case, run):
    # ODT 60 m², origin not eligible (Land Law Art. 101): no land line, so nothing to
    # top up; the plot 40 m² × 10,000,000 × K 2 = 800,000,000 is paid in full.
    d = case(
        parcels=[dict(odt(60), origin="not_eligible")],
        relocating=True,
        resettlement={"plot_area": "40", "segment": "road-a/1"},
    )
    got = codes(run(d))
    assert "RESETTLEMENT_TOPUP" not in got
    assert got["RESETTLEMENT_FEE"] == -800_000_000


def test_no_topup_for_farmland_only(case, run):
    # 600 m² LUC with a certificate, not relocating (Art. 111(6)): land 600 × 50,000 × K 1.5
    # = 45,000,000; plot 40 m² × 20,000,000 = 800,000,000 owed, no top-up.
    luc = {"ref": "l", "land_use_code": "LUC", "position": "VT1", "recovered_area": "600"}
    d = case(parcels=[luc], resettlement={"plot_area": "40", "segment": "road-a/1"})
    got = codes(run(d))
    assert "RESETTLEMENT_TOPUP" not in got
    assert got["LAND"] + got["RESETTLEMENT_FEE"] == 45_000_000 - 800_000_000


def test_no_topup_when_not_relocating(case, run):
    # Residential land 30 m² compensated (600,000,000) but the household keeps its home
    # ("phải di chuyển chỗ ở" fails): the plot is bought, not topped up.
    d = case(parcels=[odt(30)], resettlement={"plot_area": "50", "segment": "road-a/1"})
    got = codes(run(d))
    assert "RESETTLEMENT_TOPUP" not in got
    assert got["LAND"] + got["RESETTLEMENT_FEE"] == 600_000_000 - 1_000_000_000


def test_no_topup_when_compensation_covers_a_minimum_unit(case, run):
    d = case(
        parcels=[odt(60)], relocating=True, resettlement={"plot_area": "50", "segment": "road-a/1"}
    )
    got = codes(run(d))
    assert "RESETTLEMENT_TOPUP" not in got
    assert got["LAND"] + got["RESETTLEMENT_FEE"] == 200_000_000  # 1,200 M − 1,000 M


def test_deduction_only_from_land_lines(case, run):
    # Land Law Art. 94(6): unpaid 100,000,000 comes out of land (600,000,000), not assets.
    house = {"id": "S", "kind": "structure", "class": "cap4", "category": "house", "quantity": "60"}
    r = run(case(parcels=[odt(30)], items=[house], unpaid_obligations=100_000_000))
    got = codes(r)
    assert got["DEDUCTION"] == -100_000_000
    assert r.totals["net"] == 600_000_000 + 300_000_000 - 100_000_000


def test_deduction_larger_than_land_lines_leaves_debt(case, run):
    # 700,000,000 owed, land 600,000,000: only 600,000,000 deducted (the house's
    # 300,000,000 is not touched); 100,000,000 stays as debt (Decree 88 Art. 25(1)(b)).
    house = {"id": "S", "kind": "structure", "class": "cap4", "category": "house", "quantity": "60"}
    r = run(case(parcels=[odt(30)], items=[house], unpaid_obligations=700_000_000))
    got = codes(r)
    assert got["DEDUCTION"] == -600_000_000
    assert got["DEDUCTION_DEBT"] == 100_000_000
    assert r.totals["net"] == 300_000_000 and r.totals["debt"] == 100_000_000


def test_remaining_investment_is_deductible_but_support_is_not(case, run):
    inv = {
        "id": "I",
        "kind": "remaining_investment",
        "costs": 10_000_000,
        "t1_years": "10",
        "t2_years": "5",
    }
    rent = {"rental_months": 6}
    r = run(case(items=[inv], support=rent, unpaid_obligations=20_000_000))
    got = codes(r)
    assert got["DEDUCTION"] == -5_000_000 and got["DEDUCTION_DEBT"] == 15_000_000


def test_deduction_waits_when_land_is_missing_basis(case, run, pack):
    d = case(parcels=[dict(odt(30), segment="no-such-road")], unpaid_obligations=1_000_000)
    line = next(x for x in run(d).lines if x.code == "DEDUCTION")
    assert line.status == MISSING_BASIS and line.amount == 0
    assert not [x for x in run(d).lines if x.code == "DEDUCTION_DEBT"]


def test_deduction_after_the_resettlement_fee_has_taken_the_land_money(case, run):
    # Decree 88 Art. 25(1)(b): "nếu hộ gia đình, cá nhân được bố trí tái định cư thì sau khi
    # trừ số tiền bồi thường vào số tiền để được giao đất ở ... mà số tiền còn lại nhỏ hơn số
    # tiền chưa thực hiện nghĩa vụ tài chính thì ... tiếp tục được ghi nợ số tiền chênh lệch";
    # 25(1)(c): "Không trừ các khoản tiền được bồi thường ... tài sản ... và các khoản tiền
    # được hỗ trợ". Land 30 m² = 600,000,000; plot 60 m² = 1,200,000,000, of which the
    # top-up pays 400,000,000 and the land money the next 600,000,000 (200,000,000 recorded
    # as debt): nothing of the land money is left, so the 100,000,000 owed stays as debt
    # and the house (60 m² × 5,000,000 = 300,000,000) is not touched.
    house = {"id": "S", "kind": "structure", "class": "cap4", "category": "house", "quantity": "60"}
    d = case(
        parcels=[odt(30)],
        items=[house],
        relocating=True,
        resettlement={"plot_area": "60", "segment": "road-a/1", "record_debt": True},
        unpaid_obligations=100_000_000,
    )
    r = run(d)
    got = codes(r)
    assert got["DEDUCTION"] == 0 and got["DEDUCTION_DEBT"] == 100_000_000
    # 600 M + 300 M − 1,200 M + 400 M + 200 M + life support 7.2 M (2 × 6 × 30 × 20,000)
    assert r.totals["net"] == 307_200_000


def test_deduction_from_land_money_left_after_the_plot(case, run):
    # Land 60 m² = 1,200,000,000; plot 40 m² = 800,000,000 (no top-up: the land money covers
    # a minimum unit): 400,000,000 of land money is left; 500,000,000 owed → 400,000,000
    # deducted, 100,000,000 stays as debt (Decree 88 Art. 25(1)(b)).
    d = case(
        parcels=[odt(60)],
        relocating=True,
        resettlement={"plot_area": "40", "segment": "road-a/1"},
        unpaid_obligations=500_000_000,
    )
    got = codes(run(d))
    assert got["DEDUCTION"] == -400_000_000 and got["DEDUCTION_DEBT"] == 100_000_000


def test_minimum_unit_at_the_table_price_while_the_fee_is_table_x_k_is_asked(case, run):
    # QĐ 18/2025 Lào Cai Art. 14(1)(d) values the unit with "G là giá đất ... theo Bảng giá
    # đất"; Resolution 254 Art. 3(6) makes the plot's fee table × K (review A7). Land 30 m²
    # = 600,000,000. Unit 50 m²: at table 500,000,000 (no top-up), at table × K
    # 1,000,000,000 (top-up 400,000,000).
    from conftest import TEST_PACK

    from gpmb.engine import load_pack_text

    table = load_pack_text(
        TEST_PACK.replace(
            "minimum_unit_price_basis: {value: table_x_k,",
            "minimum_unit_price_basis: {value: table,",
        ),
        "test-table.yaml",
    )
    d = case(
        parcels=[odt(30)], relocating=True, resettlement={"plot_area": "60", "segment": "road-a/1"}
    )
    line = next(x for x in run(d, with_pack=table).lines if x.code == "RESETTLEMENT_TOPUP")
    assert (line.status, line.decision_key, line.amount) == (
        NEEDS_CONFIRMATION,
        "minimum_unit_price:T-1",
        400_000_000,
    )
    at_table = {"minimum_unit_price:T-1": {"choice": "table", "by": "u"}}
    line = next(
        x for x in run(d, at_table, with_pack=table).lines if x.code == "RESETTLEMENT_TOPUP"
    )
    assert (line.status, line.amount) == (OK, 0)


def test_minimum_unit_by_the_recovered_plot(case, run):
    # QĐ 18/2025 Lào Cai Art. 14(1)(c): "Trường hợp diện tích thửa đất ở bị thu hồi lớn hơn
    # diện tích tại điểm a ... nhưng nhỏ hơn diện tích thửa đất ở được giao tại khu tái định
    # cư thì suất tái định cư tối thiểu là diện tích thửa đất thu hồi". ODT 55 m² on road C
    # (4,000,000 × K 2 = 8,000,000): 440,000,000. Plot 70 m² on road A (20,000,000/m²).
    # Minimum 50 m²: 1,000,000,000 − 440,000,000 = 560,000,000; by the recovered plot,
    # 55 m²: 1,100,000,000 − 440,000,000 = 660,000,000.
    from conftest import TEST_PACK

    from gpmb.engine import load_pack_text

    lc = load_pack_text(
        TEST_PACK.replace(
            "minimum_unit_area: {value: {ward: 50},",
            "minimum_unit_area: {value: {ward: 50, by_recovered_area: true},",
        ),
        "test-lc.yaml",
    )
    d = case(
        parcels=[dict(odt(55), segment="road-c/1")],
        relocating=True,
        resettlement={"plot_area": "70", "segment": "road-a/1"},
    )
    assert codes(run(d))["RESETTLEMENT_TOPUP"] == 560_000_000
    assert codes(run(d, with_pack=lc))["RESETTLEMENT_TOPUP"] == 660_000_000


def test_resettlement_house_is_bought_at_the_decided_price(case, run, only):
    # Land Law 2024 Art. 111(3): "Giá bán nhà ở tái định cư ... do Ủy ban nhân dân ...
    # quyết định"; Decree 88 Art. 25(2): the difference is paid either way. 60 m² ×
    # 12,000,000 = 720,000,000 to pay, against land 80 m² × 10,000,000 × K 2 =
    # 1,600,000,000.
    flat = {"house_area": "60", "house_price": 12_000_000}
    result = run(case(parcels=[odt(80)], resettlement=flat))
    line = only(result, "RESETTLEMENT_HOUSE")
    assert (line.amount, line.group) == (-720_000_000, "resettlement")
    assert result.totals["resettlement"] == -720_000_000
    assert result.totals["land"] == 1_600_000_000
    unpriced = only(run(case(resettlement={"house_area": "60"})), "RESETTLEMENT_HOUSE")
    assert (unpriced.amount, unpriced.status) == (0, MISSING_BASIS)
    assert "resettlement.house_price" in unpriced.note


def test_land_of_another_use_given_in_compensation_is_charged_at_table_times_k(case, run, only):
    # Decree 88 Art. 4(1) as amended by Decree 49 Art. 11(2): "Giá đất tính tiền sử dụng
    # đất ... khi bồi thường bằng đất có mục đích sử dụng khác với loại đất thu hồi là giá
    # đất theo loại đất được giao ... tại thời điểm phê duyệt phương án"; the land-use fee
    # is table × K (Resolution 254 Art. 5(1)(b)). TMD road-a/1 VT1 6,000,000 × K 1.5 ×
    # 100 m² = 900,000,000 to pay (Art. 4(2)(b): "phải nộp phần chênh lệch").
    given = {
        "other_land_code": "TMD",
        "other_land_area": "100",
        "other_land_segment": "road-a/1",
        "other_land_position": "VT1",
    }
    line = only(run(case(resettlement=given)), "OTHER_LAND_FEE")
    assert (line.amount, line.group) == (-900_000_000, "resettlement")
    assert line.citations[0].startswith("Nghị định 88/2024/NĐ-CP, Điều 4, khoản 1")
    no_area = {k: v for k, v in given.items() if k != "other_land_area"}
    missing = only(run(case(resettlement=no_area)), "OTHER_LAND_FEE")
    assert (missing.amount, missing.status) == (0, MISSING_BASIS)


def test_land_of_another_use_leased_in_compensation_is_charged_its_rent(case, run, only):
    # Decree 88 Art. 4(1) as amended by Decree 49 Art. 11(2): "Giá đất tính tiền sử dụng
    # đất, tiền thuê đất khi bồi thường bằng đất có mục đích sử dụng khác với loại đất thu
    # hồi là giá đất theo loại đất được giao, được cho thuê tại thời điểm phê duyệt phương
    # án" (the amendment replaced the specific price the original text set for a lease
    # paid at once). The rent follows the rent law (Resolution 254 Art. 5(2)); its amount
    # for the whole term, 450,000,000 for 100 m² TMD, is entered and paid by the household
    # (Art. 4(2)(b)); no land-use fee is charged for land leased.
    leased = {
        "other_land_code": "TMD",
        "other_land_area": "100",
        "other_land_lease": True,
        "other_land_rent": 450_000_000,
    }
    result = run(case(resettlement=leased))
    line = only(result, "OTHER_LAND_RENT")
    assert (line.amount, line.status, line.group) == (-450_000_000, OK, "resettlement")
    assert "Nghị quyết 254/2025/QH15, Điều 5, khoản 2" in line.citations
    assert not [x for x in result.lines if x.code == "OTHER_LAND_FEE"]
    # The rent not entered: missing, naming what is needed, never the fee in its place.
    unpriced = run(case(resettlement={k: v for k, v in leased.items() if k != "other_land_rent"}))
    missing = only(unpriced, "OTHER_LAND_RENT")
    assert (missing.amount, missing.status) == (0, MISSING_BASIS)
    assert "other_land_rent" in missing.note
    assert not [x for x in unpriced.lines if x.code == "OTHER_LAND_FEE"]


def test_in_place_resettlement_priced_at_a_similar_location(case, run, only):
    # Resolution 254 Art. 3(6), second paragraph: "bồi thường bằng đất ở tại chỗ mà giá
    # đất tại vị trí được bồi thường chưa có trong bảng giá đất thì ... căn cứ vào giá đất
    # trong bảng giá đất tại vị trí tương tự". road-z/1 is not in the table; the similar
    # road-a/1 VT1: 50 m² × 10,000,000 × K 2 = 1,000,000,000.
    plot = {"plot_area": "50", "segment": "road-z/1"}
    unpriced = only(run(case(resettlement=plot)), "RESETTLEMENT_FEE")
    assert unpriced.status == MISSING_BASIS and "similar_segment" in unpriced.note
    similar = run(case(resettlement={**plot, "similar_segment": "road-a/1"}))
    line = only(similar, "RESETTLEMENT_FEE")
    assert line.amount == -1_000_000_000
    assert "Nghị quyết 254/2025/QH15, Điều 3, khoản 6, đoạn thứ hai" in line.citations


def test_co_holders_shares_follow_their_agreement(case, run, only):
    # Decree 88 Art. 25(4): "Việc phân chia tiền bồi thường, hỗ trợ cho người có chung
    # quyền sử dụng đất ... thực hiện theo thỏa thuận". Net 1,600,000,000 (80 m² ODT);
    # shares 0.75 / 0.25 -> 1,200,000,000 and 400,000,000, shown, the totals unchanged.
    members = [{"id": "m1", "name": "An", "share": "0.75"}, {"id": "m2", "share": "0.25"}]
    result = run(case(parcels=[odt(80)], members=members))
    shares = [x for x in result.lines if x.code == "SHARE"]
    assert [(x.ref, x.amount) for x in shares] == [("m1", 0), ("m2", 0)]
    assert "= 1.200.000.000 đ" in shares[0].formula
    assert "= 400.000.000 đ" in shares[1].formula
    assert result.totals["net"] == 1_600_000_000
    members[1]["share"] = "0.2"
    wrong = only(run(case(parcels=[odt(80)], members=members)), "SHARE")
    assert wrong.status == MISSING_BASIS
