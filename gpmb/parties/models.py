"""People and organisations, households, and the tenure that links them to parcels."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gpmb.core.bounds import within
from gpmb.core.models import BaseModel
from gpmb.core.permissions import ScopedModel
from gpmb.core.vnformat import fold
from gpmb.parties.choices import Gender, LandOrigin, PartyKind, Relation, Right, Violation
from gpmb.projects.models import AdminUnit


def mask_national_id(value: str) -> str:
    """Show only the last 3 digits: "001085012345" → "*********345" (Decree 13/2023)."""
    if not value:
        return ""
    return "*" * max(len(value) - 3, 0) + value[-3:]


def mask_phone(value: str) -> str:
    digits = value.strip()
    if len(digits) <= 4:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 5) + digits[-2:]


class Party(BaseModel):
    """A person or organisation [LA_Party], known across projects and communes by its
    national ID (personal data: shown masked to roles that do not need it)."""

    audit_exclude = ("search_name",)

    kind = models.CharField(
        _("loại"), max_length=12, choices=PartyKind.choices, default=PartyKind.PERSON
    )
    full_name = models.CharField(_("họ và tên / tên tổ chức"), max_length=200)
    search_name = models.CharField(
        _("tên không dấu (tìm kiếm)"), max_length=200, db_index=True, editable=False
    )
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    gender = models.CharField(_("giới tính"), max_length=6, choices=Gender.choices, blank=True)
    national_id = models.CharField(
        _("số định danh cá nhân / mã số thuế"), max_length=20, blank=True, db_index=True
    )
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    address = models.CharField(_("địa chỉ thường trú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("người sử dụng đất")
        verbose_name_plural = pgettext_lazy("plural", "người sử dụng đất")
        ordering = ["full_name"]
        permissions = [("view_national_id", _("Xem số định danh, điện thoại, địa chỉ"))]
        constraints = [
            models.UniqueConstraint(
                fields=["national_id"],
                condition=~models.Q(national_id=""),
                name="party_unique_national_id",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_name = fold(self.full_name)
        super().save(*args, **kwargs)

    @property
    def national_id_masked(self) -> str:
        return mask_national_id(self.national_id)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)


class Household(ScopedModel, BaseModel):
    """A household [LA_GroupParty]: the unit that is compensated and resettled. It is seen
    by whoever may see one of its cases (its land lies in their project and commune)."""

    scope_project = "cases__project"
    scope_commune = "cases__commune"
    scope_multi = True

    code = models.CharField(_("mã hộ"), max_length=30, unique=True)
    head = models.ForeignKey(
        Party,
        verbose_name=_("chủ hộ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="headed_households",
    )
    commune = models.ForeignKey(
        AdminUnit,
        verbose_name=_("xã/phường nơi cư trú"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    is_poor = models.BooleanField(_("hộ nghèo"), default=False)
    is_policy_family = models.BooleanField(_("gia đình chính sách"), default=False)
    # Decree 88/2024 Art. 19(1)(b): life-stabilisation support is banded by the share of
    # the agricultural land the household uses that is recovered; the commune confirms
    # the whole area in use (inside and outside the project). Empty: not confirmed yet.
    agricultural_area_in_use = models.DecimalField(
        _("diện tích đất nông nghiệp đang sử dụng (m²)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=within(0, 100_000_000),
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("hộ gia đình")
        verbose_name_plural = pgettext_lazy("plural", "hộ gia đình")
        ordering = ["code"]

    def __str__(self) -> str:
        head = self.head.full_name if self.head_id and self.head else ""
        return f"{self.code} — {head}" if head else self.code


class HouseholdMember(BaseModel):
    """A member of a household; `counts_for_support` marks who counts for per-person
    supports (Decree 88/2024 Art. 19(1)(d), added by Decree 226/2025)."""

    household = models.ForeignKey(
        Household, verbose_name=_("hộ"), on_delete=models.CASCADE, related_name="members"
    )
    party = models.ForeignKey(
        Party, verbose_name=_("thành viên"), on_delete=models.PROTECT, related_name="memberships"
    )
    relation = models.CharField(_("quan hệ với chủ hộ"), max_length=12, choices=Relation.choices)
    counts_for_support = models.BooleanField(_("tính hỗ trợ theo nhân khẩu"), default=True)

    class Meta:
        verbose_name = _("nhân khẩu")
        verbose_name_plural = pgettext_lazy("plural", "nhân khẩu")
        ordering = ["household", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["household", "party"], name="member_unique_party")
        ]

    def __str__(self) -> str:
        return f"{self.party} ({self.get_relation_display()})"


class Tenure(ScopedModel, BaseModel):
    """A household's (or party's) right on a parcel [LA_RRR] with the facts eligibility
    is decided from: origin, certificate, start of stable use, violation."""

    scope_project = "parcel__impacts__project"
    scope_commune = "parcel__commune"
    scope_multi = True

    parcel = models.ForeignKey(
        "parcels.Parcel",
        verbose_name=_("thửa đất"),
        on_delete=models.PROTECT,
        related_name="tenures",
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("hộ sử dụng"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tenures",
    )
    party = models.ForeignKey(
        Party,
        verbose_name=_("người đứng tên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tenures",
    )
    right = models.CharField(
        _("quyền"), max_length=16, choices=Right.choices, default=Right.USE_RIGHT
    )
    origin = models.CharField(_("nguồn gốc đất"), max_length=20, choices=LandOrigin.choices)
    certificate_number = models.CharField(_("số giấy chứng nhận"), max_length=40, blank=True)
    certificate_date = models.DateField(_("ngày cấp GCN"), null=True, blank=True)
    stable_use_start_date = models.DateField(
        _("thời điểm bắt đầu sử dụng ổn định"), null=True, blank=True
    )
    violation = models.CharField(
        _("vi phạm"), max_length=16, choices=Violation.choices, default=Violation.NONE
    )
    share = models.DecimalField(
        _("tỷ lệ sở hữu"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    evidence = models.TextField(_("giấy tờ, chứng cứ"), blank=True)
    # Decree 88/2024 Art. 25(3): land compensated without a certificate is paid less the
    # land-use fee or rent due as if certified at plan approval. The tax office's figure,
    # integer đồng; empty: not determined yet (the plan then says so).
    certification_fee = models.BigIntegerField(
        _("tiền sử dụng đất phải nộp như khi được cấp GCN (đồng)"),
        null=True,
        blank=True,
        validators=within(0, 10**14),
    )

    class Meta:
        verbose_name = _("quyền sử dụng đất")
        verbose_name_plural = pgettext_lazy("plural", "quyền sử dụng đất")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(household__isnull=False) | models.Q(party__isnull=False),
                name="tenure_has_holder",
            )
        ]

    def __str__(self) -> str:
        holder = self.household or self.party
        return f"{holder} — {self.parcel}"
