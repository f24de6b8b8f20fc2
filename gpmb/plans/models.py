"""Compensation plans: versions of a case's plan, their calculation lines and the
decisions that settle the law's ambiguities."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gpmb.cases.models import Case
from gpmb.core.models import BaseModel
from gpmb.core.permissions import ScopedModel
from gpmb.plans.choices import LineGroup, LineStatus, PlanStatus
from gpmb.policy.models import PolicyPack
from gpmb.projects.models import AdminUnit, Project


class PlanVersion(ScopedModel, BaseModel):
    """One computed version of a case's compensation plan: the facts it was computed
    from, the pack version, the engine's digest and totals, and its lines. A version is
    never edited; a recomputation whose result differs makes the next version."""

    # A version is a record in itself, written once by a computation and never edited:
    # logging each of 20,000 new versions again would double the computation's writes.
    audit_bulk_writes = False

    case = models.ForeignKey(
        Case, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="plan_versions"
    )
    # Kept on the row so scoping and batch summaries need no joins.
    project = models.ForeignKey(
        Project, verbose_name=_("dự án"), on_delete=models.CASCADE, related_name="+"
    )
    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("xã/phường"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.PositiveIntegerField(_("phiên bản số"))
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    result_status = models.CharField(
        _("tình trạng tính toán"), max_length=20, choices=LineStatus.choices
    )
    pack = models.ForeignKey(
        PolicyPack, verbose_name=_("gói chính sách"), on_delete=models.PROTECT, related_name="+"
    )
    facts = models.JSONField(_("dữ kiện đầu vào"))
    decisions = models.JSONField(_("quyết định đã áp dụng"), default=dict, blank=True)
    # Which inventory the facts counted: {"census": round id, "corrections": [ids]}.
    inventory_basis = models.JSONField(_("số liệu kiểm đếm đã tính"), default=dict, blank=True)
    input_hash = models.CharField(
        _("mã băm đầu vào"),
        max_length=64,
        help_text=_("SHA-256 của dữ kiện, gói chính sách và quyết định"),
    )
    facts_hash = models.CharField(_("mã băm dữ kiện"), max_length=64)
    pack_digest = models.CharField(_("mã băm gói chính sách"), max_length=64)
    result_digest = models.CharField(_("mã băm kết quả"), max_length=64)
    totals = models.JSONField(_("tổng theo nhóm (đồng)"), default=dict)
    net_amount = models.BigIntegerField(_("số tiền thực nhận (đồng)"))
    debt_amount = models.BigIntegerField(_("số tiền ghi nợ (đồng)"), default=0)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tính"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("phiên bản trước"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("phiên bản phương án")
        verbose_name_plural = pgettext_lazy("plural", "phiên bản phương án")
        ordering = ["case", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="planversion_unique_number")
        ]
        indexes = [models.Index(fields=["project", "commune", "status"])]

    def __str__(self) -> str:
        return f"{self.case} v{self.number}"

    @property
    def can_submit(self) -> bool:
        return self.result_status == LineStatus.OK

    @property
    def is_held(self) -> bool:
        """Submitted or later: recomputing it takes an explicit action with a reason."""
        return self.status not in (PlanStatus.DRAFT, PlanStatus.SUPERSEDED)


class CalculationLine(ScopedModel):
    """One entitlement of a plan version as the engine computed it: quantity, unit
    price, coefficient, amount (integer đồng), a formula a person can read, the legal
    citations and a status. Written in bulk with its version and never edited."""

    scope_commune = "plan__commune"

    plan = models.ForeignKey(
        PlanVersion,
        verbose_name=_("phiên bản phương án"),
        on_delete=models.CASCADE,
        related_name="lines",
    )
    # The project on the line itself, as on every hot table: a project's lines (its
    # totals, its reports) are read without joining 20,000 versions.
    project = models.ForeignKey(
        Project, verbose_name=_("dự án"), on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveIntegerField(_("thứ tự"))
    code = models.CharField(_("mã khoản"), max_length=40)
    title_vi = models.CharField(_("tên khoản (tiếng Việt)"), max_length=200)
    title_en = models.CharField(_("tên khoản (tiếng Anh)"), max_length=200)
    group = models.CharField(_("nhóm"), max_length=16, choices=LineGroup.choices)
    quantity = models.DecimalField(_("khối lượng"), max_digits=24, decimal_places=6)
    unit = models.CharField(_("đơn vị"), max_length=20, blank=True)
    unit_price = models.DecimalField(
        _("đơn giá (đồng)"), max_digits=24, decimal_places=6, null=True, blank=True
    )
    coefficient = models.DecimalField(
        _("hệ số"), max_digits=24, decimal_places=6, null=True, blank=True
    )
    amount = models.BigIntegerField(_("thành tiền (đồng)"))
    formula = models.TextField(_("công thức"))
    citations = models.JSONField(_("căn cứ"), default=list)
    status = models.CharField(_("tình trạng"), max_length=20, choices=LineStatus.choices)
    decision_key = models.CharField(_("mã quyết định"), max_length=120, blank=True)
    options = models.JSONField(_("phương án lựa chọn"), default=list, blank=True)
    decision = models.JSONField(_("quyết định"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    ref = models.CharField(_("đối tượng"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("dòng tính")
        verbose_name_plural = pgettext_lazy("plural", "dòng tính")
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return f"{self.title_vi}: {self.amount}"

    @property
    def title(self) -> str:
        from django.utils.translation import get_language

        return self.title_en if (get_language() or "vi").startswith("en") else self.title_vi


class LineDecision(ScopedModel, BaseModel):
    """A named user's choice, with a reason, that settles an ambiguity of the law on a
    case (a `needs_confirmation` line). Active decisions are fed to every later
    computation of the case; a new decision on the same key replaces the old one."""

    case = models.ForeignKey(
        Case, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="decisions"
    )
    project = models.ForeignKey(
        Project, verbose_name=_("dự án"), on_delete=models.CASCADE, related_name="+"
    )
    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("xã/phường"), on_delete=models.PROTECT, related_name="+"
    )
    decision_key = models.CharField(_("mã quyết định"), max_length=120)
    choice = models.CharField(_("lựa chọn"), max_length=60)
    reason = models.TextField(_("lý do"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người quyết định"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    line = models.ForeignKey(
        CalculationLine,
        verbose_name=_("dòng tính"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        verbose_name = _("quyết định dòng tính")
        verbose_name_plural = pgettext_lazy("plural", "quyết định dòng tính")
        ordering = ["case", "decision_key", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "decision_key"],
                condition=models.Q(active=True),
                name="linedecision_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.decision_key} = {self.choice}"
