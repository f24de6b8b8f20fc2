"""What each option of a named decision means, in words, and the text it rests on.

A line the law leaves open carries a `decision_key` ("density:tree-3") and its options as
codes ("pay_all_counted", "refer_to_province"); the codes are what a decision records and
what the engine compares. A person choosing, or reading what was chosen, sees the words
here. Keyed by the decision's kind (its key up to the first ":"). Options that are already
words (a pack row such as "Phụ lục I, V.1" for a livestock band) need no entry."""

from __future__ import annotations

from typing import NamedTuple

from . import cite as c


class Option(NamedTuple):
    vi: str
    en: str
    basis: str  # the text the option rests on


_LAO_CAI_TABLE = "quy định áp dụng bảng giá đất của tỉnh (ví dụ NQ 19/2025/NQ-HĐND Lào Cai Điều 9)"
_LIFE_BANDS = {
    "30_70": Option("Mức từ 30% đến 70% diện tích", "The 30–70 % band", c.ND88_19_1 + ", điểm a"),
    "below_30": Option("Dưới 30% diện tích", "Below 30 %", c.ND88_19_1 + ", điểm a"),
    "above_70": Option("Trên 70% diện tích", "Above 70 %", c.ND88_19_1 + ", điểm a"),
}

OPTIONS: dict[str, dict[str, Option]] = {
    "regime": {
        "at_earlier_approval": Option(
            "Chính sách khi phê duyệt phần dự án trước",
            "The rules in force when the rest of the project was approved",
            c.ND49_19_2 + ", điểm a",
        ),
        "at_land_law_2024": Option(
            "Chính sách khi Luật Đất đai 2024 có hiệu lực",
            "The rules in force when the Land Law 2024 took effect",
            c.ND49_19_2 + ", điểm b",
        ),
        "current_rules": Option(
            "Chính sách hiện hành (gói chính sách này)",
            "The rules in force now (this policy pack)",
            c.ND49_19_2 + ", điểm c",
        ),
    },
    "valuation_date": {
        "pack_in_force": Option(
            "Phương án được phê duyệt khi gói chính sách này còn hiệu lực",
            "The plan is approved while this policy pack is in force",
            c.LL_91_2,
        ),
    },
    "area": {
        "measured": Option("Theo diện tích đo đạc thực tế", "The measured area", c.ND88_6_2),
        "certificate": Option(
            "Theo diện tích ghi trên giấy tờ (đang có tranh chấp)",
            "The area on the papers (the excess is disputed)",
            c.ND88_6_2,
        ),
    },
    "art140": {
        "meets_art_140_3ab": Option(
            "Thuộc Điều 140 khoản 3 điểm a, b: được bồi thường về đất",
            "Meets Art. 140(3)(a),(b): land compensated",
            f"{c.ND88_10}; {c.LL_140_3}",
        ),
        "does_not_meet": Option(
            "Không thuộc Điều 140 khoản 3 điểm a, b: không bồi thường về đất",
            "Does not meet Art. 140(3)(a),(b): no land compensation",
            f"{c.ND88_10}; {c.LL_140_3}",
        ),
    },
    "art8_1": {
        "all_residential": Option(
            "Cả phần thu hồi là đất ở", "The whole strip is residential", c.ND88_8_1 + ", điểm a"
        ),
        "built_part_only": Option(
            "Chỉ phần có nhà là đất ở, phần còn lại theo đất nông nghiệp",
            "Only the built part is residential, the rest farmland",
            c.ND88_8_1 + ", điểm d",
        ),
    },
    "agri_limit": {
        "annual_limit": Option(
            "Áp dụng hạn mức đất trồng cây hằng năm",
            "The annual-crop land limit, by analogy",
            c.LL_176 + ", khoản 1",
        ),
        "whole_area": Option(
            "Cả diện tích (Điều 176 không quy định hạn mức cho loại đất này)",
            "The whole area (Art. 176 sets no limit for this land)",
            f"{c.LL_176}; {c.ND88_12_1}",
        ),
    },
    "corridor_eligible": {
        "eligible": Option(
            "Đất đủ điều kiện bồi thường", "The land is eligible for compensation", c.LL_95
        ),
        "not_eligible": Option(
            "Đất không đủ điều kiện bồi thường",
            "The land is not eligible for compensation",
            f"{c.LL_95}; {c.LL_106}",
        ),
    },
    "corridor_price": {
        "table_x_k": Option(
            "Giá theo bảng giá × K thay cho giá đất cụ thể",
            "The table price × K instead of the specific price",
            c.NQ254_3_6,
        ),
    },
    "corridor_remainder": {
        "not_buildable": Option(
            "Phần còn lại không còn xây dựng được: bồi thường",
            "The remainder can no longer be built on: compensated",
            c.ND88_18_3,
        ),
        "buildable": Option(
            "Phần còn lại vẫn xây dựng được: không bồi thường thêm",
            "The remainder can still be built on: nothing more",
            c.ND88_18_3,
        ),
    },
    "plot_farmland": {
        "excluded": Option(
            "Không tính vào diện tích hỗ trợ",
            "Not counted in the support base",
            f"{c.ND88_19_1}; {c.ND88_20_3A}; {c.ND88_22}",
        ),
        "included": Option(
            "Tính vào diện tích hỗ trợ ổn định đời sống, sản xuất, chuyển đổi nghề",
            "Counted in the base of life, production and job-conversion support",
            f"{c.ND88_19_1}; {c.ND88_20_3A}; {c.ND88_22}",
        ),
    },
    "remainder": {
        "recover": Option(
            "Thu hồi và bồi thường cả phần còn lại",
            "Recover and compensate the remainder too",
            c.LL_91_7,
        ),
        "keep": Option(
            "Người sử dụng đất giữ phần còn lại", "The user keeps the remainder", c.LL_91_7
        ),
    },
    "standard": {
        "meets_standard": Option(
            "Công trình đạt tiêu chuẩn kỹ thuật",
            "The structure meets the technical standard",
            c.ND88_14_1A,
        ),
        "substandard": Option(
            "Công trình không đủ tiêu chuẩn kỹ thuật: mức của tỉnh",
            "Substandard: the province's rate",
            c.ND88_14_1D,
        ),
    },
    "structure_102_2": {
        "new_value": Option(
            "Phá dỡ toàn bộ tính như điểm a: giá trị xây mới",
            "Whole demolition as point (a): new construction value",
            c.LL_102_2A,
        ),
        "actual_damage": Option(
            "Theo giá trị hiện có của công trình (điểm b)",
            "The structure's present value (point (b))",
            f"{c.LL_102_2B}; {c.ND88_14_1A}",
        ),
    },
    "build_band": {
        "later_band": Option(
            "Mức của giai đoạn bắt đầu từ ngày xây dựng",
            "The band that starts on the build date",
            c.LL_105 + " (mức hỗ trợ theo thời điểm xây dựng của tỉnh)",
        ),
        "earlier_band": Option(
            "Mức của giai đoạn trước (ngày xây dựng là ước tính)",
            "The earlier band (the build date is an estimate)",
            c.LL_105 + " (mức hỗ trợ theo thời điểm xây dựng của tỉnh)",
        ),
    },
    "density": {
        "pay_all_counted": Option(
            "Bồi thường toàn bộ số cây đã kiểm đếm",
            "Pay every tree counted",
            c.LL_103 + ", khoản 2",
        ),
        "refer_to_province": Option(
            "Chờ tỉnh quy định mật độ của loài cây này",
            "Wait for the province's density norm for this species",
            c.ND88_14A,
        ),
    },
    "density_reading": {
        "tiered": Option(
            "Phần vượt trong mức cho phép theo tỷ lệ của mức đó, phần còn lại theo tỷ lệ giảm",
            "Excess within the tolerance at its rate, the rest at the reduced rate",
            c.ND88_14A + " (quy định mật độ của tỉnh)",
        ),
        "all_excess": Option(
            "Toàn bộ số cây vượt mật độ theo tỷ lệ giảm",
            "All trees above the norm at the reduced rate",
            c.ND88_14A + " (quy định mật độ của tỉnh)",
        ),
    },
    "business_land": {
        "eligible": Option(
            "Đất sản xuất, kinh doanh đủ điều kiện bồi thường về đất",
            "The business's land is eligible for land compensation",
            f"{c.ND88}, Điều 20, khoản 1, điểm a",
        ),
        "not_eligible": Option(
            "Đất không đủ điều kiện bồi thường: không hỗ trợ",
            "The land is not eligible: no support",
            f"{c.ND88}, Điều 20, khoản 1, điểm a",
        ),
    },
    "rehousing": {
        "rent_at_site": Option(
            "Thuê nhà ở tại nơi tái định cư (sau đó được mua)",
            "Rent a home at the resettlement site (and buy it later)",
            c.ND88_24_2,
        ),
        "buy_or_allocate": Option(
            "Được giao đất ở hoặc mua nhà ở",
            "Residential land allocated or a house bought",
            c.ND88_24_2,
        ),
        "self_arranged": Option(
            "Nhận tiền để tự lo chỗ ở", "Money to arrange a home themselves", c.ND88_24_2
        ),
    },
    "power_corridor": {
        "land_eligible": Option(
            "Trên đất đủ điều kiện bồi thường: tỷ lệ của tỉnh",
            "On land eligible for compensation: the province's share",
            "quy định của tỉnh (ví dụ QĐ 18/2025/QĐ-UBND Lào Cai Điều 9 khoản 1)",
        ),
        "land_not_eligible": Option(
            "Trên đất không đủ điều kiện, xã xác nhận không bị xử lý vi phạm",
            "On land not eligible, the commune confirming no enforcement record",
            "quy định của tỉnh (ví dụ QĐ 18/2025/QĐ-UBND Lào Cai Điều 9 khoản 2)",
        ),
        "not_supported": Option(
            "Không đủ điều kiện bồi thường, hỗ trợ",
            "Neither compensated nor supported",
            c.LL_105,
        ),
    },
    "life_not_eligible": {
        "included_in_eligible_support": Option(
            "Đã gồm trong hỗ trợ của đất đủ điều kiện",
            "Included in the support for the eligible land",
            c.ND88_19_1,
        ),
        "separate_support": Option(
            "Hỗ trợ riêng thêm theo khoản 2",
            "A separate support under clause 2",
            c.ND88_19_2,
        ),
    },
    "life_band": _LIFE_BANDS,
    "life_band_not_eligible": _LIFE_BANDS,
    "contracted_total": {
        "no_earlier_support": Option(
            "Chưa được hỗ trợ ở dự án trước",
            "No support received at earlier projects",
            c.ND88_20_5 + " (quy định của tỉnh)",
        ),
    },
    "other": {
        "approved": Option(
            "Khoản hỗ trợ khác đã được quyết định",
            "The other support as decided",
            f"{c.LL_108_2}; {c.NQ254_3_12}",
        ),
    },
    "rental_part_month": {
        "whole_month": Option(
            "Tháng lẻ tính tròn một tháng", "A part month counts whole", c.LL_111_7
        ),
        "by_days": Option("Tháng lẻ tính theo số ngày", "A part month by its days", c.LL_111_7),
    },
    "bonus_base": {
        "without_topup": Option(
            "Không tính khoản hỗ trợ suất tái định cư tối thiểu",
            "Without the minimum resettlement unit top-up",
            c.LL_111_7 + " (mức thưởng của tỉnh)",
        ),
        "with_topup": Option(
            "Tính cả khoản hỗ trợ suất tái định cư tối thiểu",
            "With the minimum resettlement unit top-up",
            c.LL_111_7 + " (mức thưởng của tỉnh)",
        ),
    },
    "minimum_unit_price": {
        "table": Option(
            "Giá đất theo bảng giá (quy định của tỉnh)",
            "The table price (the province's rule)",
            "quy định của tỉnh (ví dụ QĐ 18/2025/QĐ-UBND Lào Cai Điều 14 khoản 1 điểm d)",
        ),
        "table_x_k": Option(
            "Bảng giá × K, như tiền sử dụng đất của lô",
            "Table × K, as the plot's land-use fee",
            f"{c.LL_111_8}; {c.NQ254_3_6}",
        ),
    },
    "separated": {
        "position_as_recorded": Option(
            "Theo vị trí đã xác định của thửa", "The parcel's position as recorded", _LAO_CAI_TABLE
        ),
        "ratio_of_vt1": Option(
            "Hệ số × giá VT1 (quy định cho nghĩa vụ tài chính)",
            "A ratio of the VT1 price (written for financial obligations)",
            "quy định áp dụng bảng giá đất của tỉnh (ví dụ NQ 19/2025/NQ-HĐND Lào Cai Điều 5 "
            "khoản 3, 5)",
        ),
    },
    "depth_floor": {
        "no_higher_floor": Option(
            "Không có tuyến đường khác trong tổ, thôn có giá cao hơn",
            "No other road of the hamlet is priced higher",
            _LAO_CAI_TABLE,
        ),
    },
    "depth_portion": {
        "front": Option("Tính từ mặt tiền", "From the front", _LAO_CAI_TABLE),
        "proportional": Option(
            "Chia theo tỷ lệ các dải", "In proportion to the bands", _LAO_CAI_TABLE
        ),
    },
    "depth_strip": {
        "front": Option("Dải mặt tiền", "Along the road", _LAO_CAI_TABLE),
        "rear": Option("Phía sau thửa", "At the back", _LAO_CAI_TABLE),
        "full_depth": Option("Suốt chiều sâu thửa", "Across the whole depth", _LAO_CAI_TABLE),
    },
    "frontage_increase": {
        "on_each_band": Option("Tăng trên giá từng dải", "On each band's price", _LAO_CAI_TABLE),
        "on_vt1_price": Option("Tăng trên giá VT1", "On the VT1 price", _LAO_CAI_TABLE),
    },
}


def option(decision_key: str, choice: str) -> Option | None:
    """The words of `choice` for the decision `decision_key`, or None when the option is
    already words (or unknown)."""
    return OPTIONS.get(decision_key.split(":", 1)[0], {}).get(choice)


def option_vi(decision_key: str, choice: str) -> str:
    """The Vietnamese words of an option, for the engine's own texts (formulas, notes)."""
    found = option(decision_key, choice)
    return found.vi if found else choice


__all__ = ["OPTIONS", "Option", "option", "option_vi"]
