"""Policy packs in the database: one immutable row per version of a pack file.

A pack file (gpmb/policy/packs/*.yaml) is validated by the engine and stored with its
digest; a changed file becomes a new row, never an edit, so a plan computed last month
still names the exact values it used."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gpmb.core.permissions import ScopedModel, ScopedQuerySet


class PolicyPackQuerySet(ScopedQuerySet):
    def newest(self, code: str) -> PolicyPack | None:
        """The latest loaded version of the pack `code`, in force or not yet."""
        return self.filter(code=code).order_by("-loaded_at", "-pk").first()

    def current(self, code: str, on: dt.date | None = None) -> PolicyPack | None:
        """The version of the pack `code` in force on `on` (today): the latest loaded
        whose validity has started — a version published ahead of its date waits for it."""
        versions = self.filter(code=code).order_by("-loaded_at", "-pk")
        day = on or timezone.localdate()
        return versions.filter(valid_from__lte=day).first() or versions.first()


class PolicyPack(ScopedModel):
    """One version of a policy pack, keyed by code and digest (sha256 of the file's
    canonical content). Rows are never edited; `source_text` is the YAML as loaded.
    Packs are public law and province decisions, not project data: any role granted
    `policy.view_policypack` sees all of them."""

    scope_project = None
    scope_commune = None

    code = models.CharField(_("mã gói"), max_length=60, db_index=True)
    digest = models.CharField(_("mã băm SHA-256"), max_length=64)
    series = models.CharField(_("dãy gói"), max_length=60)
    title = models.CharField(_("tên gói"), max_length=300)
    jurisdiction = models.CharField(_("địa phương"), max_length=200, blank=True)
    valid_from = models.DateField(_("hiệu lực từ ngày"))
    valid_to = models.DateField(_("hiệu lực đến ngày"), null=True, blank=True)
    extends = models.CharField(_("kế thừa gói"), max_length=60, blank=True)
    illustrative = models.BooleanField(_("số liệu minh họa"), default=False)
    instruments = models.JSONField(_("văn bản căn cứ"), default=dict)
    params = models.JSONField(
        _("tham số"),
        default=list,
        help_text=_("Mọi tham số có hiệu lực (kể cả kế thừa) với giá trị và nguồn"),
    )
    source_name = models.CharField(_("tệp nguồn"), max_length=200)
    source_text = models.TextField(_("nội dung tệp"))
    loaded_at = models.DateTimeField(_("nạp lúc"), auto_now_add=True)

    objects = PolicyPackQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("gói chính sách")
        verbose_name_plural = pgettext_lazy("plural", "gói chính sách")
        ordering = ["code", "-loaded_at"]
        constraints = [
            models.UniqueConstraint(fields=["code", "digest"], name="policypack_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.digest[:12]})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("A policy pack version is immutable: load a new version instead.")
        super().save(*args, **kwargs)

    @property
    def missing_count(self) -> int:
        return sum(1 for p in self.params if p.get("missing"))
