"""Compensation plans: versions of a case's plan, their calculation lines and the
decisions that settle the law's ambiguities."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gpmb.cases.models import Case
from gpmb.core.audit import serialize
from gpmb.core.bounds import within
from gpmb.core.models import BaseModel
from gpmb.core.permissions import ScopedModel
from gpmb.plans.choices import (
    FROZEN_STATUSES,
    CostItem,
    LineGroup,
    LineStatus,
    PlanActKind,
    PlanStatus,
)
from gpmb.policy.models import PolicyPack
from gpmb.projects.models import AdminUnit, Batch, Project


class FrozenPlanError(Exception):
    """An edit of a posted or approved plan version, or of its lines: refused whoever
    asks (a service, the admin, the shell). An adjustment is a new version."""


class BatchPlan(ScopedModel, BaseModel):
    """The compensation plan of one batch in one commune (Land Law 2024 Art. 87(3); Decree
    88/2024 Art. 3(1)): the set of household plan versions posted together, frozen and
    hashed when posted, which then moves as one through consultation, appraisal and
    approval. Its status changes only through the transition services
    (gpmb.plans.services); each change is a `PlanAct` with its document."""

    project = models.ForeignKey(
        Project, verbose_name=_("dự án"), on_delete=models.CASCADE, related_name="+"
    )
    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("xã/phường"), on_delete=models.PROTECT, related_name="+"
    )
    batch = models.ForeignKey(
        Batch, verbose_name=_("đợt"), on_delete=models.PROTECT, related_name="batch_plans"
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.POSTED
    )
    frozen_hash = models.CharField(
        _("mã băm khi niêm yết"),
        max_length=64,
        help_text=_("SHA-256 của dữ kiện, gói chính sách, dòng tính và tổng của mọi phương án"),
    )
    posting_start_date = models.DateField(_("ngày bắt đầu niêm yết"))
    posting_end_date = models.DateField(_("ngày kết thúc niêm yết"))
    # When the next step is due (the pack's periods): what the worklists call overdue.
    due_date = models.DateField(_("hạn bước tiếp theo"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trình"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("phương án của đợt")
        verbose_name_plural = pgettext_lazy("plural", "phương án của đợt")
        ordering = ["batch", "commune", "-pk"]
        indexes = [models.Index(fields=["project", "commune", "status"])]

    def __str__(self) -> str:
        return f"{self.batch} — {self.commune.name} ({self.posting_start_date:%d/%m/%Y})"


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
    batch_plan = models.ForeignKey(
        BatchPlan,
        verbose_name=_("phương án của đợt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="versions",
    )
    # db_default: versions are written in bulk by column (gpmb.core.bulk), without it.
    frozen_hash = models.CharField(
        _("mã băm khi niêm yết"), max_length=64, blank=True, default="", db_default=""
    )

    # What the transitions change on a frozen version; everything else is its content.
    WORKFLOW_FIELDS = frozenset({"status", "batch_plan", "frozen_hash"})

    class Meta:
        verbose_name = _("phiên bản phương án")
        verbose_name_plural = pgettext_lazy("plural", "phiên bản phương án")
        ordering = ["case", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="planversion_unique_number")
        ]
        indexes = [models.Index(fields=["project", "commune", "status"])]
        permissions = [
            ("post_planversion", _("Niêm yết phương án")),
            ("consult_planversion", _("Ghi kết quả lấy ý kiến, đối thoại")),
            ("submit_planversion", _("Trình thẩm định phương án")),
            ("appraise_planversion", _("Thẩm định hoặc trả lại phương án")),
            ("approve_planversion", _("Phê duyệt phương án")),
        ]

    def __str__(self) -> str:
        return f"{self.case} v{self.number}"

    @property
    def is_frozen(self) -> bool:
        return self.status in FROZEN_STATUSES

    def save(self, *args: object, **kwargs: object) -> None:
        """A frozen version never changes its content, from any code path (Land Law 2024
        Art. 87(3): what was posted is what is consulted on, appraised and approved)."""
        before = self._audit_snapshot
        if self.pk is not None and before and before.get("status") in FROZEN_STATUSES:
            now = serialize(self)
            changed = {k for k, v in now.items() if before.get(k, v) != v}
            if changed - self.WORKFLOW_FIELDS:
                raise FrozenPlanError(
                    _("Phương án %(plan)s đã niêm yết hoặc phê duyệt: không được sửa (%(fields)s).")
                    % {"plan": self, "fields": ", ".join(sorted(changed - self.WORKFLOW_FIELDS))}
                )
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        if self.is_frozen:
            raise FrozenPlanError(
                _("Phương án %(plan)s đã niêm yết hoặc phê duyệt: không được xóa.") % {"plan": self}
            )
        return super().delete(*args, **kwargs)  # type: ignore[arg-type]

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

    def _refuse_if_frozen(self) -> None:
        if (
            self.pk is not None
            and PlanVersion.objects.filter(pk=self.plan_id, status__in=FROZEN_STATUSES).exists()
        ):
            raise FrozenPlanError(
                _("Dòng tính của phương án đã niêm yết hoặc phê duyệt: không được sửa, xóa.")
            )

    def save(self, *args: object, **kwargs: object) -> None:
        self._refuse_if_frozen()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        self._refuse_if_frozen()
        return super().delete(*args, **kwargs)  # type: ignore[arg-type]


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


class PlanAct(ScopedModel, BaseModel):
    """One legal act on a batch's plan, with its document: the posting (start and end),
    the consultation (agree / disagree / other counts and the dialogue minutes), the
    submission for appraisal, a return with its reasons, the appraisal, the approval
    decision. Written once by its transition service, with the versions it covered and
    their hash at that moment; never edited."""

    batch_plan = models.ForeignKey(
        BatchPlan,
        verbose_name=_("phương án của đợt"),
        on_delete=models.CASCADE,
        related_name="acts",
    )
    project = models.ForeignKey(
        Project, verbose_name=_("dự án"), on_delete=models.CASCADE, related_name="+"
    )
    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("xã/phường"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("loại"), max_length=16, choices=PlanActKind.choices)
    from_status = models.CharField(_("từ trạng thái"), max_length=12, choices=PlanStatus.choices)
    to_status = models.CharField(_("sang trạng thái"), max_length=12, choices=PlanStatus.choices)
    document_number = models.CharField(_("số văn bản"), max_length=60, blank=True)
    document_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    signer = models.CharField(_("người ký"), max_length=200, blank=True)
    start_date = models.DateField(_("từ ngày"), null=True, blank=True)
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    agree_count = models.PositiveIntegerField(_("số ý kiến đồng ý"), null=True, blank=True)
    disagree_count = models.PositiveIntegerField(_("số ý kiến không đồng ý"), null=True, blank=True)
    other_count = models.PositiveIntegerField(_("số ý kiến khác"), null=True, blank=True)
    dialogue_ref = models.CharField(_("biên bản đối thoại"), max_length=200, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    content_hash = models.CharField(_("mã băm các phương án"), max_length=64)
    version_count = models.PositiveIntegerField(_("số hồ sơ"))
    versions = models.ManyToManyField(
        PlanVersion, verbose_name=_("phiên bản phương án"), related_name="acts", blank=True
    )

    class Meta:
        verbose_name = _("bước pháp lý của phương án")
        verbose_name_plural = pgettext_lazy("plural", "bước pháp lý của phương án")
        ordering = ["batch_plan", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.batch_plan}"


class CostEstimateLine(ScopedModel, BaseModel):
    """One item of the estimate of what organising the compensation of a batch plan
    costs (Decree 88/2024 Art. 27(1), (4), (5)): made by the compensation organisation
    from the norms in force, or from actual needs where there are none, and approved with
    the plan (Art. 27(2) as amended by Decree 226/2025). Not a household's money: the
    plan's budget (Art. 3(1)(g))."""

    scope_project = "batch_plan__project"
    scope_commune = "batch_plan__commune"

    batch_plan = models.ForeignKey(
        BatchPlan,
        verbose_name=_("phương án của đợt"),
        on_delete=models.CASCADE,
        related_name="cost_lines",
    )
    item = models.CharField(_("nội dung chi"), max_length=10, choices=CostItem.choices)
    amount = models.BigIntegerField(_("dự toán (đồng)"), validators=within(0, 10**14))
    basis = models.CharField(_("căn cứ (định mức, đơn giá hoặc theo thực tế)"), max_length=300)

    class Meta:
        verbose_name = _("dòng dự toán chi phí tổ chức thực hiện")
        verbose_name_plural = pgettext_lazy("plural", "dòng dự toán chi phí tổ chức thực hiện")
        constraints = [
            models.UniqueConstraint(fields=["batch_plan", "item"], name="cost_line_one_per_item"),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="cost_line_amount_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.batch_plan} — {self.get_item_display()}"
