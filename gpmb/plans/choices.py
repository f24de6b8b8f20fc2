from django.db import models
from django.utils.translation import gettext_lazy as _

from gpmb.core.choices import BadgeChoices


class PlanStatus(BadgeChoices):
    """States of a plan version, in the law's order (Land Law 2024 Art. 87(3); Resolution
    254/2025 Art. 3(9)(b); Decree 88/2024 Art. 3(3)): a draft is posted with the other
    plans of its batch in its commune, consulted on once the posting period has ended,
    submitted for appraisal, returned with reasons or appraised, and approved. From
    posting on, the version is frozen (its batch plan's hash covers it). A returned plan
    may be submitted again as it is (a file put right); a plan whose amounts change is
    recomputed into a new draft that is posted again, since the people must see and be
    consulted on the amounts that are approved (Art. 87(3)(a)). An approved version stays
    in force until its adjustment is approved; then it is superseded."""

    DRAFT = "draft", _("Dự thảo")
    POSTED = "posted", _("Đang niêm yết")
    CONSULTED = "consulted", _("Đã lấy ý kiến")
    SUBMITTED = "submitted", _("Đã trình thẩm định")
    RETURNED = "returned", _("Bị trả lại")
    APPRAISED = "appraised", _("Đã thẩm định")
    APPROVED = "approved", _("Đã phê duyệt")
    SUPERSEDED = "superseded", _("Đã thay thế")


PlanStatus._badges = {  # type: ignore[attr-defined]
    "draft": "info",
    "posted": "primary",
    "consulted": "primary",
    "submitted": "primary",
    "returned": "warning",
    "appraised": "primary",
    "approved": "success",
    "superseded": "secondary",
}

# Posted or later (and not withdrawn): the version belongs to a batch plan whose hash
# covers its facts, pack, lines and totals; nothing in it may change.
FROZEN_STATUSES = frozenset(
    {
        PlanStatus.POSTED,
        PlanStatus.CONSULTED,
        PlanStatus.SUBMITTED,
        PlanStatus.RETURNED,
        PlanStatus.APPRAISED,
        PlanStatus.APPROVED,
    }
)


class PlanActKind(BadgeChoices):
    """The legal acts on a batch's plan (Land Law 2024 Art. 87(3); Decree 88/2024
    Art. 3(3)), each recorded with its document."""

    POSTING = "posting", _("Niêm yết công khai")
    CONSULTATION = "consultation", _("Lấy ý kiến, đối thoại")
    SUBMISSION = "submission", _("Trình thẩm định")
    RETURN = "return", _("Trả lại để hoàn chỉnh")
    APPRAISAL = "appraisal", _("Thẩm định")
    APPROVAL = "approval", _("Phê duyệt")


PlanActKind._badges = {  # type: ignore[attr-defined]
    "posting": "primary",
    "consultation": "primary",
    "submission": "primary",
    "return": "warning",
    "appraisal": "primary",
    "approval": "success",
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


class CostItem(models.TextChoices):
    """What the cost of organising the compensation is estimated for (Decree 88/2024
    Art. 27(4) for the work itself, Art. 27(5) for compulsory inventory and enforcement,
    as amended by Decree 226/2025)."""

    MEETINGS = "27.4.a", _("Họp phổ biến chính sách, vận động (Điều 27 khoản 4 điểm a)")
    SURVEY = "27.4.b", _("Điều tra, đo đạc, kiểm đếm, xác định nguồn gốc (khoản 4 điểm b)")
    PLAN = "27.4.c", _("Lập, thẩm định, phê duyệt, công khai phương án (khoản 4 điểm c)")
    PAYMENT = "27.4.d", _("Tổ chức chi trả (khoản 4 điểm d)")
    GUIDANCE = "27.4.dd", _("Hướng dẫn, giải quyết vướng mắc (khoản 4 điểm đ)")
    PREMISES = "27.4.e", _("Thuê nhà làm việc, máy móc, thiết bị (khoản 4 điểm e)")
    OFFICE = "27.4.g", _("In ấn, văn phòng phẩm, liên lạc, xăng xe (khoản 4 điểm g)")
    LABOUR = "27.4.h", _("Thuê nhân công (khoản 4 điểm h)")
    OTHER = "27.4.i", _("Nội dung chi khác liên quan trực tiếp (khoản 4 điểm i)")
    ENFORCEMENT = "27.5", _("Cưỡng chế kiểm đếm, cưỡng chế thu hồi đất (khoản 5)")
