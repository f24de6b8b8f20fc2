"""The registers of issued documents (DESIGN.md Layout, "documents"): each issuing body
numbers its documents from 1 each calendar year (Decree 30/2020/NĐ-CP Art. 15(1): "Số
của văn bản là số thứ tự văn bản do cơ quan, tổ chức ban hành trong một năm"). A
generated document takes its number once: generating it again gives the same number."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gpmb.projects.models import Project


class NumberRegister(models.Model):
    """The last number an issuing body gave in a year: the row locked while the next
    numbers are allocated, so two users never get the same one."""

    body = models.CharField(_("cơ quan ban hành"), max_length=200)
    year = models.PositiveIntegerField(_("năm"))
    last = models.PositiveIntegerField(_("số cuối đã cấp"), default=0)

    class Meta:
        verbose_name = _("sổ đăng ký số văn bản")
        verbose_name_plural = pgettext_lazy("plural", "sổ đăng ký số văn bản")
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="numberregister_body_year")
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.year}: {self.last}"


class IssuedNumber(models.Model):
    """One number given to one document: its body, year, number and symbol
    ("12/QĐ-UBND"), the kind of document and the object it is about (`key`, e.g.
    "approval_decision:batchplan:7"), so the same document keeps its number."""

    project = models.ForeignKey(
        Project, verbose_name=_("dự án"), on_delete=models.CASCADE, related_name="+"
    )
    body = models.CharField(_("cơ quan ban hành"), max_length=200)
    year = models.PositiveIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số"))
    symbol = models.CharField(_("ký hiệu"), max_length=40)
    kind = models.CharField(_("loại văn bản"), max_length=40)
    key = models.CharField(_("văn bản"), max_length=120, unique=True)
    issued_at = models.DateTimeField(_("cấp số lúc"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cấp số"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("số văn bản đã cấp")
        verbose_name_plural = pgettext_lazy("plural", "số văn bản đã cấp")
        ordering = ["body", "year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "number"], name="issuednumber_unique_number"
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """As printed after "Số:": "12/QĐ-UBND"."""
        return f"{self.number}/{self.symbol}"
