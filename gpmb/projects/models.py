"""Administrative units, projects, their segments per commune, batches and clearance
boundaries."""

from __future__ import annotations

import re

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gpmb.core.models import BaseModel
from gpmb.core.permissions import ScopedModel
from gpmb.core.vnformat import fold
from gpmb.projects.choices import ApprovingAuthority, BatchStatus, ProjectKind, UnitLevel


class AdminUnit(models.Model):
    """A province/city or a commune/ward/special zone with its official code
    (package `vietnam-provinces`, units after 1 July 2025); retired units keep history."""

    code = models.CharField(_("mã"), max_length=10, unique=True)
    name = models.CharField(_("tên"), max_length=120)
    level = models.CharField(_("cấp"), max_length=10, choices=UnitLevel.choices)
    division_type = models.CharField(_("loại đơn vị"), max_length=40, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thuộc"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    retired_date = models.DateField(_("ngày giải thể/sáp nhập"), null=True, blank=True)

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = pgettext_lazy("plural", "đơn vị hành chính")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def slug(self) -> str:
        """The policy packs' name for the unit: "Phường Lê Chân" → "phuong-le-chan"."""
        return re.sub(r"[^a-z0-9]+", "-", fold(self.name)).strip("-")

    @property
    def kind(self) -> str:
        """phường → "ward"; xã and special zones → "commune" (rates that differ by kind)."""
        return "ward" if fold(self.division_type or self.name).startswith("phuong") else "commune"


class Project(ScopedModel, BaseModel):
    """A project for which land is recovered (a road, a bridge, a park)."""

    scope_project = "pk"
    scope_commune = "segments__commune"
    scope_multi = True
    scope_spans_communes = True
    audit_exclude = ("centreline",)

    code = models.SlugField(_("mã dự án"), max_length=40, unique=True)
    name = models.CharField(_("tên dự án"), max_length=300)
    investor = models.CharField(_("chủ đầu tư"), max_length=200, blank=True)
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)
    kind = models.CharField(_("loại dự án"), max_length=10, choices=ProjectKind.choices)
    province = models.ForeignKey(
        AdminUnit,
        verbose_name=_("tỉnh/thành phố"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": UnitLevel.PROVINCE},
    )
    crs_epsg = models.PositiveIntegerField(
        _("hệ tọa độ (EPSG)"), help_text=_("VN-2000 múi 3°, ví dụ 9210 cho Hải Phòng")
    )
    approving_authority = models.CharField(
        _("cấp phê duyệt"),
        max_length=20,
        choices=ApprovingAuthority.choices,
        default=ApprovingAuthority.COMMUNE_CHAIRMAN,
    )
    policy_pack_code = models.CharField(_("gói chính sách"), max_length=60, blank=True)
    capital_plan = models.BigIntegerField(_("kế hoạch vốn (đồng)"), null=True, blank=True)
    length_m = models.DecimalField(
        _("chiều dài tuyến (m)"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    # The alignment's centreline of a linear project (WKB, in the project's CRS): the
    # handed-over parcels projected onto it give the kilometres of clean land.
    centreline = models.BinaryField(_("tim tuyến (WKB)"), null=True, blank=True)
    start_date = models.DateField(_("ngày bắt đầu"), null=True, blank=True)
    target_handover_date = models.DateField(_("hạn bàn giao mặt bằng"), null=True, blank=True)
    is_illustrative = models.BooleanField(_("dữ liệu minh họa"), default=False)

    class Meta:
        verbose_name = _("dự án")
        verbose_name_plural = pgettext_lazy("plural", "dự án")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Segment(ScopedModel, BaseModel):
    """The part of a project in one commune: each commune prepares plans for its own."""

    project = models.ForeignKey(
        Project, verbose_name=_("dự án"), on_delete=models.CASCADE, related_name="segments"
    )
    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("xã/phường"), on_delete=models.PROTECT, related_name="+"
    )
    length_m = models.DecimalField(
        _("chiều dài (m)"), max_digits=10, decimal_places=1, null=True, blank=True
    )

    class Meta:
        verbose_name = _("đoạn/phần dự án theo xã")
        verbose_name_plural = pgettext_lazy("plural", "đoạn/phần dự án theo xã")
        ordering = ["project", "commune__name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "commune"], name="segment_unique_commune")
        ]

    def __str__(self) -> str:
        return f"{self.project.code} — {self.commune.name}"


class Batch(ScopedModel, BaseModel):
    """A recovery phase (đợt) of a project with its own dates."""

    scope_commune = "project__segments__commune"
    scope_multi = True
    scope_spans_communes = True

    project = models.ForeignKey(
        Project, verbose_name=_("dự án"), on_delete=models.CASCADE, related_name="batches"
    )
    code = models.CharField(_("mã đợt"), max_length=20)
    name = models.CharField(_("tên đợt"), max_length=200)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=BatchStatus.choices, default=BatchStatus.PREPARING
    )
    notice_date = models.DateField(_("ngày thông báo thu hồi đất"), null=True, blank=True)
    target_handover_date = models.DateField(_("hạn bàn giao"), null=True, blank=True)

    class Meta:
        verbose_name = _("đợt thu hồi")
        verbose_name_plural = pgettext_lazy("plural", "đợt thu hồi")
        ordering = ["project", "code"]
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="batch_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.project.code} / {self.name}"


class Boundary(ScopedModel, BaseModel):
    """The clearance boundary (chỉ giới GPMB) of a project, one row per version: a new
    survey or an adjusted alignment adds a version and the recovered areas of every
    parcel are recomputed against it (gpmb.parcels.overlay)."""

    scope_commune = "project__segments__commune"
    scope_multi = True
    scope_spans_communes = True
    audit_exclude = ("geometry",)

    project = models.ForeignKey(
        Project, verbose_name=_("dự án"), on_delete=models.CASCADE, related_name="boundaries"
    )
    version = models.PositiveIntegerField(_("phiên bản"))
    geometry = models.BinaryField(_("hình thể (WKB)"))
    crs_epsg = models.PositiveIntegerField(_("hệ tọa độ (EPSG)"))
    area = models.DecimalField(_("diện tích (m²)"), max_digits=14, decimal_places=2)
    source_file = models.CharField(_("tệp nguồn"), max_length=300, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    summary = models.JSONField(_("kết quả chồng xếp"), default=dict, blank=True)

    class Meta:
        verbose_name = _("chỉ giới GPMB")
        verbose_name_plural = _("chỉ giới GPMB")
        ordering = ["project", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["project", "version"], name="boundary_unique_version")
        ]

    def __str__(self) -> str:
        return _("Chỉ giới %(project)s, phiên bản %(version)s") % {
            "project": self.project.code,
            "version": self.version,
        }
