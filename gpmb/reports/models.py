"""Targets (chỉ tiêu) a review reports against: one per period, scope and indicator."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gpmb.core.models import BaseModel
from gpmb.core.permissions import ScopedModel
from gpmb.reports.choices import IndicatorKind, ScopeLevel


class Target(ScopedModel, BaseModel):
    """The plan of one indicator for one period (2026-H1, 2026) in one scope (the city, a
    ward by its code, a project by its code), with the instrument that set it. An
    indicator computed from the records has no `actual` here; an entered one (budget
    revenue, land auction revenue, public-investment disbursement) has its actual and
    where it comes from. Set by leadership of the whole system, or for a ward's own
    targets by leadership assigned to that ward (gpmb.reports.services.may_set_target)."""

    scope_project = None
    scope_commune = None

    period = models.CharField(_("kỳ"), max_length=7)
    scope = models.CharField(_("phạm vi"), max_length=10, choices=ScopeLevel.choices)
    unit_code = models.CharField(_("mã xã/phường hoặc dự án"), max_length=40, blank=True)
    kind = models.CharField(_("chỉ tiêu"), max_length=30, choices=IndicatorKind.choices)
    planned = models.DecimalField(
        _("kế hoạch"), max_digits=22, decimal_places=2, null=True, blank=True
    )
    actual = models.DecimalField(
        _("thực hiện (chỉ tiêu nhập)"), max_digits=22, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(_("căn cứ, nguồn số liệu"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = pgettext_lazy("plural", "chỉ tiêu")
        ordering = ["period", "scope", "unit_code", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "scope", "unit_code", "kind"], name="target_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.scope}:{self.unit_code} {self.kind}"


class CaseProgress(models.Model):
    """What the dashboards read of one case, derived from its records and kept by the
    services that change them (gpmb.core.changes → gpmb.reports.progress.refresh): the
    dates the case earned "inventoried" and "approved" (its first step done earning that
    status or a later one), its handover date, its approved amount (the approved plan in
    force) and its latest computed amount, the principal paid and the money deposited
    with the latest date of any of them, the due dates of its open steps, the recovered
    area of the parcels only it holds, and what holds it: its latest plan's lines that
    are not ok, an unconfirmed origin, a deposit. Never typed, never added to: `refresh`
    recomputes a row from the records, so it cannot drift."""

    case = models.OneToOneField(
        "cases.Case",
        verbose_name=_("hồ sơ"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("dự án"), on_delete=models.CASCADE, related_name="+"
    )
    commune = models.ForeignKey(
        "projects.AdminUnit",
        verbose_name=_("xã/phường"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    household = models.ForeignKey(
        "parties.Household", verbose_name=_("hộ"), on_delete=models.CASCADE, related_name="+"
    )
    inventoried_date = models.DateField(_("ngày đạt bước kiểm đếm"), null=True)
    approved_date = models.DateField(_("ngày đạt bước phê duyệt"), null=True)
    handover_date = models.DateField(_("ngày bàn giao"), null=True)
    approved_amount = models.BigIntegerField(_("số tiền được duyệt (đồng)"), null=True)
    computed_amount = models.BigIntegerField(_("số tiền tính gần nhất (đồng)"), null=True)
    paid = models.BigIntegerField(_("đã chi trả (đồng)"), default=0)
    deposited = models.BigIntegerField(_("đã gửi (đồng)"), default=0)
    # The latest date of a plan version, a ledger entry or a deposit of the case: the
    # money figures are those of any day from it on.
    money_date = models.DateField(_("ngày ghi tiền gần nhất"), null=True)
    has_deposit = models.BooleanField(_("có tiền gửi"), default=False)
    # The deadlines of the steps still open (period "by", applicable, not done), sorted.
    # (The count and the latest let a grouped query count the steps past their deadline
    # where all are; the list is read only where some are.)
    next_due_date = models.DateField(_("hạn sớm nhất của bước chưa xong"), null=True)
    last_due_date = models.DateField(_("hạn muộn nhất của bước chưa xong"), null=True)
    open_steps = models.PositiveSmallIntegerField(_("số bước chưa xong có hạn"), default=0)
    open_due_dates = models.JSONField(_("hạn các bước chưa xong"), default=list)
    # The recovered area of the parcels held by this household alone, in this project and
    # commune, when the household has no other case; else `area_shared` and the
    # dashboards read the areas of such households from the parcels themselves.
    area = models.DecimalField(_("diện tích thu hồi (m²)"), max_digits=14, decimal_places=2)
    area_shared = models.BooleanField(_("thửa dùng chung"), default=False)
    origin_unconfirmed = models.BooleanField(_("chưa xác nhận nguồn gốc đất"), default=False)
    # [[status, code, title], …] of the latest version's lines not ok; null when none.
    open_lines = models.JSONField(_("dòng tính chưa ổn"), null=True)

    class Meta:
        verbose_name = _("tiến độ hồ sơ")
        verbose_name_plural = pgettext_lazy("plural", "tiến độ hồ sơ")
        indexes = [models.Index(fields=["project", "commune"])]

    def __str__(self) -> str:
        return str(self.case_id)
