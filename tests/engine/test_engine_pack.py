"""Policy packs: validation messages, extends, overlaps, shipped packs, NQ 19/2025 lookups."""

import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from gpmb.engine import CaseFacts, compute
from gpmb.engine.pack import (
    PACKS_DIR,
    PackError,
    find_pack,
    load_pack,
    load_pack_dir,
    load_pack_text,
)

MINIMAL = """
code: p-2026
series: p
valid_from: 2026-01-01
valid_to: 2026-12-31
params:
  graves.unit_prices: {value: {built: 1000}, source: "QĐ 1/2026, Điều 5"}
"""


def errors(text, name="bad.yaml"):
    with pytest.raises(PackError) as exc:
        load_pack_text(textwrap.dedent(text), name)
    return exc.value.messages


def test_unknown_land_use_code_is_named_with_file_path_and_value():
    msgs = errors(
        MINIMAL
        + """
  land.segments:
    value: {r/1: {prices: {XYZ: 100}}}
    source: "NQ 1/2026"
"""
    )
    assert msgs == [
        ("bad.yaml: params.land.segments.value.r/1.prices.XYZ = 'XYZ': unknown land-use code")
    ]


def test_negative_price_is_refused():
    msgs = errors(MINIMAL.replace("built: 1000", "built: -5"))
    assert msgs == [
        ("bad.yaml: params.graves.unit_prices.value.built = -5: negative values are not allowed")
    ]


def test_missing_source_is_refused():
    msgs = errors(MINIMAL.replace(', source: "QĐ 1/2026, Điều 5"', ""))
    assert msgs == [
        (
            "bad.yaml: params.graves.unit_prices.source = None: "
            "every value needs its source (instrument, article)"
        )
    ]


def test_other_errors_are_all_reported():
    msgs = errors(
        MINIMAL.replace("valid_to: 2026-12-31", "valid_to: 2025-12-31")
        + """
  support.job_conversion.multiple: {value: 6, source: "x"}
  support.rice_pric: {value: 1, source: "x"}
  support.rice_price: {source: "x"}
"""
    )
    text = "\n".join(msgs)
    assert "valid_to = datetime.date(2025, 12, 31): is before valid_from" in text
    assert (
        "support.job_conversion.multiple.value = 6: job-conversion multiple may not "
        "exceed 5" in text
    )
    assert "params.support.rice_pric = " in text and "unknown param key" in text
    assert "exactly one of 'value' or 'missing'" in text


def test_overlapping_validity_in_a_series_is_refused(tmp_path: Path):
    (tmp_path / "a.yaml").write_text(MINIMAL)
    (tmp_path / "b.yaml").write_text(
        MINIMAL.replace("p-2026", "p-2026b").replace(
            "valid_from: 2026-01-01", "valid_from: 2026-06-01"
        )
    )
    with pytest.raises(PackError) as exc:
        load_pack_dir(tmp_path)
    assert exc.value.messages == [
        (
            f"{tmp_path / 'b.yaml'}: valid_from = 2026-06-01 overlaps {tmp_path / 'a.yaml'} "
            "(series 'p', valid_to = 2026-12-31)"
        )
    ]
    (tmp_path / "b.yaml").write_text(
        MINIMAL.replace("p-2026", "p-2027")
        .replace("2026-01-01", "2027-01-01")
        .replace("2026-12-31", "2027-12-31")
    )
    assert [p.code for p in load_pack_dir(tmp_path)] == ["p-2026", "p-2027"]


def test_extends_overlays_params_and_digest_is_stable(tmp_path: Path):
    (tmp_path / "p-2026.yaml").write_text(MINIMAL)
    child = (
        MINIMAL.replace("code: p-2026", "code: q-2026\nextends: p-2026")
        .replace("series: p", "series: q")
        .replace("built: 1000", "built: 2000")
        + '  support.rice_price: {value: 15000, source: "QĐ 2/2026"}\n'
    )
    (tmp_path / "q-2026.yaml").write_text(child)
    q = load_pack(tmp_path / "q-2026.yaml")
    assert q.value("graves.unit_prices") == {"built": 2000}
    assert q.value("support.rice_price") == 15000
    assert len(q.digest) == 64
    assert load_pack_text(child, "again", base_dir=tmp_path).digest == q.digest


def test_shipped_packs_load_without_overlap():
    codes = {p.code for p in load_pack_dir(PACKS_DIR)}
    assert {"lao-cai-2026", "hai-phong-2026", "hai-phong-demo-2026"} <= codes


def test_demo_pack_is_labelled_illustrative():
    demo = find_pack("hai-phong-demo-2026")
    assert demo.illustrative
    assert all(p.illustrative for k, p in demo.params.items() if k in demo.raw["params"])


def test_hai_phong_city_values_are_missing():
    hp = find_pack("hai-phong-2026")
    for key in (
        "land.segments",
        "land.adjustment_coefficient",
        "support.early_handover",
        "structures.unit_prices",
        "support.rice_price",
    ):
        assert hp.param(key).is_missing, key
        assert "chưa có" in hp.param(key).missing


# -- Lào Cai: NQ 19/2025/NQ-HĐND, read from the text by the committed tool ---------------


@pytest.fixture(scope="module")
def lc():
    return find_pack("lao-cai-2026")


@pytest.mark.parametrize(
    ("segment", "code", "position", "price"),
    [
        # Phụ lục II, 1. Âu Lâu, STT 7 Đường Hoàng Quốc Việt, đoạn 1: 15.000 nghìn đ/m²
        ("phuong-au-lau/7", "ODT", "VT1", 15_000_000),
        ("phuong-au-lau/7", "ODT", "VT2", 6_000_000),  # Art. 9(2): 40 %
        ("phuong-au-lau/7", "ODT", "VT3", 3_000_000),  # Art. 9(3): 20 %
        ("phuong-au-lau/7-2", "ODT", "VT1", 10_000_000),  # đoạn 2
        ("phuong-au-lau/9", "TMD", "VT1", 24_000_000),  # Đường Bách Lẫm
        ("phuong-au-lau/9", "SKC", "VT1", 20_000_000),
        ("phuong-au-lau/53", "ODT", "VT1", 3_000_000),  # các tuyến đường khác còn lại
        ("phuong-trung-tam/1", "ODT", "VT1", 34_800_000),  # 7. Trung Tâm, Đường Điện Biên
        ("phuong-trung-tam/1-2", "ODT", "VT1", 36_600_000),
        ("phuong-sa-pa/6", "ODT", "VT1", 35_000_000),  # 8. Sa Pa, Đường Violet
        ("phuong-van-phu/82.6", "ODT", "VT1", 500_000),  # 3. Văn Phú, STT 82.6
        ("phuong-cau-thia/2", "ODT", "VT1", 1_500_000),  # 5. Cầu Thia, tỉnh lộ 174 đoạn 1
    ],
)
def test_lao_cai_street_prices(lc, segment, code, position, price):
    got = lc.segment_price(code, segment, position)
    assert got is not None and got[0] == price


def test_lao_cai_has_all_eight_wards(lc):
    wards = {row["commune"] for row in lc.segments.values()}
    assert wards == {
        "phuong-au-lau",
        "phuong-nam-cuong",
        "phuong-van-phu",
        "phuong-yen-bai",
        "phuong-cau-thia",
        "phuong-nghia-lo",
        "phuong-trung-tam",
        "phuong-sa-pa",
    }
    assert lc.segments["phuong-au-lau/9"]["to"] == "Gặp đường Nâng cấp Quốc lộ 32C"


@pytest.mark.parametrize(
    ("code", "commune", "kind", "pos", "price"),
    [
        ("LUC", "phuong-sa-pa", "ward", "VT1", 65_000),  # Phụ lục I, Phường Sa Pa
        ("LUK", "phuong-au-lau", "ward", "VT1", 48_000),  # các phường còn lại
        ("NTS", "phuong-au-lau", "ward", "VT1", 45_000),
        ("LUC", "xa-bat-ky", "commune", "VT2", 40_500),  # các xã VT2
        ("CLN", "xa-bat-ky", "commune", "VT1", 35_000),
        ("RPH", "phuong-au-lau", "ward", "VT1", 21_000),  # Art. 7(2): = production forest
    ],
)
def test_lao_cai_agricultural_prices(lc, code, commune, kind, pos, price):
    assert lc.agricultural_price(code, commune, kind, pos)[0] == Decimal(price)


def test_generated_pack_matches_the_tool(lc):
    """The committed YAML is what the tool produces from the text today."""
    import importlib.util

    tool = PACKS_DIR.parent / "tools" / "build_lao_cai_pack.py"
    text = (
        PACKS_DIR.parents[3]
        / "shared"
        / "domain"
        / "legal-texts"
        / "lao-cai-nq-19-2025-bang-gia-dat.txt"
    )
    if not text.exists():
        pytest.skip("shared legal texts not available")
    spec = importlib.util.spec_from_file_location("build_lao_cai_pack", tool)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.build(text)
    assert built["params"]["land.segments"]["value"] == lc.raw["params"]["land.segments"]["value"]


def test_depth_bands_and_frontage_rules_are_checked():
    msgs = errors(
        MINIMAL
        + """
  land.depth_bands:
    value:
      positions: [VT1, VT7]
      bands:
        - {until_m: 20, ratio: 1}
        - {until_m: null, ratio: "0.5"}
        - {until_m: 15, ratio: "1.5"}
    source: "NQ 1/2026, Điều 9"
  land.multiple_frontage: {value: {increase: 0, min_named_roads: 1}, source: "NQ 1/2026"}
  land.price_floor: {value: {fronted_roads: "yes"}, source: "NQ 1/2026"}
  land.separated_parcel_ratio: {value: "1.2", source: "NQ 1/2026"}
"""
    )
    text = "\n".join(msgs)
    assert "bad.yaml: params.land.depth_bands.value.positions = 'VT7'" in text
    assert "params.land.depth_bands.value.bands[1].until_m = None" in text
    assert "params.land.depth_bands.value.bands[2].ratio = '1.5'" in text
    assert "params.land.depth_bands.value.bands[2].until_m = 15" in text
    assert "params.land.multiple_frontage.value.increase = 0" in text
    assert "params.land.multiple_frontage.value.min_named_roads = 1" in text
    assert "params.land.price_floor.value.fronted_roads = 'yes'" in text
    assert "params.land.separated_parcel_ratio.value = '1.2'" in text


def test_hai_phong_frontage_rules_are_missing():
    hp = find_pack("hai-phong-2026")
    for key in (
        "land.agricultural_with_residence_addition",
        "land.depth_bands",
        "land.multiple_frontage",
        "land.price_floor",
        "land.separated_parcel_ratio",
    ):
        param = hp.param(key)
        assert param is not None and param.is_missing, key


def test_life_stabilisation_not_eligible_bands_are_checked():
    # YAML reads an unquoted 30_70 as the number 3070: refused, with the path and value.
    msgs = errors(
        MINIMAL
        + """
  support.life_stabilisation.not_eligible:
    value: {below_30: {stay: 3}, 30_70: {stay: 6}, above_70: {stay: 12, later: 1}}
    source: "QĐ 1/2026, Điều 10"
"""
    )
    text = "\n".join(msgs)
    assert "params.support.life_stabilisation.not_eligible.value.3070 = 3070" in text
    assert "params.support.life_stabilisation.not_eligible.value.above_70" in text


def test_what_would_break_a_computation_is_refused_with_file_key_and_value():
    # A unit written m2 for m², a useful life of 0 (Decree 88 Art. 14(1)(b) divides G1 by
    # T), a share above 100 % and a negative price: each named with file, key and value.
    msgs = errors(
        MINIMAL.replace("built: 1000", "built: -1")
        + """
  structures.unit_prices:
    value: {cap4: {price: 5000000, unit: "m2", depreciation_years: 0, row: "r"}}
    source: "QĐ 1/2026"
  structures.unlawful_support:
    value: {without_permit_ratio: 1, bands: [{ratio: "1.2", row: "r"}]}
    source: "QĐ 1/2026"
  structures.expired_permit_support_ratio: {value: 80, source: "QĐ 1/2026, Điều 16"}
"""
    )
    assert sorted(msgs) == sorted(
        [
            "bad.yaml: params.graves.unit_prices.value.built = -1: negative values are not allowed",
            "bad.yaml: params.structures.unit_prices.value.cap4.unit = 'm2': write m², not m2",
            "bad.yaml: params.structures.unit_prices.value.cap4.depreciation_years = 0: "
            "a useful life in years above 0 (Decree 88 Art. 14(1)(b): G1/T)",
            "bad.yaml: params.structures.unlawful_support.value.bands[0].ratio = '1.2': "
            "a ratio from 0 to 1 (0.8 = 80 %)",
            "bad.yaml: params.structures.expired_permit_support_ratio.value = 80: "
            "a ratio from 0 to 1 (0.8 = 80 %)",
        ]
    )


def test_a_multiple_named_ratio_is_not_a_share():
    # Lào Cai QĐ 18/2025 Art. 17: self-arranged housing at most 1.5 times the base.
    ok = (
        MINIMAL
        + """
  support.self_arranged: {value: {base_members: 4, max_ratio: "1.5"}, source: "QĐ 18, Điều 17"}
"""
    )
    assert load_pack_text(textwrap.dedent(ok), "ok.yaml").value("support.self_arranged")


# Review §3.2 a: segments of a hamlet's "other remaining roads" under an inter-hamlet road.
OTHER_ROAD_SEGMENTS = [
    "36-11",
    "36-12",
    "36-13",
    "38-12",
    "41-4",
    "42-6",
    "43-3",
    "44-4",
    "51-3",
]


@pytest.mark.parametrize("stt", OTHER_ROAD_SEGMENTS)
def test_lao_cai_other_remaining_roads_segments_are_not_named_roads(lc, stt):
    """NQ 19/2025 Lào Cai Art. 5(1)(d): "các tuyến đường khác còn lại" is not "đường có tên
    cụ thể", also where the table lists it as a segment ("Đầu Các tuyến đường khác còn lại
    TDP Phán Thượng"): no depth bands, no multiple-frontage increase on it."""
    row = lc.value("land.segments")[f"phuong-trung-tam/{stt}"]
    assert "các tuyến đường khác còn lại" in row["from"].lower()
    assert row["named"] is False


def test_lao_cai_rice_land_by_its_group_code_gets_the_annual_crop_rate(lc):
    """QĐ 18/2025 Lào Cai Art. 11(1)(b): "Đối với đất trồng cây hằng năm, đất trồng cây lâu
    năm và đất nuôi trồng thuỷ sản: 10.000 (mười nghìn) đồng/m2 đất thu hồi; đối với các
    loại đất còn lại: 5.000". Rice land written LUA (review §3.2 c): 100 m² × 10,000 đ."""
    facts = {
        "case_id": "HS-LUA",
        "commune": "xa-bat-ky",
        "commune_kind": "commune",
        "members": [{"id": "m1", "name": "A", "counts_for_support": True}],
        "parcels": [
            {
                "ref": "xa-bat-ky/1/1",
                "land_use_code": "LUA",
                "recovered_area": "100",
                "origin": "certificate",
                "position": "VT1",
            }
        ],
    }
    result = compute(CaseFacts.from_dict(facts), lc)
    (line,) = [x for x in result.lines if x.code == "PRODUCTION_AGRI"]
    assert line.amount == 1_000_000


@pytest.mark.parametrize(
    ("subgroup", "weight", "k"),
    [("young", "20", "3.2"), ("pregnant", "40", "2.9"), ("pregnant_heavy", "60", "2.7")],
)
def test_lao_cai_young_and_pregnant_goats_take_the_sheep_and_goat_rows(lc, subgroup, weight, k):
    """QĐ 20/2025 Lào Cai Phụ lục I, III.1 "Cừu, dê non dưới 26 kg" 3,2; III.6 "Cừu, dê cái
    có thai đến 55 kg" 2,9; III.7 "… trên 55 kg" 2,7 (review §3.2 f), M = 1.300.000 × P × K
    (Art. 7): 10 goats."""
    facts = {
        "case_id": "HS-DE",
        "commune": "xa-bat-ky",
        "commune_kind": "commune",
        "items": [
            {
                "id": "livestock-1",
                "kind": "livestock",
                "species": "goat",
                "subgroup": subgroup,
                "weight_kg": weight,
                "count": 10,
            }
        ],
    }
    (line,) = [x for x in compute(CaseFacts.from_dict(facts), lc).lines if x.code == "LIVESTOCK"]
    assert line.status == "ok"
    assert line.amount == Decimal(1_300_000) * Decimal(weight) * 10 / 1000 * Decimal(k)
