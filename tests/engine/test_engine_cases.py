"""Facts parsing, whole households on the shipped packs, determinism and the CLI."""

import io
import json
from pathlib import Path

import pytest

from gpmb.engine import CaseFacts, FactsError, compute, compute_many, find_pack, load_pack_text
from gpmb.engine.cli import main
from gpmb.engine.lines import MISSING_BASIS, NEEDS_CONFIRMATION, OK
from gpmb.engine.pack import Pack, PackError


@pytest.mark.parametrize("text", ["NaN", "sNaN", "-Infinity", "Infinity"])
def test_a_number_that_is_no_number_is_a_facts_error(text):
    """NaN used to raise InvalidOperation while compared with 0: a 500 in the calculator."""
    with pytest.raises(FactsError) as exc:
        CaseFacts.from_dict(
            {"case_id": "x", "items": [{"id": "i", "kind": "tree", "quantity": text}]}
        )
    assert exc.value.messages == [f"$.items[0].quantity = '{text}': must be a non-negative number"]


def test_facts_errors_name_path_and_value():
    with pytest.raises(FactsError) as exc:
        CaseFacts.from_dict(
            {
                "case_id": "x",
                "dates": {"notice": "2026-13-01"},
                "parcels": [{"ref": "p", "land_use_code": "QQQ", "recovered_area": "12,5"}],
                "items": [{"id": "i", "kind": "tree", "quantity": -3}],
                "unpaid_obligations": 1.5,
            }
        )
    assert exc.value.messages == [
        "$.dates.notice = '2026-13-01': expected a date YYYY-MM-DD",
        "$.unpaid_obligations = 1.5: must be a non-negative integer number of đồng",
        "$.parcels[0].land_use_code = 'QQQ': unknown land-use code",
        (
            "$.parcels[0].recovered_area = '12,5': expected a number (a JSON number, or text "
            "with '.' as the decimal point)"
        ),
        "$.items[0].quantity = -3: must be a non-negative number",
    ]


def test_facts_minimal_and_round_trip():
    f = CaseFacts.from_dict({"case_id": "only-an-id"})
    assert f.parcels == [] and f.notice_date is None
    # Nothing to price; only the question of the valuation date (review Error 16).
    only = compute(f, find_pack("hai-phong-demo-2026")).lines
    assert [(x.code, x.decision_key) for x in only] == [("REGIME", "valuation_date")]
    d = {"case_id": "c", "parcels": [{"ref": "p", "land_use_code": "ODT", "recovered_area": 80.5}]}
    f = CaseFacts.from_dict(d)
    assert CaseFacts.from_dict(d) == f  # the same input, the same facts
    assert str(f.parcels[0].recovered_area) == "80.5"
    assert json.loads(json.dumps(f.to_dict()))["parcels"][0]["recovered_area"] == "80.5"


HOUSEHOLD = {
    "case_id": "HS-LEC-001",
    "commune": "phuong-le-chan",
    "commune_kind": "ward",
    "dates": {"notice": "2026-02-01", "valuation": "2026-06-15"},
    "members": [{"id": "m1", "direct_farmer": True}, {"id": "m2"}, {"id": "m3"}],
    "agricultural_area_in_use": "1000",
    "relocating": True,
    "parcels": [
        {
            "ref": "le-chan-12-45",
            "land_use_code": "ODT",
            "segment": "ho-sen-cau-rao-2/le-chan",
            "position": "VT2",
            "certificate_area": "100",
            "measured_area": "100",
            "recovered_area": "100",
        },
        {
            "ref": "le-chan-20-7",
            "land_use_code": "LUC",
            "position": "VT1",
            "certificate_area": "400",
            "measured_area": "400",
            "recovered_area": "400",
        },
    ],
    "items": [
        {
            "id": "S1",
            "kind": "structure",
            "class": "nha-cap-4",
            "category": "house",
            "quantity": "60",
            "built_on": "2005-03-01",
        },
        {
            "id": "T1",
            "kind": "tree",
            "species": "nhan",
            "subgroup": "A",
            "quantity": "20",
            "area": "500",
        },
        {"id": "G1", "kind": "grave", "type": "built"},
        {"id": "M1", "kind": "moving"},
    ],
    "support": {"rental_months": 6},
    "unpaid_obligations": 5_000_000,
}


def test_hai_phong_gives_missing_basis_not_numbers():
    r = compute(CaseFacts.from_dict(HOUSEHOLD), find_pack("hai-phong-2026"))
    assert r.status == MISSING_BASIS
    priced = [x for x in r.lines if x.status != MISSING_BASIS]
    assert priced == []  # every line needs a city value the pack does not have
    assert all(x.amount == 0 for x in r.lines)
    assert {x.code for x in r.lines} >= {
        "LAND",
        "STRUCTURE",
        "TREE",
        "GRAVE",
        "MOVING",
        "RENTAL",
        "LIFE_STABILISATION",
        "DEDUCTION",
    }
    land = next(x for x in r.lines if x.code == "LAND")
    assert "Bảng giá đất" in land.note and "chưa có" in land.note


def test_demo_household_priced_with_illustrative_citations():
    r = compute(CaseFacts.from_dict(HOUSEHOLD), find_pack("hai-phong-demo-2026"))
    got = {x.code: x for x in reversed(r.lines)}  # the first line of each code
    # ODT VT2 30,000,000 × K 1.2 × 100 m² (illustrative numbers of the demo pack)
    assert got["LAND"].amount == 3_600_000_000
    assert any("minh họa" in c for c in got["LAND"].citations)
    assert got["STRUCTURE"].amount == 288_000_000  # 60 × 4,800,000
    assert r.status == OK
    assert r.totals["net"] % 1000 == 0  # the demo pack rounds the total up to 1,000 đ


def test_lao_cai_complete_household():
    """A ward household in Lào Cai: what QĐ 18/20 and NQ 19 price, and what they leave to
    documents not in the folder (K, price books, rice price) as missing_basis."""
    d = {
        "case_id": "LC-AL-01",
        "commune": "phuong-au-lau",
        "commune_kind": "ward",
        "dates": {"notice": "2026-02-01", "valuation": "2026-06-15"},
        "members": [{"id": "a", "direct_farmer": True}, {"id": "b"}, {"id": "c"}],
        "agricultural_area_in_use": "1000",
        "parcels": [
            {
                "ref": "au-lau-5-100",
                "land_use_code": "LUC",
                "recovered_area": "500",
                "measured_area": "500",
                "certificate_area": "500",
            }
        ],
        "items": [
            {
                "id": "H1",
                "kind": "structure",
                "class": "nha-cap-4",
                "category": "house",
                "quantity": "50",
            },
            {"id": "C1", "kind": "crop", "species": "lua", "quantity": "500"},
            {"id": "G1", "kind": "grave", "type": "built", "self_relocated": True},
            {"id": "L1", "kind": "livestock", "group": "pig", "weight_kg": "75", "count": 2},
            {"id": "B1", "kind": "business", "has_accounts": False, "registered": True},
        ],
        "support": {"rental_months": 6},
    }
    r = compute(CaseFacts.from_dict(d), find_pack("lao-cai-2026"))
    got = {x.code: x for x in r.lines}
    ok = {k: v.amount for k, v in got.items() if v.status == OK}
    assert ok == {
        "GRAVE": 25_000_000,  # QĐ 18 Art. 5(1)(b)
        "GRAVE_SELF": 5_000_000,  # QĐ 18 Art. 5(2)
        "LIVESTOCK": 409_500,  # QĐ 20 Art. 7: 1,300,000 × 0.15 t × 2.1
        "PRODUCTION_BUSINESS": 6_000_000,  # QĐ 18 Art. 11(4)
        "PRODUCTION_AGRI": 5_000_000,  # QĐ 18 Art. 11(1)(b): 500 × 10,000
        "JOB_CONVERSION": 72_000_000,  # QĐ 18 Art. 15(2)(a): 3 × 48,000 × 500
        "RENTAL": 30_000_000,  # QĐ 18 Art. 12(3)(a): 6 × 5,000,000
    }
    missing = {k for k, v in got.items() if v.status == MISSING_BASIS}
    # REGIME: valued 15/6/2026, before 01/7/2026, and the pack cannot say the province had
    # issued its K by then (Resolution 254 Art. 7(5)).
    assert missing == {"REGIME", "LAND", "STRUCTURE", "CROP", "LIFE_STABILISATION"}
    assert got["LAND"].unit_price == 48_000  # Phụ lục I, các phường còn lại
    assert (
        "Quyết định 18/2025/QĐ-UBND tỉnh Lào Cai, Điều 15 khoản 2 điểm a"
        in got["JOB_CONVERSION"].citations
    )


def test_digest_is_deterministic_and_sensitive():
    pack = find_pack("hai-phong-demo-2026")
    a = compute(CaseFacts.from_dict(HOUSEHOLD), pack).digest
    b = compute(CaseFacts.from_dict(json.loads(json.dumps(HOUSEHOLD))), pack).digest
    assert a == b and len(a) == 64
    changed = json.loads(json.dumps(HOUSEHOLD))
    changed["parcels"][0]["recovered_area"] = "99"
    assert compute(CaseFacts.from_dict(changed), pack).digest != a


def test_decision_is_recorded_on_the_line_and_in_the_digest():
    pack = find_pack("hai-phong-demo-2026")
    d = json.loads(json.dumps(HOUSEHOLD))
    d["items"].append({"id": "T2", "kind": "tree", "species": "cay-canh", "quantity": "2"})
    r1 = compute(CaseFacts.from_dict(d), pack)
    line = next(x for x in r1.lines if x.ref == "T2")
    assert line.status == NEEDS_CONFIRMATION and line.options == (
        "pay_all_counted",
        "refer_to_province",
    )
    dec = {"density:T2": {"choice": "pay_all_counted", "reason": "cây cảnh", "by": "cb01"}}
    r2 = compute(CaseFacts.from_dict(d), pack, dec)
    line = next(x for x in r2.lines if x.ref == "T2")
    assert line.status == OK and line.decision == dec["density:T2"]
    assert r1.digest != r2.digest


def test_compute_many_matches_compute():
    pack = find_pack("hai-phong-demo-2026")
    facts = [CaseFacts.from_dict(dict(HOUSEHOLD, case_id=f"H{i}")) for i in range(3)]
    many = compute_many(facts, pack)
    assert [r.totals for r in many] == [compute(f, pack).totals for f in facts]


def test_regime_prior_plan_and_pack_validity():
    # Resolution 254 Art. 3(13)(a): "Trường hợp đã có quyết định thu hồi đất và quyết định phê
    # duyệt phương án ... trước ngày Nghị quyết này có hiệu lực thi hành thì tiếp tục thực hiện
    # theo phương án ... đã phê duyệt" - no choice (review A12).
    pack = find_pack("hai-phong-demo-2026")
    d = dict(HOUSEHOLD, dates={"valuation": "2026-06-15", "prior_plan_approved": "2025-11-01"})
    r = compute(CaseFacts.from_dict(d), pack)
    assert [(x.code, x.status, x.decision_key) for x in r.lines] == [("REGIME", OK, None)]
    assert "Nghị quyết 254/2025/QH15, Điều 3, khoản 13, điểm a" in r.lines[0].citations
    # 3(13)(b), Decree 49 Art. 19(2): another part of the project approved before: the
    # province chooses among (a) the rules at that approval, (b) at the Land Law, (c) now.
    d = dict(HOUSEHOLD, dates={"valuation": "2026-06-15", "project_part_approved": "2025-11-01"})
    r = compute(CaseFacts.from_dict(d), pack)
    assert (r.lines[0].status, r.lines[0].decision_key) == (NEEDS_CONFIRMATION, "regime")
    assert r.lines[0].options == ("at_earlier_approval", "at_land_law_2024", "current_rules")
    assert "Nghị định 49/2026/NĐ-CP, Điều 19, khoản 2" in r.lines[0].citations
    now = compute(CaseFacts.from_dict(d), pack, {"regime": {"choice": "current_rules", "by": "u"}})
    assert now.lines[0].status == OK and len(now.lines) > 1
    old = compute(
        CaseFacts.from_dict(d), pack, {"regime": {"choice": "at_earlier_approval", "by": "u"}}
    )
    assert [(x.code, x.status) for x in old.lines] == [("REGIME", MISSING_BASIS)]
    d = dict(HOUSEHOLD, dates={"valuation": "2027-03-01"})
    r = compute(CaseFacts.from_dict(d), pack)
    assert [(x.code, x.status) for x in r.lines] == [("REGIME", MISSING_BASIS)]


def test_specific_price_until_the_province_issued_its_bases():
    # Resolution 254 Art. 7(5): "trong thời gian chưa đủ các căn cứ để tính ... tiền bồi thường
    # về đất ... thì việc tính ... thực hiện theo quy định của Luật Đất đai" (the specific
    # price), at the latest until 01/7/2026 (review A1). Test pack: bases issued 01/01/2026.
    from conftest import TEST_PACK

    later = load_pack_text(
        TEST_PACK.replace(
            '{value: 2026-01-01, source: "Test, ngày ban',
            '{value: 2026-04-01, source: "Test, ngày ban',
        ),
        "t.yaml",
    )
    odt = {
        "ref": "r",
        "land_use_code": "ODT",
        "segment": "road-a/1",
        "position": "VT1",
        "recovered_area": "10",
    }

    def land(valuation, pack):
        d = {
            "case_id": "A1",
            "commune": "phuong-a",
            "parcels": [odt],
            "dates": {"valuation": valuation},
        }
        return next(x for x in compute(CaseFacts.from_dict(d), pack).lines if x.code == "LAND")

    line = land("2026-03-01", later)  # before the bases: the specific price
    assert line.status == MISSING_BASIS and "giá đất cụ thể" in line.note
    assert land("2026-04-01", later).amount == 200_000_000  # 10 × 10,000,000 × K 2
    assert land("2026-07-01", later).status == OK  # the deadline has passed
    params = dict(later.params)
    del params["land.compensation_bases_issued_on"]
    d = {
        "case_id": "A1",
        "commune": "phuong-a",
        "parcels": [odt],
        "dates": {"valuation": "2026-05-01"},
    }
    r = compute(CaseFacts.from_dict(d), Pack(later.raw, "x", params))
    regime = next(x for x in r.lines if x.code == "REGIME")
    assert regime.status == MISSING_BASIS and "land.compensation_bases_issued_on" in regime.note


def test_the_pack_records_the_day_each_basis_was_issued():
    # Resolution 254 Art. 7(5): "Ủy ban nhân dân cấp tỉnh ... ban hành ... các căn cứ ...
    # chậm nhất đến ngày 01 tháng 7 năm 2026; trong thời gian chưa đủ các căn cứ ... thì
    # việc tính ... tiền bồi thường về đất thực hiện theo quy định của Luật Đất đai". Both
    # the table and K are bases (its Art. 3(6)): the window closes on the later of the two.
    from conftest import TEST_PACK

    def pack_with(value):
        return load_pack_text(
            TEST_PACK.replace(
                "land.compensation_bases_issued_on: {value: 2026-01-01,",
                f"land.compensation_bases_issued_on: {{value: {value},",
            ),
            "t.yaml",
        )

    odt = {
        "ref": "r",
        "land_use_code": "ODT",
        "segment": "road-a/1",
        "position": "VT1",
        "recovered_area": "10",
    }

    def lines(pack, valuation):
        d = {"case_id": "A1", "commune": "phuong-a", "parcels": [odt]}
        return compute(CaseFacts.from_dict({**d, "dates": {"valuation": valuation}}), pack).lines

    both = pack_with("{price_table: 2025-12-09, adjustment_coefficient: 2026-03-02}")
    land = next(x for x in lines(both, "2026-03-01") if x.code == "LAND")
    assert land.status == MISSING_BASIS and "giá đất cụ thể" in land.note  # K not yet issued
    land = next(x for x in lines(both, "2026-03-02") if x.code == "LAND")
    assert (land.status, land.amount) == (OK, 200_000_000)  # 10 × 10,000,000 × K 2
    # K's day not known (Lào Cai): in the window the case says which basis is missing.
    unknown = pack_with("{price_table: 2025-12-09, adjustment_coefficient: null}")
    regime = next(x for x in lines(unknown, "2026-05-01") if x.code == "REGIME")
    assert regime.status == MISSING_BASIS
    assert "land.compensation_bases_issued_on.adjustment_coefficient" in regime.note
    assert all(x.code != "REGIME" for x in lines(unknown, "2026-07-01"))  # window closed
    # A basis the law does not name is refused by the validator, with file and key.
    with pytest.raises(PackError, match="compensation_bases_issued_on"):
        pack_with("{price_table: 2025-12-09, k: 2026-01-01}")


def test_a_missing_valuation_date_is_asked_not_assumed():
    # Land Law Art. 91(2): compensated "theo giá đất cụ thể ... tại thời điểm phê duyệt phương
    # án bồi thường, hỗ trợ, tái định cư"; Resolution 254 Art. 3(6) changes the price (table
    # × K), not the day, and its Art. 7(5) window depends on it. Review Error 16: without
    # `dates.valuation` the case was `ok` at the pack's price, silently.
    from conftest import TEST_PACK

    pack = load_pack_text(TEST_PACK, "t.yaml")
    odt = {
        "ref": "r",
        "land_use_code": "ODT",
        "segment": "road-a/1",
        "position": "VT1",
        "recovered_area": "10",
    }
    d = {"case_id": "E16", "commune": "phuong-a", "parcels": [odt]}
    r = compute(CaseFacts.from_dict(d), pack)
    regime = r.lines[0]
    assert (regime.code, regime.status, regime.amount) == ("REGIME", NEEDS_CONFIRMATION, 0)
    assert (regime.decision_key, regime.options) == ("valuation_date", ("pack_in_force",))
    assert "Luật Đất đai 2024, Điều 91, khoản 2" in regime.citations
    assert r.status == NEEDS_CONFIRMATION
    # Until settled the land is priced by the pack: 10 m² × 10,000,000 × K 2.
    land = next(x for x in r.lines if x.code == "LAND")
    assert land.amount == 200_000_000
    settled = compute(
        CaseFacts.from_dict(d), pack, {"valuation_date": {"choice": "pack_in_force", "by": "u"}}
    )
    assert settled.status == OK and settled.lines[0].status == OK
    assert settled.totals == r.totals
    # With the approval date the question does not arise.
    dated = compute(CaseFacts.from_dict({**d, "dates": {"valuation": "2026-07-15"}}), pack)
    assert all(x.decision_key != "valuation_date" for x in dated.lines)
    assert dated.status == OK and dated.totals == r.totals


def test_cli(tmp_path: Path, capsys):
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(HOUSEHOLD), encoding="utf-8")
    out = io.StringIO()
    assert main([str(case_file), "--pack", "hai-phong-demo-2026"], out=out) == 0
    data = json.loads(out.getvalue())
    assert data["status"] == OK and data["lines"][0]["code"] == "LAND"
    assert data["lines"][0]["amount"] == 3_600_000_000
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"case_id": "x", "parcels": [{"ref": "p"}]}), encoding="utf-8")
    assert main([str(bad), "--pack", "hai-phong-demo-2026"], out=io.StringIO()) == 2
    err = capsys.readouterr().err
    assert f"{bad}: $.parcels[0].land_use_code = '': unknown land-use code" in err
    assert main([str(case_file), "--pack", "no-such-pack"], out=io.StringIO()) == 2
