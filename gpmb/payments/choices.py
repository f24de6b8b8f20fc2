"""Vocabularies of payments: a payment batch's state, the kinds of ledger entry, how money
was paid, and the triggers of a recovery decision."""

from django.utils.translation import gettext_lazy as _

from gpmb.core.choices import BadgeChoices


class PaymentBatchStatus(BadgeChoices):
    """A payment batch is prepared by the accountant and approved by the superior (maker ≠
    checker); only an approved batch's households are paid."""

    PREPARED = "prepared", _("Đã lập, chờ duyệt")
    APPROVED = "approved", _("Đã duyệt chi")


PaymentBatchStatus._badges = {"prepared": "warning", "approved": "success"}  # type: ignore[attr-defined]


class EntryKind(BadgeChoices):
    """A line of the append-only ledger. A correction is a reversal of an entry (its
    negative), never an edit."""

    PRINCIPAL = "principal", _("Tiền bồi thường, hỗ trợ, tái định cư")
    INTEREST = "interest", _("Tiền chậm chi trả")
    REVERSAL = "reversal", _("Bút toán đảo")


EntryKind._badges = {"principal": "primary", "interest": "info", "reversal": "danger"}  # type: ignore[attr-defined]


class PaymentMethod(BadgeChoices):
    CASH = "cash", _("Tiền mặt")
    TRANSFER = "transfer", _("Chuyển khoản")


class RecoveryTrigger(BadgeChoices):
    """The first of which starts the 10 days to issue the recovery decision (Land Law 2024
    Art. 87(5)(a)-(g))."""

    A = "a", _("a) Phương án đã duyệt, không phải bố trí tái định cư")
    B = "b", _("b) Đồng ý tái định cư tại chỗ, nhận tiền thuê nhà tạm")
    C = "c", _("c) Đã được giao đất tái định cư để tự xây nhà")
    D = "d", _("d) Đã được bàn giao nhà ở tái định cư")
    E = "e", _("đ) Đã được bàn giao đất gắn liền với nhà ở tái định cư")
    F = "f", _("e) Đã nhận tiền để tự lo chỗ ở")
    G = "g", _("g) Tự nguyện bàn giao đất, đã được bố trí nhà tạm hoặc tiền thuê nhà")


class EnforcementStage(BadgeChoices):
    """Where the taking of land from a household that does not hand it over stands (Land
    Law 2024 Art. 87(7), 89)."""

    PERSUADING = "persuading", _("Đang vận động, thuyết phục")
    DECIDED = "decided", _("Đã có quyết định cưỡng chế")
    COMPLIED = "complied", _("Hộ chấp hành")
    ENFORCED = "enforced", _("Đã cưỡng chế")


EnforcementStage._badges = {  # type: ignore[attr-defined]
    "persuading": "warning",
    "decided": "danger",
    "complied": "success",
    "enforced": "secondary",
}


class EnforcementOutcome(BadgeChoices):
    """What the enforcement board recorded on the day (Art. 89(4)(b))."""

    COMPLIED = "complied", _("Hộ chấp hành, lập biên bản ghi nhận")
    ENFORCED = "enforced", _("Tổ chức thực hiện cưỡng chế")
