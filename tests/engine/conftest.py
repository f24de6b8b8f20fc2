"""Shared fixtures for engine tests: a small test pack with round numbers, so every expected
amount in the tests can be worked by hand from the article and the pack value."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from gpmb.engine import CaseFacts, Result, compute, load_pack_text
from gpmb.engine.pack import Pack

TEST_PACK = """
code: test-2026
series: test
title: "Gói kiểm thử"
valid_from: 2026-01-01
valid_to: 2026-12-31
params:
  land.agricultural_prices:
    value:
      - zone: phuong
        applies_to: {kind: ward}
        row: "test, nông nghiệp phường"
        prices: {LUC: {VT1: 50000}, CLN: {VT1: 60000}, BHK: {VT1: 45000}, LMU: {VT1: 30000}, NKH: {VT1: 40000}}
      - zone: xa
        applies_to: {kind: commune}
        row: "test, nông nghiệp xã"
        prices: {LUC: {VT1: 40000, VT2: 30000}}
    source: "Test, bảng giá đất nông nghiệp"
  land.agricultural_with_residence_addition: {value: 5000, source: "Test, Điều 7(4)"}
  land.farmland_in_residential_plot_position: {value: VT1, source: "Test, vị trí đất nông nghiệp trong thửa có nhà ở"}
  land.segments:
    value:
      road-a/1:
        commune: phuong-a
        road: "Đường A"
        row: "test, đường A đoạn 1"
        prices: {ODT: 10000000, TMD: 6000000}
      road-b/1:
        commune: phuong-a
        road: "Đường B"
        row: "test, đường B"
        prices: {ODT: {VT1: 8000000, VT2: 5000000}}
      road-c/1:
        commune: phuong-a
        road: "Các tuyến đường khác còn lại"
        row: "test, các tuyến đường khác còn lại, tổ 1"
        named: false
        prices: {ODT: 4000000}
    source: "Test, bảng giá đất ở"
  land.depth_bands:
    value:
      positions: [VT1]
      bands:
        - {until_m: 20, ratio: 1, row: "test, 20 m đầu"}
        - {until_m: 40, ratio: "0.5", row: "test, trên 20 m đến 40 m"}
        - {until_m: 60, ratio: "0.3", row: "test, trên 40 m đến 60 m"}
        - {until_m: null, ratio: "0.2", row: "test, trên 60 m"}
    source: "Test, Điều 9 khoản 4"
  land.multiple_frontage: {value: {increase: "0.1", min_named_roads: 2}, source: "Test, Điều 6 khoản 3"}
  land.price_floor:
    value: {fronted_roads: true, local_other_roads: true}
    source: "Test, Điều 6 khoản 1, Điều 9 khoản 5"
  land.separated_parcel_ratio: {value: "0.9", source: "Test, Điều 5 khoản 3, 5"}
  land.corridor_restriction:
    value: {residential: "0.8", non_agricultural: "0.8", perennial: "0.5", forest: "0.5", price_basis: table_x_k}
    source: "Test, hạn chế khả năng sử dụng đất"
  land.position_factors: {value: {VT1: 1, VT2: "0.5", VT3: "0.3", VT4: "0.2"}, source: "Test, Điều 9"}
  land.fixed_term_table_years: {value: 70, source: "Test, giá trong bảng tính cho 70 năm"}
  land.compensation_bases_issued_on: {value: 2026-01-01, source: "Test, ngày ban hành đủ bảng giá và hệ số K"}
  land.adjustment_coefficient:
    value: {default: "1.5", by_code: {ODT: 2}}
    source: "Test, quyết định hệ số K"
  limits.minimum_parcel_area:
    value: {residential: {ward: 40}, agricultural: {ward: 300}, non_agricultural: {ward: 40}}
    source: "Test, diện tích tối thiểu"
  limits.residential_recognition: {value: {ward: 200}, source: "Test, hạn mức công nhận"}
  limits.residential_allocation: {value: {ward: 100}, source: "Test, hạn mức giao đất ở"}
  limits.agricultural_allocation:
    value:
      annual: 2000
      aquaculture: 2000
      salt: 2000
      perennial: 3000
      forest: 3000
      combined: {annual_aquaculture_salt: 5000, perennial_with_others: 2500, production_forest_with_others: 2500}
    source: "Test, hạn mức giao đất nông nghiệp"
  limits.agricultural_reclaimed:
    value: {annual: 1000, perennial: 1500}
    source: "Test, hạn mức giao đất nông nghiệp của tỉnh (đất tự khai hoang)"
  structures.unit_prices:
    value:
      cap4: {price: 5000000, unit: "m²", depreciation_years: 30, row: "test, nhà cấp 4"}
      wall: {price: 1000000, unit: "m²", depreciation_years: 20, row: "test, tường rào"}
      shed: {price: 2000000, unit: "m²", row: "test, lán (không có niên hạn)"}
      kitchen: {price: 3000000, unit: "m²", depreciation_years: 20, living: true, row: "test, bếp (phục vụ đời sống)"}
    source: "Test, đơn giá nhà"
  structures.substandard_compensation: {value: {method: price_book}, source: "Test, công trình không đủ tiêu chuẩn"}
  structures.partial_house_compensation: {value: {method: demolished_part_and_repair}, source: "Test, nhà phá dỡ một phần"}
  structures.other_topup_ratio: {value: "0.2", source: "Test, tỷ lệ cộng thêm"}
  structures.other_floor_ratio: {value: "0.6", source: "Test, mức tối thiểu"}
  structures.unlawful_support:
    value:
      without_permit_ratio: 1
      bands:
        - {before: 2004-07-01, ratio: "0.8", row: "test, trước 01/7/2004"}
        - {from: 2004-07-01, before: 2014-07-01, ratio: "0.6", row: "test, 2004-2014"}
        - {from: 2014-07-01, before: 2024-08-01, ratio: "0.4", row: "test, 2014-2024"}
        - {from: 2024-08-01, ratio: 0, row: "test, từ 01/8/2024"}
    source: "Test, hỗ trợ công trình"
  structures.expired_permit_support_ratio: {value: "0.8", source: "Test, giấy phép có thời hạn"}
  structures.power_corridor: {value: {eligible_ratio: "0.7", not_eligible_ratio: "0.4"}, source: "Test, nhà trong hành lang lưới điện"}
  structures.state_housing_repair_ratio: {value: 1, source: "Test, nhà thuộc sở hữu nhà nước"}
  forest.unit_prices:
    value: {acacia: {price: 30000, unit: "m²", row: "test, rừng trồng keo"}}
    source: "Test, đơn giá rừng"
  crops.unit_prices:
    value:
      rice: {price: 10000, unit: "m²", row: "test, lúa"}
      mango: {price: 500000, unit: "cây", density_per_m2: "0.04", row: "test, xoài"}
      bonsai: {price: 200000, unit: "cây", row: "test, cây cảnh"}
    source: "Test, đơn giá cây"
  crops.density_rule: {value: {tolerance: "0.3", within_ratio: 1, beyond_ratio: "0.3"}, source: "Test, mật độ"}
  graves.unit_prices: {value: {built: 20000000, earth: 10000000}, source: "Test, mồ mả"}
  graves.self_relocation_support: {value: 4000000, source: "Test, tự di chuyển mộ"}
  livestock.cost_per_tonne: {value: 1000000, source: "Test, di dời vật nuôi"}
  livestock.coefficients:
    value:
      - {group: pig, max: 100, k: "2", row: "test, lợn ≤ 100"}
      - {group: pig, min: 100, k: "1.5", row: "test, lợn > 100"}
    source: "Test, hệ số vật nuôi"
  moving.flat_rate: {value: {ward: 3000000}, source: "Test, di chuyển"}
  support.rice_price: {value: 20000, source: "Test, giá gạo"}
  support.life_stabilisation.below_30_months:
    value: {stay: 2, relocate: 4, relocate_difficult: 8}
    source: "Test, dưới 30%"
  support.life_stabilisation.difficult_area_months:
    value: {"30_70": 20, above_70: 30}
    source: "Test, thời gian hỗ trợ khi di chuyển đến vùng khó khăn"
  support.life_stabilisation.residential_only_relocation_months: {value: 6, source: "Test, chỉ đất ở"}
  support.life_stabilisation.not_eligible:
    value:
      below_30: {stay: 1, relocate: 2, relocate_difficult: 3}
      "30_70": {stay: 5, relocate: 10, relocate_difficult: 20}
      above_70: {stay: 11, relocate: 22, relocate_difficult: 33}
    source: "Test, không đủ điều kiện bồi thường, giao khoán"
  support.production.agricultural:
    value: {rates: {LUC: 8000, default: 5000}, cap: 10000000}
    source: "Test, ổn định sản xuất"
  support.production.business_ratio: {value: "0.3", source: "Test, kinh doanh"}
  support.production.business_flat_no_accounts: {value: 6000000, source: "Test, kinh doanh khoán"}
  support.production.employee_months: {value: 6, source: "Test, trợ cấp ngừng việc"}
  support.production.contracted:
    value: {price_ratio: "0.5", max_area_per_project: 1000, max_area_total: 5000}
    source: "Test, hỗ trợ đất giao khoán"
  support.production.employee_monthly_wage: {value: 4000000, source: "Test, lương tối thiểu vùng"}
  support.job_conversion.multiple: {value: 5, source: "Test, chuyển đổi nghề"}
  support.job_conversion.price_basis: {value: table, source: "Test, giá chuyển đổi nghề"}
  support.rental:
    value:
      ward: {small: 3000000, large: 4000000}
      large_from_members: 5
      max_months: 12
      repair_months: 6
    source: "Test, thuê nhà"
  support.self_arranged:
    value:
      ward: {below_limit: 300000000, at_or_above_limit: 400000000}
      base_members: 4
      extra_member_ratio: "0.2"
      max_ratio: "1.5"
    source: "Test, tự lo chỗ ở"
  support.early_handover:
    value:
      household: {days: 10, ratio: "0.03", min: 1000000, max: 30000000}
      organisation: {days: 5, ratio: "0.03", min: 5000000, max: 200000000}
      double: {days_after_posting: 10, multiplier: 2}
    source: "Test, thưởng"
  support.uncompensated_land:
    value:
      agricultural: {ratio: 1, price_basis: table, row: "test, đất nông nghiệp không được bồi thường"}
      non_agricultural: {ratio: 1, price_basis: table, row: "test, đất phi nông nghiệp không được bồi thường"}
    source: "Test, hỗ trợ đất không được bồi thường"
  resettlement.minimum_unit_area: {value: {ward: 50}, source: "Test, suất tối thiểu"}
  resettlement.minimum_unit_price_basis: {value: table_x_k, source: "Test, giá suất tối thiểu"}
  rounding: {value: {line_unit: 1, mode: half_up, total_unit: 1}, source: "Test, làm tròn"}
"""

BASE_CASE: dict[str, Any] = {
    "case_id": "T-1",
    "commune": "phuong-a",
    "commune_kind": "ward",
    "dates": {"notice": "2026-02-01", "valuation": "2026-06-01"},
    "members": [{"id": "m1"}, {"id": "m2"}],
}


@pytest.fixture(scope="session")
def pack() -> Pack:
    return load_pack_text(TEST_PACK, "test-2026.yaml")


@pytest.fixture
def case() -> Callable[..., dict[str, Any]]:
    def make(**overrides: Any) -> dict[str, Any]:
        d = copy.deepcopy(BASE_CASE)
        d.update(overrides)
        return d

    return make


@pytest.fixture
def run(pack: Pack) -> Callable[..., Result]:
    def go(
        d: dict[str, Any], decisions: dict[str, Any] | None = None, with_pack: Pack | None = None
    ) -> Result:
        return compute(CaseFacts.from_dict(d), with_pack or pack, decisions)

    return go


def lines(result: Result, code: str) -> list[Any]:
    return [x for x in result.lines if x.code == code]


@pytest.fixture
def only() -> Callable[[Result, str], Any]:
    """The single line with this code (fails if there are none or several)."""

    def pick(result: Result, code: str) -> Any:
        found = lines(result, code)
        assert len(found) == 1, [x.to_dict() for x in result.lines]
        return found[0]

    return pick
