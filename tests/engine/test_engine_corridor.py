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
