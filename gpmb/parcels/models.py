"""Cadastral parcels and what each project takes of them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gpmb.core.bounds import within
from gpmb.core.models import BaseModel
from gpmb.core.permissions import ScopedModel
from gpmb.parcels.choices import (
    LandUse,
    PricePosition,
    RecoveredStrip,
    WholeRecovery,
)
from gpmb.projects.models import AdminUnit, Project

# 10,000 ha: larger than any one cadastral parcel (a forest lot), well inside the column.
AREA_MAX = 100_000_000


class Parcel(ScopedModel, BaseModel):
    """A cadastral parcel [LA_SpatialUnit], identified by commune, map sheet and parcel
    number. Geometry is WKB in the CRS named by `crs_epsg` (VN-2000 TM-3) with its
    bounding box in indexed columns for map and spatial queries."""

    scope_project = "impacts__project"
    scope_multi = True
    audit_exclude = ("min_x", "min_y", "max_x", "max_y")

    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("xã/phường"), on_delete=models.PROTECT, related_name="+"
    )
    map_sheet = models.CharField(_("tờ bản đồ số"), max_length=20)
    parcel_number = models.CharField(_("thửa đất số"), max_length=20)
    land_use_code = models.CharField(_("loại đất"), max_length=10, choices=LandUse.choices)
    certificate_area = models.DecimalField(
        _("diện tích theo GCN (m²)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=within(0, AREA_MAX),
    )
    measured_area = models.DecimalField(
        _("diện tích đo đạc (m²)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=within(0, AREA_MAX),
    )
    # A residential plot used partly as another land (a house with its garden, "ONT+CLN"
    # on the certificate or the cadastral record): what the part beyond the residential
    # area is used as, compensated as that land (Decree 88/2024 Art. 8, 9). Blank: not
    # recorded, and a plan that needs it says so. (db_default: bulk importers omit it.)
    remainder_land_use_code = models.CharField(
        _("loại đất phần ngoài hạn mức đất ở"),
        max_length=10,
        choices=LandUse.choices,
        blank=True,
        db_default="",
    )
    address = models.CharField(_("địa chỉ thửa đất"), max_length=300, blank=True)
    # Where the parcel sits in the price table: the road segment's id in the project's
    # policy pack and the position. Set by the compensation team, not by the survey; a
    # blank value is unknown and the land line says so rather than guessing.
    # (db_default: the bulk importers insert rows without these columns.)
    price_segment = models.CharField(
        _("đoạn đường theo bảng giá đất"), max_length=120, blank=True, db_default=""
    )
    price_position = models.CharField(
        _("vị trí theo bảng giá đất"),
        max_length=3,
        choices=PricePosition.choices,
        blank=True,
        db_default="",
    )
    # Depth from the pricing road's corridor line (regular plots), and the other roads of
    # the price table the parcel also fronts: a table may price by depth band and add to
    # corner plots (e.g. NQ 19/2025 Lào Cai Art. 6, 9).
    depth_m = models.DecimalField(
        _("chiều sâu thửa đất (m)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=within(0, 100_000),
    )
    other_segments = models.JSONField(
        _("đường khác thửa đất tiếp giáp (bảng giá)"), null=True, blank=True
    )
    geometry = models.BinaryField(_("hình thể (WKB)"), null=True, blank=True)
    crs_epsg = models.PositiveIntegerField(_("hệ tọa độ (EPSG)"), null=True, blank=True)
    min_x = models.FloatField(null=True, blank=True)
    min_y = models.FloatField(null=True, blank=True)
    max_x = models.FloatField(null=True, blank=True)
    max_y = models.FloatField(null=True, blank=True)
    source_file = models.CharField(_("tệp nguồn"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("thửa đất")
        verbose_name_plural = pgettext_lazy("plural", "thửa đất")
        ordering = ["commune", "map_sheet", "parcel_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "map_sheet", "parcel_number"], name="parcel_unique_number"
            ),
            models.CheckConstraint(
                condition=models.Q(certificate_area__gte=0) | models.Q(certificate_area=None),
                name="parcel_certificate_area_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(measured_area__gte=0) | models.Q(measured_area=None),
                name="parcel_measured_area_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["min_x", "min_y", "max_x", "max_y"], name="parcel_bbox")]

    def __str__(self) -> str:
        return _("Thửa %(number)s, tờ %(sheet)s") % {
            "number": self.parcel_number,
            "sheet": self.map_sheet,
        }


class ParcelImpact(ScopedModel, BaseModel):
    """What a project takes of a parcel: recovered area, remainder, and whether a
    remainder below the minimum parcel area is recovered too."""

    scope_commune = "parcel__commune"

    project = models.ForeignKey(
        Project, verbose_name=_("dự án"), on_delete=models.CASCADE, related_name="impacts"
    )
    parcel = models.ForeignKey(
        Parcel, verbose_name=_("thửa đất"), on_delete=models.CASCADE, related_name="impacts"
    )
    recovered_area = models.DecimalField(
        _("diện tích thu hồi (m²)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=within(0, AREA_MAX),
    )
    remainder_area = models.DecimalField(
        _("diện tích còn lại (m²)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=within(0, AREA_MAX),
    )
    remainder_below_minimum = models.BooleanField(
        _("phần còn lại nhỏ hơn diện tích tối thiểu"), default=False
    )
    whole_recovery = models.CharField(
        _("thu hồi cả thửa"),
        max_length=10,
        choices=WholeRecovery.choices,
        default=WholeRecovery.NOT_APPLICABLE,
    )
    recovered_strip = models.CharField(
        _("phần thu hồi nằm ở"),
        max_length=12,
        choices=RecoveredStrip.choices,
        blank=True,
        db_default="",  # the overlay inserts rows without it
    )

    class Meta:
        verbose_name = _("diện tích thu hồi của thửa")
        verbose_name_plural = pgettext_lazy("plural", "diện tích thu hồi của thửa")
        constraints = [
            models.UniqueConstraint(fields=["project", "parcel"], name="impact_unique_parcel")
        ]

    def __str__(self) -> str:
        return f"{self.project.code}: {self.parcel}"


class ReadToken(models.Model):
    """A read-only key with which a GIS client (QGIS, GDAL) reads the OGC API on behalf
    of a user: it sees exactly what the user may view. Only a hash is stored; the key is
    shown once when created (`gpmb create_read_token`, or the user's "Khóa đọc bản đồ"
    page). It works until it expires or is revoked."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="read_tokens",
    )
    name = models.CharField(_("tên"), max_length=100)
    key_hash = models.CharField(_("băm của khóa"), max_length=64, unique=True)
    prefix = models.CharField(_("đầu khóa"), max_length=8)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("khóa đọc dữ liệu bản đồ")
        verbose_name_plural = _("khóa đọc dữ liệu bản đồ")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
