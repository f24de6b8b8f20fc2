"""Cases: one household in one batch, the unit that moves through the legal steps."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gpmb.cases.choices import CaseStatus
from gpmb.core.models import BaseModel
from gpmb.core.permissions import ScopedModel
from gpmb.parties.models import Household
from gpmb.projects.models import AdminUnit, Batch, Project


class Case(ScopedModel, BaseModel):
    """A household's file (hồ sơ) in one batch of a project. `project` and `commune` are
    kept on the row (the commune whose segment holds the land) so scoping and progress
    counts need no joins."""

    household = models.ForeignKey(
        Household, verbose_name=_("hộ"), on_delete=models.PROTECT, related_name="cases"
    )
    batch = models.ForeignKey(
        Batch, verbose_name=_("đợt"), on_delete=models.PROTECT, related_name="cases"
    )
    project = models.ForeignKey(
        Project, verbose_name=_("dự án"), on_delete=models.PROTECT, related_name="cases"
    )
    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("xã/phường"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.NOTIFIED
    )

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = pgettext_lazy("plural", "hồ sơ")
        ordering = ["project", "household__code"]
        constraints = [
            models.UniqueConstraint(fields=["household", "batch"], name="case_unique_batch")
        ]
        indexes = [models.Index(fields=["project", "commune", "status"])]
        permissions = [
            ("compute_case", _("Tính toán phương án bồi thường, hỗ trợ, tái định cư")),
            ("decide_case", _("Quyết định dòng tính cần xác nhận")),
        ]

    def __str__(self) -> str:
        return f"{self.household.code} / {self.batch.code}"
