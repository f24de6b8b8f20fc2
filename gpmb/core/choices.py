"""Status and kind vocabularies of the core app. Each choice has a Vietnamese label;
`badge` gives the colour a page shows it in."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class BadgeChoices(models.TextChoices):
    """TextChoices with a colour per value (`badge`)."""

    @classmethod
    def badge(cls, value: str) -> str:
        return getattr(cls, "_badges", {}).get(value, "secondary")


class ChangeAction(BadgeChoices):
    CREATE = "create", _("Tạo mới")
    UPDATE = "update", _("Sửa")
    DELETE = "delete", _("Xóa")


ChangeAction._badges = {"create": "success", "update": "info", "delete": "danger"}  # type: ignore[attr-defined]


class Role(BadgeChoices):
    """The roles of site-clearance work (DESIGN.md "Users and what each needs")."""

    COMPENSATION_OFFICER = "compensation_officer", _("Cán bộ bồi thường, hỗ trợ, tái định cư")
    COMMUNE_LAND_OFFICER = "commune_land_officer", _("Cán bộ địa chính xã/phường")
    APPRAISER = "appraiser", _("Cán bộ thẩm định")
    APPROVER = "approver", _("Người phê duyệt")
    ACCOUNTANT = "accountant", _("Kế toán")
    LEADERSHIP = "leadership", _("Lãnh đạo")
    INVESTOR = "investor", _("Chủ đầu tư")
    INSPECTOR = "inspector", _("Thanh tra, kiểm toán")
    ADMINISTRATOR = "administrator", _("Quản trị hệ thống")


class JobStatus(BadgeChoices):
    """Where a piece of long work (an import, an overlay, a computation, a batch of
    documents) stands. A job that cannot finish says so: it never stays "running"."""

    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    SUCCEEDED = "succeeded", _("Hoàn tất")
    REJECTED = "rejected", _("Không thực hiện (dữ liệu có lỗi)")
    FAILED = "failed", _("Lỗi")


JobStatus._badges = {  # type: ignore[attr-defined]
    "queued": "secondary",
    "running": "primary",
    "succeeded": "success",
    "rejected": "warning",
    "failed": "danger",
}
