from django.utils.translation import gettext_lazy as _

from gpmb.core.choices import BadgeChoices


class UnitLevel(BadgeChoices):
    PROVINCE = "province", _("Tỉnh/thành phố")
    COMMUNE = "commune", _("Xã/phường/đặc khu")


class ProjectKind(BadgeChoices):
    LINEAR = "linear", _("Theo tuyến")
    AREA = "area", _("Theo vùng")


class ApprovingAuthority(BadgeChoices):
    """Who approves plans and signs recovery decisions (Decree 49/2026 Art. 14(1): the
    provincial People's Committee, which may delegate to the commune chairman)."""

    PROVINCE = "province", _("UBND tỉnh/thành phố")
    COMMUNE_CHAIRMAN = "commune_chairman", _("Chủ tịch UBND xã/phường")


class BatchStatus(BadgeChoices):
    PREPARING = "preparing", _("Chuẩn bị")
    ACTIVE = "active", _("Đang thực hiện")
    CLOSED = "closed", _("Đã kết thúc")


BatchStatus._badges = {"preparing": "secondary", "active": "primary", "closed": "success"}  # type: ignore[attr-defined]
