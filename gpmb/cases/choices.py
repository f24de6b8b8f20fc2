"""Where a case stands in the legal chain."""

from django.utils.translation import gettext_lazy as _

from gpmb.core.choices import BadgeChoices


class CaseStatus(BadgeChoices):
    """Where a household's case stands in the legal chain. "Done" is handover, not
    payment: it is what leadership counts."""

    NOTIFIED = "notified", _("Đã thông báo thu hồi")
    INVENTORIED = "inventoried", _("Đã kiểm đếm")
    DRAFTED = "drafted", _("Đã lập dự thảo phương án")
    POSTED = "posted", _("Đã niêm yết")
    APPRAISED = "appraised", _("Đã thẩm định")
    APPROVED = "approved", _("Đã phê duyệt")
    PAID = "paid", _("Đã chi trả")
    HANDED_OVER = "handed_over", _("Đã bàn giao mặt bằng")


CaseStatus._badges = {  # type: ignore[attr-defined]
    "notified": "secondary",
    "inventoried": "info",
    "drafted": "info",
    "posted": "primary",
    "appraised": "primary",
    "approved": "warning",
    "paid": "warning",
    "handed_over": "success",
}
