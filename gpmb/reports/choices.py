"""Vocabularies of reports: the indicators a review reports on (chỉ tiêu)."""

from django.utils.translation import gettext_lazy as _

from gpmb.core.choices import BadgeChoices


class IndicatorKind(BadgeChoices):
    """What a target is set for. The site-clearance ones are computed from the records
    (never typed); the others a ward or the city reviews are entered with their source."""

    HOUSEHOLDS_HANDED_OVER = "households_handed_over", _("Số hộ đã bàn giao mặt bằng")
    AREA_CLEARED = "area_cleared", _("Diện tích đã bàn giao mặt bằng")
    COMPENSATION_DISBURSED = (
        "compensation_disbursed",
        _("Kinh phí bồi thường, hỗ trợ, tái định cư đã chi trả"),
    )
    BUDGET_REVENUE = "budget_revenue", _("Thu ngân sách nhà nước")
    LAND_AUCTION_REVENUE = "land_auction_revenue", _("Thu tiền đấu giá quyền sử dụng đất")
    PUBLIC_INVESTMENT = "public_investment", _("Giải ngân vốn đầu tư công")


COMPUTED_KINDS = frozenset(
    {
        IndicatorKind.HOUSEHOLDS_HANDED_OVER,
        IndicatorKind.AREA_CLEARED,
        IndicatorKind.COMPENSATION_DISBURSED,
    }
)
UNITS = {
    IndicatorKind.HOUSEHOLDS_HANDED_OVER: "hộ",
    IndicatorKind.AREA_CLEARED: "m²",
    IndicatorKind.COMPENSATION_DISBURSED: "đồng",
    IndicatorKind.BUDGET_REVENUE: "đồng",
    IndicatorKind.LAND_AUCTION_REVENUE: "đồng",
    IndicatorKind.PUBLIC_INVESTMENT: "đồng",
}


class ScopeLevel(BadgeChoices):
    CITY = "city", _("Thành phố")
    WARD = "ward", _("Xã/phường")
    PROJECT = "project", _("Dự án")
