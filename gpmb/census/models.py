"""Census rounds (điều tra, kiểm đếm) and the inventory of what each household loses.

A round belongs to a batch and has a cut-off date (the recovery notice date by default).
Closing a round freezes it: its items are written to a snapshot whose SHA-256 is kept,
and no service edits them again. A mistake found afterwards in one household's line is
an InventoryCorrection (with its reason and evidence) on top of the frozen row, not an
edit of it. A later round (kiểm đếm bổ sung) starts as a copy of the previous one (as
corrected) and is compared with it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gpmb.cases.models import Case
from gpmb.census.choices import (
    CensusKind,
    CensusStatus,
    CorrectionAction,
    CropType,
    CutoffStatus,
    GraveType,
    ItemKind,
    ItemSource,
    StructureCase,
    StructureClass,
    Unit,
)
from gpmb.core.bounds import within
from gpmb.core.models import BaseModel
from gpmb.core.permissions import ScopedModel, ScopedQuerySet
from gpmb.core.vnformat import format_number
from gpmb.parties.choices import Relation
from gpmb.parties.models import Household
from gpmb.projects.models import Batch, Project


class Census(ScopedModel, BaseModel):
    """An inventory round of one batch with its cut-off date (mốc khóa số liệu)."""

    scope_commune = "batch__project__segments__commune"
    scope_multi = True
    scope_spans_communes = True

    project = models.ForeignKey(
        Project, verbose_name=_("dự án"), on_delete=models.CASCADE, related_name="censuses"
    )
    batch = models.ForeignKey(
        Batch, verbose_name=_("đợt thu hồi"), on_delete=models.CASCADE, related_name="censuses"
    )
    number = models.PositiveSmallIntegerField(_("lần kiểm đếm"))
    kind = models.CharField(
        _("loại"), max_length=16, choices=CensusKind.choices, default=CensusKind.INITIAL
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=CensusStatus.choices, default=CensusStatus.OPEN
    )
    cutoff_date = models.DateField(
        _("mốc khóa số liệu"),
        help_text=_("Mặc định là ngày thông báo thu hồi đất của đợt"),
        validators=within(dt.date(1980, 1, 1), dt.date(2100, 12, 31)),
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("lần kiểm đếm trước"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("khóa lúc"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người khóa"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    snapshot_hash = models.CharField(_("mã băm SHA-256"), max_length=64, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("lần kiểm đếm")
        verbose_name_plural = pgettext_lazy("plural", "lần kiểm đếm")
        ordering = ["project", "batch", "number"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "number"], name="census_unique_number"),
            models.UniqueConstraint(
                fields=["batch"],
                condition=models.Q(status="open"),
                name="census_one_open_per_batch",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.batch} — {_('lần')} {self.number}"

    @property
    def is_closed(self) -> bool:
        return self.status == CensusStatus.CLOSED


class CensusSnapshot(models.Model):
    """The frozen content of a closed round: canonical JSON and its SHA-256."""

    census = models.OneToOneField(
        Census, verbose_name=_("lần kiểm đếm"), on_delete=models.CASCADE, related_name="snapshot"
    )
    data = models.JSONField(_("dữ liệu"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("bản chốt số liệu kiểm đếm")
        verbose_name_plural = pgettext_lazy("plural", "bản chốt số liệu kiểm đếm")

    def __str__(self) -> str:
        return f"{self.census} {self.sha256[:12]}"


class InventoryItemQuerySet(ScopedQuerySet):
    def counted(self) -> InventoryItemQuerySet:
        """Items that count for entitlement: before the cut-off, or admitted."""
        return self.filter(cutoff_status__in=[CutoffStatus.ELIGIBLE, CutoffStatus.ADMITTED])

    def excluded(self) -> InventoryItemQuerySet:
        return self.filter(cutoff_status=CutoffStatus.POST_CUTOFF)


class InventoryItem(ScopedModel, BaseModel):
    """One line of a household's inventory in one round: a house, a structure, trees of
    one species and size, a crop area, graves, livestock, a business, things to move, or
    a person living there. Its natural key is (round, household, kind, line number)."""

    scope_commune = "case__commune"

    project = models.ForeignKey(
        Project, verbose_name=_("dự án"), on_delete=models.CASCADE, related_name="+"
    )
    census = models.ForeignKey(
        Census, verbose_name=_("lần kiểm đếm"), on_delete=models.CASCADE, related_name="items"
    )
    case = models.ForeignKey(
        Case, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="inventory_items"
    )
    household = models.ForeignKey(
        Household, verbose_name=_("hộ"), on_delete=models.CASCADE, related_name="inventory_items"
    )
    kind = models.CharField(_("loại tài sản"), max_length=12, choices=ItemKind.choices)
    line_no = models.PositiveIntegerField(_("số thứ tự"))
    name = models.CharField(_("tên, mô tả"), max_length=200)
    unit = models.CharField(_("đơn vị tính"), max_length=10, choices=Unit.choices)
    # The ranges (core.bounds) fit what each field measures and always fit its column: a
    # national ID typed as a tree count, or 10^20 m³, is refused by every input path.
    quantity = models.DecimalField(
        _("khối lượng"), max_digits=14, decimal_places=2, validators=within(0, 10_000_000)
    )
    price_code = models.CharField(
        _("mã đơn giá"),
        max_length=60,
        blank=True,
        help_text=_("Mã dòng trong bảng đơn giá của gói chính sách, ví dụ nha-cap-4, nhan/A"),
    )
    # Houses and structures (Land Law 2024 Art. 102; Decree 88/2024 Art. 14).
    structure_class = models.CharField(
        _("cấp, loại công trình"), max_length=12, choices=StructureClass.choices, blank=True
    )
    floor_area = models.DecimalField(
        _("diện tích sàn (m²)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=within(0, 1_000_000),
    )
    floors = models.PositiveSmallIntegerField(
        _("số tầng"), null=True, blank=True, validators=within(1, 200)
    )
    year_built = models.PositiveSmallIntegerField(
        _("năm xây dựng"), null=True, blank=True, validators=within(1800, 2100)
    )
    # The rare cases the engine prices by their own rule (gpmb/engine/rules/assets.py
    # `expired_permit`, `power_corridor`).
    special_case = models.CharField(
        _("trường hợp riêng"),
        max_length=20,
        choices=StructureCase.choices,
        blank=True,
        help_text=_(
            "Giấy phép hết hạn: hỗ trợ tháo dỡ, không bồi thường (Luật Đất đai 2024 Điều 105 "
            "khoản 3; Nghị định 88/2024 Điều 21 khoản 2). Hành lang lưới điện: mức của tỉnh "
            "(ví dụ QĐ 18/2025/QĐ-UBND Lào Cai Điều 9)."
        ),
    )
    remaining_quality = models.DecimalField(
        _("chất lượng còn lại (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=within(0, 100),
    )
    # Trees and crops (Land Law 2024 Art. 103; Decree 88/2024 Art. 14a).
    crop_type = models.CharField(
        _("nhóm cây trồng"), max_length=12, choices=CropType.choices, blank=True
    )
    diameter_cm = models.DecimalField(
        _("đường kính gốc (cm)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=within(0, 2_000),
    )
    age_years = models.PositiveSmallIntegerField(
        _("tuổi cây (năm)"), null=True, blank=True, validators=within(0, 2_000)
    )
    density = models.DecimalField(
        _("mật độ (cây/m²)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=within(0, 10_000),
    )
    # The garden a tree line stands in: the density norm is counted on it (Decree 88/2024
    # Art. 14a; the province's "mật độ" rule), so the census records it with the trees.
    garden_area = models.DecimalField(
        _("diện tích vườn (m²)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=within(0, 10_000_000),
    )
    # Livestock (Decree 88/2024 Art. 21(1)): the moving cost is priced by weight.
    weight_kg = models.DecimalField(
        _("trọng lượng bình quân (kg/con)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=within(0, 10_000),
    )
    # Graves (Decree 88/2024 Art. 15).
    grave_type = models.CharField(
        _("loại mộ"), max_length=10, choices=GraveType.choices, blank=True
    )
    # Businesses (Decree 88/2024 Art. 20): after-tax income, integer đồng a year.
    annual_income = models.BigIntegerField(
        _("thu nhập sau thuế bình quân (đồng/năm)"),
        null=True,
        blank=True,
        validators=within(0, 10**13),
    )
    # People living there.
    birth_year = models.PositiveSmallIntegerField(
        _("năm sinh"), null=True, blank=True, validators=within(1880, 2100)
    )
    relation = models.CharField(
        _("quan hệ với chủ hộ"), max_length=12, choices=Relation.choices, blank=True
    )
    origin_date = models.DateField(
        _("ngày phát sinh"),
        null=True,
        blank=True,
        help_text=_("Ngày xây dựng, trồng, chuyển đến; sau mốc khóa số liệu thì không được tính"),
        validators=within(dt.date(1800, 1, 1), dt.date(2100, 12, 31)),
    )
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    cutoff_status = models.CharField(
        _("so với mốc khóa số liệu"),
        max_length=12,
        choices=CutoffStatus.choices,
        default=CutoffStatus.ELIGIBLE,
        db_index=True,
    )
    admitted_at = models.DateTimeField(_("chấp nhận lúc"), null=True, blank=True)
    admitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người chấp nhận"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    admission_reason = models.TextField(_("lý do chấp nhận"), blank=True)
    admission_evidence = models.TextField(_("chứng cứ"), blank=True)
    source = models.CharField(
        _("nguồn"), max_length=10, choices=ItemSource.choices, default=ItemSource.WEB
    )
    submission_key = models.CharField(_("mã phiếu điều tra"), max_length=80, blank=True)
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("từ lần kiểm đếm trước"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = InventoryItemQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("tài sản kiểm đếm")
        verbose_name_plural = pgettext_lazy("plural", "tài sản kiểm đếm")
        ordering = ["household", "kind", "line_no"]
        permissions = [
            ("import_inventoryitem", _("Nhập số liệu kiểm đếm")),
            ("export_inventoryitem", _("Xuất số liệu kiểm đếm")),
            ("admit_inventoryitem", _("Chấp nhận tài sản phát sinh sau mốc khóa số liệu")),
            ("correct_inventoryitem", _("Đính chính tài sản của lần kiểm đếm đã khóa")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["census", "household", "kind", "line_no"], name="item_natural_key"
            ),
            models.CheckConstraint(condition=models.Q(quantity__gte=0), name="item_quantity_gte_0"),
            models.CheckConstraint(
                condition=models.Q(remaining_quality__isnull=True)
                | models.Q(remaining_quality__gte=0, remaining_quality__lte=100),
                name="item_quality_percent",
            ),
        ]
        indexes = [models.Index(fields=["project", "census", "household"])]

    def __str__(self) -> str:
        return f"{self.household_id}/{self.kind}/{self.line_no} {self.name}"

    @property
    def quantity_display(self) -> str:
        """ "12" for 12 trees, "62,5" for 62.50 m² — Vietnamese, without trailing zeros."""
        value = self.quantity
        if value is None:
            return ""
        return format_number(value.normalize() if value == value.to_integral() else value)

    @property
    def counts(self) -> bool:
        return self.cutoff_status != CutoffStatus.POST_CUTOFF


class InventoryCorrection(ScopedModel, BaseModel):
    """A correction (đính chính) of one line of a closed round for one household, with
    its reason and evidence. The round stays frozen (its snapshot and hash do not
    change) and the batch is not reopened: the line's latest correction is what the
    inventory record shows and what the next computation counts. `values` holds every
    value field of the line as corrected (and its cut-off status), `before` what it was.

    `action`: CHANGE a line's values; ADD a line missed by the count (its item is written
    to the round with source CORRECTION, outside the frozen snapshot; `before` is empty);
    REMOVE a line counted by mistake (it stays in the round, shown as removed, and is no
    longer counted; a later CHANGE puts it back)."""

    scope_commune = "case__commune"

    project = models.ForeignKey(
        Project, verbose_name=_("dự án"), on_delete=models.CASCADE, related_name="+"
    )
    census = models.ForeignKey(
        Census, verbose_name=_("lần kiểm đếm"), on_delete=models.CASCADE, related_name="+"
    )
    case = models.ForeignKey(
        Case, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="+"
    )
    item = models.ForeignKey(
        InventoryItem,
        verbose_name=_("tài sản"),
        on_delete=models.CASCADE,
        related_name="corrections",
    )
    action = models.CharField(
        _("đính chính"),
        max_length=10,
        choices=CorrectionAction.choices,
        default=CorrectionAction.CHANGE,
    )
    values = models.JSONField(_("giá trị sau đính chính"), encoder=DjangoJSONEncoder)
    before = models.JSONField(_("giá trị trước đính chính"), encoder=DjangoJSONEncoder)
    reason = models.TextField(_("lý do"))
    evidence = models.TextField(_("chứng cứ"))
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đính chính"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("đính chính kiểm đếm")
        verbose_name_plural = pgettext_lazy("plural", "đính chính kiểm đếm")
        ordering = ["item", "pk"]
        indexes = [models.Index(fields=["case", "census"])]

    def __str__(self) -> str:
        return f"{_('Đính chính')} #{self.pk} {self.item}"

    @property
    def removes(self) -> bool:
        """Whether this correction takes its line out of what counts."""
        return self.action == CorrectionAction.REMOVE

    def typed_values(self) -> dict[str, Any]:
        """The corrected values as the item's fields hold them (Decimal, date, int)."""
        fields = {f.name: f for f in InventoryItem._meta.concrete_fields}
        return {name: fields[name].to_python(value) for name, value in self.values.items()}

    def apply(self, item: InventoryItem) -> None:
        """Show `item` as corrected (in memory only; the frozen row is never saved)."""
        for name, value in self.typed_values().items():
            setattr(item, name, value)


class InventoryAttachment(BaseModel):
    """A photo or scanned paper supporting an item (or its admission after the cut-off)."""

    item = models.ForeignKey(
        InventoryItem,
        verbose_name=_("tài sản"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("tệp"), upload_to="census/%Y/%m/")
    caption = models.CharField(_("chú thích"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("ảnh, tài liệu kèm theo")
        verbose_name_plural = pgettext_lazy("plural", "ảnh, tài liệu kèm theo")

    def __str__(self) -> str:
        return self.caption or str(self.file.name)


class FieldSubmission(BaseModel):
    """A KoboToolbox / ODK submission already imported, by its instance key, so the
    same phone upload is never counted twice."""

    census = models.ForeignKey(
        Census, verbose_name=_("lần kiểm đếm"), on_delete=models.CASCADE, related_name="+"
    )
    household = models.ForeignKey(
        Household, verbose_name=_("hộ"), on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(_("mã phiếu"), max_length=80)
    source = models.CharField(_("nguồn"), max_length=10, choices=ItemSource.choices)

    class Meta:
        verbose_name = _("phiếu điều tra đã nhập")
        verbose_name_plural = pgettext_lazy("plural", "phiếu điều tra đã nhập")
        constraints = [
            models.UniqueConstraint(
                fields=["census", "household", "key"], name="submission_unique_key"
            )
        ]

    def __str__(self) -> str:
        return self.key
