"""Resettlement: sites with their plots, who is entitled, draws and allocations (Land Law
2024 Art. 110-111; Decree 88/2024 Art. 24-26 as amended)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gpmb.cases.models import Case
from gpmb.core.models import BaseModel
from gpmb.core.permissions import ScopedModel
from gpmb.projects.models import AdminUnit, Batch, Project
from gpmb.resettlement.choices import (
    AllocationMethod,
    DrawStatus,
    EntitlementBasis,
    EntitlementChoice,
    EntitlementQuestion,
    PlotKind,
)


class Site(ScopedModel, BaseModel):
    """A resettlement site (khu tái định cư), in one commune, serving one or more
    projects, with the dates that make it ready: infrastructure done, land allocation
    possible (a family cannot be asked to move before then). It belongs to the projects
    it serves, not to the ward it lies in: every ward of a project reads it, and only
    an officer of the whole project changes it."""

    scope_project = "projects"
    scope_commune = "projects__segments__commune"
    scope_multi = True
    scope_spans_communes = True

    code = models.SlugField(_("mã khu"), max_length=40, unique=True)
    name = models.CharField(_("tên khu tái định cư"), max_length=200)
    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("xã/phường"), on_delete=models.PROTECT, related_name="+"
    )
    projects = models.ManyToManyField(
        Project, verbose_name=_("dự án phục vụ"), related_name="resettlement_sites"
    )
    location = models.CharField(_("vị trí"), max_length=300, blank=True)
    infrastructure_done = models.DateField(_("ngày hoàn thành hạ tầng"), null=True, blank=True)
    allocation_possible = models.DateField(_("ngày có thể giao đất"), null=True, blank=True)

    class Meta:
        verbose_name = _("khu tái định cư")
        verbose_name_plural = pgettext_lazy("plural", "khu tái định cư")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Plot(ScopedModel, BaseModel):
    """A plot (lô) or an apartment of a site. Its price is the land table × K at plan
    approval (Land Law Art. 111(3); Resolution 254 Art. 3(6)): the engine reads it from
    the plot's land-use code, road segment and position."""

    scope_project = "site__projects"
    scope_commune = "site__projects__segments__commune"
    scope_multi = True
    scope_spans_communes = True

    site = models.ForeignKey(
        Site, verbose_name=_("khu tái định cư"), on_delete=models.PROTECT, related_name="plots"
    )
    number = models.CharField(_("số lô"), max_length=30)
    kind = models.CharField(_("loại"), max_length=10, choices=PlotKind.choices, default="land")
    area = models.DecimalField(_("diện tích (m²)"), max_digits=10, decimal_places=1)
    land_use_code = models.CharField(_("loại đất"), max_length=10, default="ODT")
    segment = models.CharField(_("đoạn đường"), max_length=60, blank=True)
    position = models.CharField(_("vị trí"), max_length=10, default="VT1")
    # WKB in the CRS named by `crs_epsg` (the VN-2000 TM-3 zone of the site's project),
    # imported from a GIS file (gpmb.resettlement.importing); the web gets WGS 84.
    geometry = models.BinaryField(_("hình thể (WKB)"), null=True, blank=True)
    crs_epsg = models.PositiveIntegerField(_("hệ tọa độ (EPSG)"), null=True, blank=True)

    class Meta:
        verbose_name = _("lô tái định cư")
        verbose_name_plural = pgettext_lazy("plural", "lô tái định cư")
        ordering = ["site", "number"]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="plot_unique_number"),
            models.CheckConstraint(condition=models.Q(area__gt=0), name="plot_area_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.site.code} / {self.number}"


class Entitlement(ScopedModel, BaseModel):
    """That a case is entitled to resettlement, on which clause of the law, and what the
    household chose, with the date it chose."""

    case = models.OneToOneField(
        Case, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="entitlement"
    )
    project = models.ForeignKey(
        Project, verbose_name=_("dự án"), on_delete=models.PROTECT, related_name="+"
    )
    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("xã/phường"), on_delete=models.PROTECT, related_name="+"
    )
    basis = models.CharField(_("căn cứ"), max_length=20, choices=EntitlementBasis.choices)
    choice = models.CharField(_("nguyện vọng"), max_length=20, choices=EntitlementChoice.choices)
    choice_date = models.DateField(_("ngày đăng ký nguyện vọng"))
    note = models.TextField(_("ghi chú"), blank=True)
    # The engine's proposal the officer confirmed (gpmb.engine.entitlement.Proposal):
    # its basis, reasons, citations and the answers it rested on. Empty: recorded by hand.
    proposal = models.JSONField(_("đề xuất được xác nhận"), default=dict, blank=True)
    # Decree 88 Art. 26 (as amended by Decree 49): the household asks to record as debt the
    # land-use fee its land compensation does not cover, committing to hand over on time.
    debt_requested_on = models.DateField(
        _("ngày đề nghị ghi nợ tiền sử dụng đất"), null=True, blank=True
    )
    debt_commitment = models.TextField(_("cam kết bàn giao mặt bằng đúng tiến độ"), blank=True)

    class Meta:
        verbose_name = _("quyền được tái định cư")
        verbose_name_plural = pgettext_lazy("plural", "quyền được tái định cư")
        ordering = ["case"]

    def __str__(self) -> str:
        return f"{self.case} — {self.get_choice_display()}"


class EntitlementAnswer(ScopedModel, BaseModel):
    """A person's answer to a question the facts cannot settle for a case's entitlement
    (gpmb.engine.entitlement): another home in the commune, the households on the plot
    that can be registered apart, a wish for in-place resettlement — with its reason."""

    case = models.ForeignKey(
        Case, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="+"
    )
    project = models.ForeignKey(
        Project, verbose_name=_("dự án"), on_delete=models.PROTECT, related_name="+"
    )
    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("xã/phường"), on_delete=models.PROTECT, related_name="+"
    )
    question = models.CharField(_("câu hỏi"), max_length=30, choices=EntitlementQuestion.choices)
    answer = models.CharField(_("trả lời"), max_length=10)
    reason = models.TextField(_("căn cứ trả lời"))
    answered_on = models.DateField(_("ngày trả lời"))

    class Meta:
        verbose_name = _("trả lời về quyền tái định cư")
        verbose_name_plural = pgettext_lazy("plural", "trả lời về quyền tái định cư")
        ordering = ["case", "question"]
        constraints = [
            models.UniqueConstraint(fields=["case", "question"], name="answer_one_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.case} — {self.get_question_display()}: {self.answer}"


class Draw(ScopedModel, BaseModel):
    """A public draw of a site's free plots among a batch's entitled households
    (gpmb.resettlement.draw holds the rule). Published first — the inputs and the hash
    of the seed — then drawn: the seed is revealed and the value chosen in the room is
    added. Nothing of a published draw changes but its result."""

    # A draw spans the batch's wards: each ward reads it, the whole project holds it.
    scope_commune = "project__segments__commune"
    scope_multi = True
    scope_spans_communes = True

    site = models.ForeignKey(
        Site, verbose_name=_("khu tái định cư"), on_delete=models.PROTECT, related_name="draws"
    )
    batch = models.ForeignKey(
        Batch, verbose_name=_("đợt"), on_delete=models.PROTECT, related_name="+"
    )
    project = models.ForeignKey(
        Project, verbose_name=_("dự án"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=DrawStatus.choices, default="published"
    )
    inputs = models.JSONField(_("danh sách công bố"))
    inputs_hash = models.CharField(_("mã băm danh sách"), max_length=64)
    commitment = models.CharField(_("mã băm hạt giống"), max_length=64)
    # Kept secret until the draw: pages and exports show only `commitment` before then.
    seed = models.CharField(_("hạt giống"), max_length=64)
    published_on = models.DateField(_("ngày công bố"))
    public_value = models.CharField(_("giá trị bốc tại buổi bốc thăm"), max_length=40, blank=True)
    drawn_on = models.DateField(_("ngày bốc thăm"), null=True, blank=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người chủ trì"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("cuộc bốc thăm")
        verbose_name_plural = pgettext_lazy("plural", "cuộc bốc thăm")
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.site.code} / {self.batch.code} ({self.published_on:%d/%m/%Y})"


class Allocation(ScopedModel, BaseModel):
    """A plot given to a case. A refusal is dated and keeps the row (the plot is free
    again and the history stays); a plot or a case has at most one allocation in force."""

    case = models.ForeignKey(
        Case, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="allocations"
    )
    plot = models.ForeignKey(
        Plot, verbose_name=_("lô"), on_delete=models.PROTECT, related_name="allocations"
    )
    project = models.ForeignKey(
        Project, verbose_name=_("dự án"), on_delete=models.PROTECT, related_name="+"
    )
    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("xã/phường"), on_delete=models.PROTECT, related_name="+"
    )
    method = models.CharField(_("cách bố trí"), max_length=10, choices=AllocationMethod.choices)
    draw = models.ForeignKey(
        Draw,
        verbose_name=_("cuộc bốc thăm"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
    )
    allocated_on = models.DateField(_("ngày bố trí"))
    refused_on = models.DateField(_("ngày từ chối"), null=True, blank=True)
    refusal_reason = models.TextField(_("lý do từ chối"), blank=True)

    class Meta:
        verbose_name = _("bố trí tái định cư")
        verbose_name_plural = pgettext_lazy("plural", "bố trí tái định cư")
        ordering = ["plot", "allocated_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plot"],
                condition=models.Q(refused_on__isnull=True),
                name="allocation_one_per_plot",
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(refused_on__isnull=True),
                name="allocation_one_per_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plot} → {self.case}"
