"""Paying the approved plans and taking the land: payment batches and their households,
the append-only ledger, deposits of refused money, recovery decisions and handovers.

Every row is written by gpmb.payments.services. A case with money or minutes cannot be
deleted (PROTECT): the payment records of public money outlive any cleanup."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gpmb.cases.models import Case
from gpmb.core.bounds import within
from gpmb.core.models import BaseModel
from gpmb.core.permissions import ScopedModel
from gpmb.payments.choices import (
    EnforcementStage,
    EntryKind,
    PaymentBatchStatus,
    PaymentMethod,
    RecoveryTrigger,
)
from gpmb.plans.models import BatchPlan, PlanVersion
from gpmb.projects.models import AdminUnit, Batch, Project


class LedgerError(Exception):
    """An edit or deletion of a ledger entry: refused whoever asks (a correction is a
    reversal entry)."""


def _user(name: Any) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=name,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )


def _project() -> models.ForeignKey:
    return models.ForeignKey(
        Project, verbose_name=_("dự án"), on_delete=models.PROTECT, related_name="+"
    )


def _commune() -> models.ForeignKey:
    return models.ForeignKey(
        AdminUnit, verbose_name=_("xã/phường"), on_delete=models.PROTECT, related_name="+"
    )


class PaymentBatch(ScopedModel, BaseModel):
    """A payment batch (đợt chi trả) drawn from an approved batch plan: the households to
    pay with the amount each is due. Prepared by the accountant, approved by a superior
    who is not its maker; the day the approval decision of the plan takes effect is kept
    for the 30 days of Land Law 2024 Art. 94(3)(a)."""

    project = _project()
    commune = _commune()
    batch = models.ForeignKey(
        Batch, verbose_name=_("đợt"), on_delete=models.PROTECT, related_name="payment_batches"
    )
    batch_plan = models.ForeignKey(
        BatchPlan,
        verbose_name=_("phương án của đợt"),
        on_delete=models.PROTECT,
        related_name="payment_batches",
    )
    number = models.CharField(_("số đợt chi trả"), max_length=60)
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=PaymentBatchStatus.choices,
        default=PaymentBatchStatus.PREPARED,
    )
    approval_effective_date = models.DateField(_("ngày quyết định phê duyệt phương án có hiệu lực"))
    prepared_by = _user(_("người lập"))
    approved_by = _user(_("người duyệt"))
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    total_due = models.BigIntegerField(_("tổng số tiền phải chi (đồng)"), default=0)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("đợt chi trả")
        verbose_name_plural = pgettext_lazy("plural", "đợt chi trả")
        ordering = ["batch", "-pk"]
        permissions = [("approve_paymentbatch", _("Duyệt đợt chi trả"))]

    def __str__(self) -> str:
        return f"{self.number} — {self.batch}"


class PaymentLine(ScopedModel, BaseModel):
    """One household of a payment batch: its approved plan version and the amount due, by
    group as the plan has it. What is paid and what remains come from the ledger."""

    # Written by the thousand when a batch is prepared (one audit event for the batch).
    audit_bulk_writes = False

    payment_batch = models.ForeignKey(
        PaymentBatch, verbose_name=_("đợt chi trả"), on_delete=models.CASCADE, related_name="lines"
    )
    case = models.ForeignKey(
        Case, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="payment_lines"
    )
    plan_version = models.ForeignKey(
        PlanVersion,
        verbose_name=_("phương án đã duyệt"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    project = _project()
    commune = _commune()
    amount_due = models.BigIntegerField(_("số tiền phải chi (đồng)"))
    # A plan whose net is below zero: what the household must pay (the resettlement
    # land-use fee beyond its compensation, Land Law 2024 Art. 111(3); Decree 88/2024
    # Art. 26 when it records it as debt instead). Nothing is then owed to the household.
    amount_owed = models.BigIntegerField(_("số tiền hộ phải nộp (đồng)"), default=0)
    totals = models.JSONField(_("theo nhóm (đồng)"), default=dict)

    class Meta:
        verbose_name = _("hộ trong đợt chi trả")
        verbose_name_plural = pgettext_lazy("plural", "hộ trong đợt chi trả")
        ordering = ["payment_batch", "case"]
        constraints = [
            models.UniqueConstraint(fields=["case", "plan_version"], name="paymentline_unique")
        ]

    def __str__(self) -> str:
        return f"{self.case} — {self.amount_due}"


class LedgerEntry(ScopedModel, BaseModel):
    """One entry of the payment ledger (integer đồng): a payment of the approved amount,
    the late-payment amount paid with it (Land Law 2024 Art. 94(3)(b)), or the reversal of
    an earlier entry. Append-only: never edited, never deleted."""

    case = models.ForeignKey(
        Case, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="ledger_entries"
    )
    line = models.ForeignKey(
        PaymentLine, verbose_name=_("hộ trong đợt chi trả"), on_delete=models.PROTECT,
        related_name="entries",
    )  # fmt: skip
    project = _project()
    commune = _commune()
    kind = models.CharField(_("loại"), max_length=10, choices=EntryKind.choices)
    amount = models.BigIntegerField(_("số tiền (đồng)"))
    entry_date = models.DateField(_("ngày chi"))
    method = models.CharField(_("hình thức"), max_length=10, choices=PaymentMethod.choices)
    receipt_number = models.CharField(_("số chứng từ"), max_length=60)
    # The payment a late-payment amount was paid with, the entry a reversal undoes.
    principal = models.ForeignKey(
        "self", verbose_name=_("khoản chi gốc"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="interest_entries",
    )  # fmt: skip
    reversal_of = models.OneToOneField(
        "self", verbose_name=_("đảo bút toán"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="reversed_by",
    )  # fmt: skip
    formula = models.TextField(_("cách tính"), blank=True)
    citations = models.JSONField(_("căn cứ"), default=list, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    recorded_by = _user(_("người ghi"))

    class Meta:
        verbose_name = _("bút toán chi trả")
        verbose_name_plural = pgettext_lazy("plural", "sổ chi trả")
        ordering = ["case", "entry_date", "pk"]
        indexes = [models.Index(fields=["project", "commune", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} — {self.case_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise LedgerError(
                _("Sổ chi trả chỉ ghi thêm: sửa bằng bút toán đảo, không sửa dòng cũ.")
            )
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise LedgerError(_("Sổ chi trả chỉ ghi thêm: không được xóa bút toán."))


class Deposit(ScopedModel, BaseModel):
    """The money of a household that refused it, deposited into the unit's account (Land
    Law 2024 Art. 94(4)), with the refusal and persuasion that came first; later
    withdrawn by the household."""

    case = models.ForeignKey(
        Case, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="deposits"
    )
    project = _project()
    commune = _commune()
    amount = models.BigIntegerField(_("số tiền gửi (đồng)"))
    refusal_date = models.DateField(_("ngày từ chối nhận tiền"))
    persuasion = models.TextField(_("vận động, thuyết phục"))
    deposit_date = models.DateField(_("ngày gửi"))
    reference = models.CharField(_("số chứng từ gửi tiền"), max_length=100)
    withdrawal_date = models.DateField(_("ngày hộ nhận lại"), null=True, blank=True)
    withdrawal_reference = models.CharField(_("chứng từ nhận lại"), max_length=100, blank=True)
    # Land Law 2024 Art. 94(4); Decree 88/2024 Art. 25(5): the money is deposited at a
    # state-controlled bank at demand-deposit interest, which belongs to the entitled
    # person: the interest the bank's statement shows, paid out with the withdrawal.
    withdrawal_interest = models.BigIntegerField(
        _("tiền lãi không kỳ hạn (đồng)"), null=True, blank=True, validators=within(0, 10**12)
    )
    recorded_by = _user(_("người ghi"))

    class Meta:
        verbose_name = _("khoản tiền gửi")
        verbose_name_plural = pgettext_lazy("plural", "khoản tiền gửi")
        ordering = ["case", "deposit_date"]
        permissions = [("withdraw_deposit", _("Ghi nhận hộ nhận lại tiền gửi"))]

    def __str__(self) -> str:
        return f"{self.reference} — {self.amount}"


class RecoveryDecision(ScopedModel, BaseModel):
    """A household's land recovery decision, issued within 10 days of the first trigger
    of Land Law 2024 Art. 87(5) (the trigger and its date kept with it)."""

    case = models.OneToOneField(
        Case, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="recovery_decision"
    )
    project = _project()
    commune = _commune()
    trigger = models.CharField(
        _("căn cứ (Điều 87 khoản 5)"), max_length=1, choices=RecoveryTrigger.choices
    )
    trigger_date = models.DateField(_("ngày phát sinh căn cứ"))
    due_date = models.DateField(_("hạn ban hành"))
    decision_number = models.CharField(_("số quyết định"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"))
    signer = models.CharField(_("người ký"), max_length=200)
    recorded_by = _user(_("người ghi"))

    class Meta:
        verbose_name = _("quyết định thu hồi đất")
        verbose_name_plural = pgettext_lazy("plural", "quyết định thu hồi đất")
        ordering = ["case"]

    def __str__(self) -> str:
        return self.decision_number


class Handover(ScopedModel, BaseModel):
    """The handover of the land (biên bản bàn giao mặt bằng): refused while the approved
    amount is neither paid nor deposited."""

    case = models.OneToOneField(
        Case, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="handover"
    )
    project = _project()
    commune = _commune()
    handover_date = models.DateField(_("ngày bàn giao"))
    minutes_number = models.CharField(_("số biên bản"), max_length=60)
    signer = models.CharField(_("người ký biên bản"), max_length=200)
    recorded_by = _user(_("người ghi"))

    class Meta:
        verbose_name = _("bàn giao mặt bằng")
        verbose_name_plural = pgettext_lazy("plural", "bàn giao mặt bằng")
        ordering = ["case"]

    def __str__(self) -> str:
        return f"{self.minutes_number} — {self.case_id}"


class Enforcement(ScopedModel, BaseModel):
    """A household that does not hand over its land: the 10 days of written persuasion
    (Land Law 2024 Art. 87(7)(a), (b)), the enforcement decision no earlier than 10 days
    after the persuasion ended (Art. 87(7)(b)), its service, and its execution within 10
    days of service (Art. 89(3)), started only outside the no-enforcement windows
    (Art. 89(1)(b)). Each due date is kept with it."""

    case = models.OneToOneField(
        Case, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="enforcement"
    )
    project = _project()
    commune = _commune()
    stage = models.CharField(
        _("giai đoạn"),
        max_length=10,
        choices=EnforcementStage.choices,
        default=EnforcementStage.PERSUADING,
    )
    persuasion_start_date = models.DateField(_("ngày bắt đầu vận động, thuyết phục"))
    persuasion_document = models.CharField(_("văn bản vận động, thuyết phục"), max_length=100)
    persuasion_end_date = models.DateField(_("hết hạn vận động, thuyết phục"))
    decision_earliest_date = models.DateField(_("ngày sớm nhất ban hành quyết định cưỡng chế"))
    decision_number = models.CharField(_("số quyết định cưỡng chế"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định cưỡng chế"), null=True, blank=True)
    served_date = models.DateField(_("ngày giao quyết định cưỡng chế"), null=True, blank=True)
    execution_due_date = models.DateField(_("hạn thi hành cưỡng chế"), null=True, blank=True)
    executed_at = models.DateTimeField(_("bắt đầu thi hành lúc"), null=True, blank=True)
    execution_minutes = models.CharField(_("số biên bản thi hành"), max_length=60, blank=True)
    recorded_by = _user(_("người ghi"))

    class Meta:
        verbose_name = _("vận động, cưỡng chế thu hồi đất")
        verbose_name_plural = pgettext_lazy("plural", "vận động, cưỡng chế thu hồi đất")
        ordering = ["case"]
        permissions = [("decide_enforcement", _("Quyết định cưỡng chế thu hồi đất"))]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.get_stage_display()}"


class SignedReceipt(ScopedModel, BaseModel):
    """The receipt of a payment signed by the household (a scan or photo), received
    through the upload flow with its size limit; kept beside the ledger entry, which
    never changes."""

    entry = models.ForeignKey(
        LedgerEntry,
        verbose_name=_("khoản chi"),
        on_delete=models.PROTECT,
        related_name="signed_receipts",
    )
    project = _project()
    commune = _commune()
    file = models.FileField(_("tệp"), upload_to="payments/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=300)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    uploaded_by = _user(_("người tải lên"))

    class Meta:
        verbose_name = _("giấy nhận tiền có chữ ký")
        verbose_name_plural = pgettext_lazy("plural", "giấy nhận tiền có chữ ký")
        ordering = ["entry", "pk"]

    def __str__(self) -> str:
        return self.original_name
