"""Vocabularies of resettlement: the kind of a plot, the basis and choice of an
entitlement, how a plot was allocated, where a draw stands."""

from django.utils.translation import gettext_lazy as _

from gpmb.core.choices import BadgeChoices


class PlotKind(BadgeChoices):
    LAND = "land", _("Lô đất ở")
    APARTMENT = "apartment", _("Căn hộ")


class EntitlementBasis(BadgeChoices):
    """Why the household is entitled to resettlement, each the clause of the law it
    rests on (Land Law 2024 Art. 111; Decree 88/2024 Art. 24)."""

    RELOCATING = (
        "relocating",
        _(
            "Phải di chuyển chỗ ở, có đất ở đủ điều kiện bồi thường (Điều 111 khoản 4 "
            "Luật Đất đai; Điều 11 khoản 2 điểm a Nghị định 88/2024)"
        ),
    )
    GENERATIONS = (
        "generations",
        _(
            "Nhiều thế hệ, nhiều cặp vợ chồng cùng chung sống trên một thửa (Điều 111 khoản 4 "
            "Luật Đất đai)"
        ),
    )
    NO_OTHER_HOME = (
        "no_other_home",
        _(
            "Không đủ điều kiện bồi thường về đất ở, không có chỗ ở nào khác (Điều 111 khoản 5 "
            "Luật Đất đai; Điều 24 khoản 5 Nghị định 88/2024)"
        ),
    )
    IN_PLACE = (
        "in_place",
        _("Tái định cư tại chỗ, dự án theo tuyến (Điều 24 khoản 3 Nghị định 88/2024)"),
    )


class EntitlementQuestion(BadgeChoices):
    """What a person answers for the proposal of an entitlement (gpmb.engine.entitlement),
    the facts not saying it."""

    OTHER_HOME = (
        "other_home",
        _(
            "Hộ còn đất ở, nhà ở nào khác trên địa bàn xã/phường nơi có đất thu hồi (Điều 11 "
            "khoản 2 Nghị định 88/2024; Điều 111 khoản 5 Luật Đất đai)"
        ),
    )
    SEPARABLE = (
        "separable_households",
        _(
            "Số hộ cùng chung sống trên thửa đủ điều kiện tách hộ (Điều 111 khoản 4 đoạn "
            "thứ hai Luật Đất đai)"
        ),
    )
    IN_PLACE = (
        "in_place",
        _("Hộ có nhu cầu tái định cư tại chỗ (Điều 24 khoản 3 Nghị định 88/2024)"),
    )


class EntitlementChoice(BadgeChoices):
    """What the household chose (recorded with its date)."""

    PLOT = "plot", _("Nhận đất ở tái định cư")
    APARTMENT = "apartment", _("Nhận căn hộ tái định cư")
    MONEY = "money", _("Nhận tiền")
    SELF_ARRANGED = "self_arranged", _("Tự lo chỗ ở")


class AllocationMethod(BadgeChoices):
    AGREEMENT = "agreement", _("Theo thỏa thuận")
    PRIORITY = "priority", _("Theo thứ tự ưu tiên")
    DRAW = "draw", _("Bốc thăm công khai")


class DrawStatus(BadgeChoices):
    PUBLISHED = "published", _("Đã công bố danh sách và mã băm hạt giống")
    DRAWN = "drawn", _("Đã bốc thăm")


DrawStatus._badges = {"published": "warning", "drawn": "success"}  # type: ignore[attr-defined]
