from django.utils.translation import gettext_lazy as _

from gpmb.core.choices import BadgeChoices


class PlanStatus(BadgeChoices):
    """States of a plan version (DESIGN.md "PlanVersion"). A recomputation supersedes a
    draft; later states come with the legal workflow."""

    DRAFT = "draft", _("Dự thảo")
    SUBMITTED = "submitted", _("Đã trình")
    POSTED = "posted", _("Đã niêm yết")
    CONSULTED = "consulted", _("Đã lấy ý kiến")
    APPRAISED = "appraised", _("Đã thẩm định")
    APPROVED = "approved", _("Đã phê duyệt")
    SUPERSEDED = "superseded", _("Đã thay thế")


PlanStatus._badges = {  # type: ignore[attr-defined]
    "draft": "info",
    "submitted": "primary",
    "posted": "primary",
    "consulted": "primary",
    "appraised": "primary",
    "approved": "success",
    "superseded": "secondary",
}


class LineStatus(BadgeChoices):
    """Status of a calculation line (the engine's vocabulary): a plan with any line not
    `ok` cannot be submitted (DESIGN.md "The engine")."""

    OK = "ok", _("Đủ căn cứ")
    NEEDS_CONFIRMATION = "needs_confirmation", _("Cần quyết định")
    MISSING_BASIS = "missing_basis", _("Thiếu căn cứ")


LineStatus._badges = {  # type: ignore[attr-defined]
    "ok": "success",
    "needs_confirmation": "warning",
    "missing_basis": "danger",
}


class LineGroup(BadgeChoices):
    """Groups of lines and of a plan's totals (the engine's groups)."""

    LAND = "land", _("Bồi thường về đất")
    ASSETS = "assets", _("Bồi thường tài sản")
    SUPPORT = "support", _("Hỗ trợ")
    RESETTLEMENT = "resettlement", _("Tái định cư")
    DEDUCTIONS = "deductions", _("Khấu trừ")
    DEBT = "debt", _("Ghi nợ")
    INFO = "info", _("Thông tin")
