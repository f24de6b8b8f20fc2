"""A province's rules written only as pack data (issue 16, point 4): a shared tree-density
budget per parcel, a species with its own norm and its own tolerance, job-conversion
multiples by commune group, and livestock moving costs by distance. The pack below is the
test pack with those params changed and nothing else: no code knows this province. Every
amount is worked by hand in the comment beside it.

Texts: Decree 88/2024 Art. 14a (trees and crops: the province sets the density norms and
what is paid above them); Art. 21(1) (livestock moving: the province sets the cost);
Land Law 2024 Art. 109(1), Decree 88 Art. 22(3) ("không quá 05 lần giá đất nông
nghiệp cùng loại trong bảng giá đất": the province sets the multiple, at most 5)."""

from __future__ import annotations

import pytest
from conftest import TEST_PACK

from gpmb.engine import CaseFacts, compute, load_pack_text
from gpmb.engine.lines import MISSING_BASIS, OK
from gpmb.engine.pack import PackError

PROVINCE = (
    TEST_PACK.replace(
        '      bonsai: {price: 200000, unit: "cây", row: "test, cây cảnh"}\n',
        '      bonsai: {price: 200000, unit: "cây", row: "test, cây cảnh"}\n'
        '      jackfruit: {price: 300000, unit: "cây", row: "mẫu, mít"}\n'
        '      longan: {price: 400000, unit: "cây", row: "mẫu, nhãn"}\n'
        '      orange: {price: 500000, unit: "cây", density_per_m2: "0.04", tolerance: "0.5",'
        ' row: "mẫu, cam (mật độ riêng, vượt đến 50 %)"}\n',
    )
    .replace(
        'crops.density_rule: {value: {tolerance: "0.3", within_ratio: 1, beyond_ratio: "0.3"}',
        'crops.density_rule: {value: {tolerance: "0.3", within_ratio: 1, beyond_ratio: "0.3",'
        ' reading: tiered, shared_budget_per_m2: "0.05"}',
    )
    .replace(
        '  livestock.cost_per_tonne: {value: 1000000, source: "Test, di dời vật nuôi"}\n',
        "  livestock.cost_per_tonne_by_distance:\n"
        "    value:\n"
        "      - {up_to_km: 10, per_tonne: 1000000}\n"
        "      - {up_to_km: 30, per_tonne: 1500000}\n"
        "      - {per_tonne: 2000000}\n"
        '    source: "Mẫu, di dời vật nuôi theo quãng đường"\n',
    )
    .replace(
        '  support.job_conversion.multiple: {value: 5, source: "Test, chuyển đổi nghề"}\n',
        '  support.job_conversion.multiple: {missing: "không có hệ số chung", source: "Mẫu"}\n'
        "  support.job_conversion.multiple_by_commune_group:\n"
        "    value:\n"
        '      - {group: "Nhóm 1", multiple: 4, communes: [phuong-a]}\n'
        '      - {group: "Nhóm 2", multiple: "2.5", communes: [xa-b]}\n'
        '    source: "Mẫu, hệ số chuyển đổi nghề theo nhóm xã"\n',
    )
)


@pytest.fixture(scope="module")
def province():
    pack = load_pack_text(PROVINCE, "mau-2026.yaml")
    # The replacements above all took: the pack reads the new params.
    for key in (
        "livestock.cost_per_tonne_by_distance",
        "support.job_conversion.multiple_by_commune_group",
    ):
        assert key in pack.params
    assert "shared_budget_per_m2" in pack.params["crops.density_rule"].value
    return pack


def run(pack, **facts):
    base = {
        "case_id": "M-1",
        "commune": "phuong-a",
        "commune_kind": "ward",
        "dates": {"notice": "2026-02-01", "valuation": "2026-06-01"},
        "members": [{"id": "m1"}, {"id": "m2"}],
    }
    return compute(CaseFacts.from_dict({**base, **facts}), pack)


def amounts(result, code):
    return [(x.ref, x.amount, x.status) for x in result.lines if x.code == code]


GARDEN = {"ref": "g-1", "land_use_code": "CLN", "recovered_area": "400"}


def tree(item_id, species, count, **kw):
    return {"id": item_id, "kind": "tree", "species": species, "quantity": str(count), **kw}


def test_trees_draw_on_one_budget_per_parcel_in_the_order_listed(province):
    # Budget: 400 m² × 0.05 = 20 trees for the species without a norm of their own.
    result = run(
        province,
        parcels=[GARDEN],
        items=[
            tree("T1", "jackfruit", 12, parcel_ref="g-1"),  # 12 in budget, 8 left
            tree("T2", "longan", 10, parcel_ref="g-1"),  # 8 in budget, 2 above: split
            tree("T3", "jackfruit", 5, parcel_ref="g-1"),  # budget spent: all above
        ],
    )
    assert amounts(result, "TREE") == [
        ("T1", 3_600_000, OK),  # 12 × 300,000
        ("T2", 3_200_000, OK),  # 8 × 400,000
    ]
    assert amounts(result, "TREE_EXCESS") == [
        ("T2", 240_000, OK),  # 2 × 400,000 × 0.3
        ("T3", 450_000, OK),  # 5 × 300,000 × 0.3
    ]


def test_a_species_with_its_own_norm_uses_its_own_tolerance(province):
    # Orange: 0.04 trees/m² × 100 m² garden = 4 paid in full (4 × 500,000 = 2,000,000);
    # 3 above, its own tolerance 50 %: floor(4 × 0.5) = 2 at 100 %, 1 at 30 % (tiered):
    # 500,000 × (2 × 1 + 1 × 0.3) = 1,150,000. With the pack's 30 % it would be 1 at
    # 100 % and 2 at 30 %: 800,000.
    result = run(
        province,
        parcels=[GARDEN],
        items=[tree("T1", "orange", 7, parcel_ref="g-1", area="100")],
    )
    assert amounts(result, "TREE") == [("T1", 2_000_000, OK)]
    assert amounts(result, "TREE_EXCESS") == [("T1", 1_150_000, OK)]


def test_a_tree_without_its_parcel_cannot_draw_on_a_budget(province):
    result = run(province, parcels=[GARDEN], items=[tree("T1", "longan", 3)])
    [line] = [x for x in result.lines if x.code == "TREE"]
    assert (line.status, line.amount) == (MISSING_BASIS, 0)
    assert "parcel_ref" in line.note


def pig(**kw):
    return {"id": "L1", "kind": "livestock", "group": "pig", "weight_kg": "80", "count": 3, **kw}


@pytest.mark.parametrize(
    ("km", "amount"),
    [
        ("10", 480_000),  # 1,000,000 đ/t × 0.24 t × K 2
        ("25", 720_000),  # 1,500,000 đ/t × 0.24 t × K 2
        ("31", 960_000),  # 2,000,000 đ/t × 0.24 t × K 2
    ],
)
def test_livestock_moving_cost_by_distance(province, km, amount):
    assert amounts(run(province, items=[pig(distance_km=km)]), "LIVESTOCK") == [("L1", amount, OK)]


def test_livestock_without_a_distance_says_so(province):
    [(_, amount, status)] = amounts(run(province, items=[pig()]), "LIVESTOCK")
    assert (amount, status) == (0, MISSING_BASIS)
    line = next(x for x in run(province, items=[pig()]).lines if x.code == "LIVESTOCK")
    assert "distance_km" in line.note


def farmland(ref, commune, kind, area):
    return {
        "ref": ref,
        "land_use_code": "LUC",
        "recovered_area": area,
        "commune": commune,
        "commune_kind": kind,
        "position": "VT1",
    }


def test_job_conversion_multiple_by_commune_group(province):
    result = run(
        province,
        parcels=[
            farmland("a-2-1", "phuong-a", "ward", "300"),  # Nhóm 1: 4 × 50,000 × 300
            farmland("b-1-1", "xa-b", "commune", "200"),  # Nhóm 2: 2.5 × 40,000 × 200
            farmland("c-1-1", "xa-c", "commune", "100"),  # no group, no flat multiple
        ],
        agricultural_area_in_use="1000",
        direct_agricultural_producer=True,
    )
    lines = [x for x in result.lines if x.code == "JOB_CONVERSION"]
    assert [(x.amount, x.status) for x in lines] == [
        (60_000_000, OK),
        (20_000_000, OK),
        (0, MISSING_BASIS),
    ]
    assert [str(x.coefficient) for x in lines[:2]] == ["4", "2.5"]
    assert "Nhóm 1" in lines[0].citations and "xa-c" in lines[2].note


@pytest.mark.parametrize(
    ("old", "new", "complaint"),
    [
        ('multiple: "2.5", communes: [xa-b]', 'multiple: "5.5", communes: [xa-b]', "at most 5"),
        ("communes: [xa-b]", "communes: [phuong-a]", "already in group"),
        ("- {up_to_km: 30, per_tonne: 1500000}", "- {up_to_km: 5, per_tonne: 1500000}", "above"),
        ("- {up_to_km: 10, per_tonne: 1000000}", "- {per_tonne: 1000000}", "open-ended"),
        ('shared_budget_per_m2: "0.05"', 'shared_budget_per_m2: "0"', "above 0"),
        ('tolerance: "0.5",', 'tolerance: "50",', "ratio"),
    ],
)
def test_the_new_params_are_checked_when_the_pack_loads(old, new, complaint):
    assert old in PROVINCE
    with pytest.raises(PackError) as caught:
        load_pack_text(PROVINCE.replace(old, new), "mau-2026.yaml")
    assert complaint in str(caught.value)


def test_fish_by_the_kg_and_a_hatchery_by_its_area():
    # Land Law 2024 Art. 103(4): "Đối với vật nuôi là thủy sản hoặc vật nuôi khác mà không
    # thể di chuyển thì được bồi thường thiệt hại thực tế theo mức bồi thường cụ thể do Ủy
    # ban nhân dân cấp tỉnh quy định". A province writing it as QĐ 20/2025 Lào Cai Art. 6
    # does: (1) pond fish "diện tích nuôi thực tế ... (m2) nhân với đơn giá"; (2) tank fish
    # "trọng lượng thủy sản thiệt hại ... (kg) nhân với đơn giá"; (3) a hatchery "diện tích
    # thực nuôi ... (m2) nhân với đơn giá". Rows written only as data.
    pack = load_pack_text(
        TEST_PACK.replace(
            '      bonsai: {price: 200000, unit: "cây", row: "test, cây cảnh"}\n',
            '      bonsai: {price: 200000, unit: "cây", row: "test, cây cảnh"}\n'
            '      pond-fish: {price: 30000, unit: "m²", kind: aquaculture, row: "mẫu, cá ao"}\n'
            '      sturgeon: {price: 250000, unit: "kg", kind: aquaculture,'
            ' row: "mẫu, cá tầm nuôi bể"}\n'
            '      fry: {price: 80000, unit: "m²", kind: hatchery, row: "mẫu, ương giống cá"}\n'
            '      bees: {price: 900000, unit: "đàn", kind: immovable_animal,'
            ' row: "mẫu, ong không di dời được"}\n',
        ),
        "mau-2026.yaml",
    )
    assert "sturgeon" in pack.params["crops.unit_prices"].value

    def crop(item_id, species, qty):
        return {"id": item_id, "kind": "crop", "species": species, "quantity": qty}

    result = run(
        pack,
        items=[
            crop("F1", "pond-fish", "120"),  # 120 m² × 30,000 = 3,600,000
            crop("F2", "sturgeon", "85.5"),  # 85.5 kg × 250,000 = 21,375,000
            crop("F3", "fry", "40"),  # 40 m² × 80,000 = 3,200,000
            crop("F4", "bees", "3"),  # 3 hives × 900,000 = 2,700,000
        ],
    )
    assert amounts(result, "CROP") == [
        ("F1", 3_600_000, OK),
        ("F2", 21_375_000, OK),
        ("F3", 3_200_000, OK),
        ("F4", 2_700_000, OK),
    ]
    f2 = next(x for x in result.lines if x.ref == "F2")
    assert f2.unit == "kg" and "Luật Đất đai 2024, Điều 103, khoản 4" in f2.citations
    assert "mẫu, cá tầm nuôi bể" in f2.citations
    # Not a plant: Decree 88 Art. 14a (trees and crops) is not cited.
    assert not any("Điều 14a" in x for x in f2.citations)
