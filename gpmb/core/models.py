"""Base models and the audit trail shared by every app."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gpmb.core.audit import serialize
from gpmb.core.choices import ChangeAction, Role


class TimeStampedModel(models.Model):
    """Adds creation and last-change times."""

    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class AuditedModel(models.Model):
    """Every create, edit and delete is written to `ObjectChange` (see core.audit).

    The values loaded from the database are kept so that an edit logs its before state
    without another query."""

    audit_exclude: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._audit_snapshot: dict[str, Any] | None = None

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> Any:
        instance = super().from_db(db, field_names, values)
        instance._audit_snapshot = serialize(instance)
        return instance


class BaseModel(TimeStampedModel, AuditedModel):
    """The base of GPMB's domain models: timestamps and the change log."""

    class Meta:
        abstract = True


class ObjectChange(models.Model):
    """One create, edit or delete of an audited record, with before and after values."""

    time = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    request_id = models.UUIDField(_("mã yêu cầu"), db_index=True)
    action = models.CharField(_("thao tác"), max_length=10, choices=ChangeAction.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.BigIntegerField(_("mã bản ghi"))
    object_repr = models.CharField(_("bản ghi"), max_length=200)
    before = models.JSONField(_("trước"), null=True, blank=True)
    after = models.JSONField(_("sau"), null=True, blank=True)
    changed_fields = models.JSONField(_("trường thay đổi"), default=list)

    class Meta:
        verbose_name = _("thay đổi dữ liệu")
        verbose_name_plural = pgettext_lazy("plural", "lịch sử thay đổi")
        ordering = ["-time", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-time"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    def diff(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) for every field that changed."""
        before = self.before or {}
        after = self.after or {}
        return [(name, before.get(name), after.get(name)) for name in self.changed_fields]


class AuditEvent(models.Model):
    """A domain event worth its own record: an approval, a payment, a notice, an override
    with its reason, a bulk import."""

    time = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("loại sự kiện"), max_length=60, db_index=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_id = models.BigIntegerField(_("mã bản ghi"), null=True, blank=True)
    message = models.TextField(_("nội dung"))
    reason = models.TextField(_("lý do"), blank=True)
    data = models.JSONField(_("dữ liệu"), default=dict, blank=True)

    class Meta:
        verbose_name = _("sự kiện nghiệp vụ")
        verbose_name_plural = pgettext_lazy("plural", "sự kiện nghiệp vụ")
        ordering = ["-time", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.message[:60]}"


def record_event(
    *,
    actor: Any | None,
    kind: str,
    message: str,
    target: models.Model | None = None,
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write a domain event. Services call this inside their transaction."""
    return AuditEvent.objects.create(
        user=actor if getattr(actor, "pk", None) else None,
        kind=kind,
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=target.pk if target is not None else None,
        message=message,
        reason=reason,
        data=data or {},
    )


class Assignment(BaseModel):
    """A user's role on a project (all projects when empty), optionally narrowed to one
    commune. Scoped querysets read these to decide what a user sees."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    role = models.CharField(_("vai trò"), max_length=30, choices=Role.choices)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("dự án"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
        help_text=_("Để trống: mọi dự án"),
    )
    commune = models.ForeignKey(
        "projects.AdminUnit",
        verbose_name=_("xã/phường"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Để trống: mọi xã/phường của dự án"),
    )
    active = models.BooleanField(_("đang hiệu lực"), default=True)

    class Meta:
        verbose_name = _("phân công")
        verbose_name_plural = pgettext_lazy("plural", "phân công")

    def __str__(self) -> str:
        scope = self.project.code if self.project else _("mọi dự án")
        if self.commune:
            scope = f"{scope} / {self.commune.name}"
        return f"{self.user} — {self.get_role_display()} ({scope})"
