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
