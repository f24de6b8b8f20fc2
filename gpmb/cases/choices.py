"""Where a case stands in the legal chain."""

from django.utils.translation import gettext_lazy as _

from gpmb.core.choices import BadgeChoices


class CaseStatus(BadgeChoices):
    """Where a household's case stands in the legal chain. "Done" is handover, not
    payment: it is what leadership counts. A case starts "opened" and earns every later
    status from its recorded steps (gpmb.cases.services)."""

    OPENED = "opened", _("Mới lập hồ sơ")
    NOTIFIED = "notified", _("Đã thông báo thu hồi")
    INVENTORIED = "inventoried", _("Đã kiểm đếm")
    DRAFTED = "drafted", _("Đã lập dự thảo phương án")
    POSTED = "posted", _("Đã niêm yết")
    APPRAISED = "appraised", _("Đã thẩm định")
    APPROVED = "approved", _("Đã phê duyệt")
    PAID = "paid", _("Đã chi trả")
    HANDED_OVER = "handed_over", _("Đã bàn giao mặt bằng")


CaseStatus._badges = {  # type: ignore[attr-defined]
    "opened": "light",
    "notified": "secondary",
    "inventoried": "info",
    "drafted": "info",
    "posted": "primary",
    "appraised": "primary",
    "approved": "warning",
    "paid": "warning",
    "handed_over": "success",
}


class StepScope(BadgeChoices):
    """Whether a step is done for each household or once for the whole batch (one
    document for many households)."""

    HOUSEHOLD = "household", _("Từng hộ")
    BATCH = "batch", _("Cả đợt")


class PeriodUnit(BadgeChoices):
    CALENDAR = "calendar", _("ngày")
    WORKING = "working", _("ngày làm việc")


class PeriodBound(BadgeChoices):
    """A deadline ("by": at the latest) or a waiting period ("after": not before, e.g.
    the posting may not end before its 10 days)."""

    BY = "by", _("hạn chót")
    AFTER = "after", _("không sớm hơn")


class StepState(BadgeChoices):
    """Where a step stands today (computed, not stored)."""

    DONE = "done", _("Đã xong")
    NOT_APPLICABLE = "not_applicable", _("Không áp dụng")
    OVERDUE = "overdue", _("Quá hạn")
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    OPEN = "open", _("Đang chờ thực hiện")
    WAITING = "waiting", _("Chưa đến bước")


StepState._badges = {  # type: ignore[attr-defined]
    "done": "success",
    "not_applicable": "secondary",
    "overdue": "danger",
    "due_soon": "warning",
    "open": "primary",
    "waiting": "light",
}
