"""Base models and the audit trail shared by every app."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from gpmb.core.audit import jsonable, serialize_values
from gpmb.core.choices import ChangeAction, JobStatus, Role

# Who does a write: a logged-in user, or None where the system acts (a migration, a
# command run without --user). Services take it as `actor`.
Actor = User | None


class TimeStampedModel(models.Model):
    """Adds creation and last-change times."""

    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True

    @property
    def edit_stamp(self) -> str:
        """What an edit form remembers of the record it was opened on (check_version)."""
        return self.updated_at.isoformat() if self.updated_at else ""


class EditConflict(Exception):
    """The record changed after the user opened it; nothing was saved."""


def check_version(locked: TimeStampedModel, seen: str | None) -> None:
    """Refuse an edit made on a page opened before the record's last change: saving it
    would silently put back what someone else had just changed. `seen` is None where
    no page was opened (a command, an import), which checks nothing."""
    if seen is not None and seen != locked.edit_stamp:
        when = timezone.localtime(locked.updated_at)
        raise EditConflict(
            gettext(
                "Bản ghi này đã được sửa lúc %(time)s sau khi bạn mở trang; thay đổi của bạn "
                "chưa được lưu. Hãy xem giá trị mới rồi lưu lại nếu vẫn muốn sửa."
            )
            % {"time": f"{when:%H:%M:%S %d/%m/%Y}"}
        )


class AuditedModel(models.Model):
    """Every create, edit and delete is written to `ObjectChange` (see core.audit).

    The values loaded from the database are kept so that an edit logs its before state
    without another query."""

    audit_exclude: tuple[str, ...] = ()
    # Bulk writes (gpmb.core.bulk) log every created and changed row too; a model whose
    # rows are records in themselves, written once and never edited, may say False.
    audit_bulk_writes: ClassVar[bool] = True

    class Meta:
        abstract = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._audit_before: dict[str, Any] | None = None
        self._audit_loaded: dict[str, Any] | None = None

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> Any:
        instance = super().from_db(db, field_names, values)
        # The values as loaded, made JSON-ready only when an edit logs them: most loaded
        # rows are only read (a page, a guard), and serialising each on load cost more
        # than loading it. JSON values are written down at once, so an edit made in place
        # is still seen.
        instance._audit_loaded = {
            k: jsonable(v) if isinstance(v, dict | list) else v
            for k, v in instance.__dict__.items()
        }
        return instance

    @property
    def _audit_snapshot(self) -> dict[str, Any] | None:
        """The audited values as loaded from the database (None for a new instance)."""
        if self._audit_before is None and self._audit_loaded is not None:
            self._audit_before = serialize_values(type(self), self._audit_loaded)
            self._audit_loaded = None
        return self._audit_before

    @_audit_snapshot.setter
    def _audit_snapshot(self, value: dict[str, Any] | None) -> None:
        self._audit_before, self._audit_loaded = value, None


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
    actor: Actor,
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


class Upload(models.Model):
    """A file a user sent for an import: received within its kind's size limit, kept
    while it is previewed, checked and written, and deleted with its record when nobody
    has used it after `settings.GPMB_UPLOAD_RETENTION_HOURS` (an abandoned preview keeps
    no personal data). A file that was written into the project stays as the source of
    what was imported."""

    kind = models.CharField(_("loại tệp"), max_length=30)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("dự án"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    file = models.FileField(_("tệp"), upload_to="uploads/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=300)
    size = models.BigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    options = models.JSONField(_("tùy chọn đọc tệp"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    used_at = models.DateTimeField(_("đã ghi vào dữ liệu lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tệp tải lên")
        verbose_name_plural = pgettext_lazy("plural", "tệp tải lên")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name


class Job(models.Model):
    """Long work run by the background worker (`gpmb worker`), with the progress the
    page shows and the outcome: a result for the page that started it, or the reason it
    failed. Jobs take ids, not objects (`params`)."""

    kind = models.CharField(_("loại việc"), max_length=40, db_index=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("dự án"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    upload = models.ForeignKey(
        Upload,
        verbose_name=_("tệp"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jobs",
    )
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    stage = models.CharField(_("bước"), max_length=40, blank=True)
    done = models.PositiveIntegerField(_("đã xử lý"), default=0)
    total = models.PositiveIntegerField(_("tổng số"), default=0)
    message = models.TextField(_("kết quả"), blank=True)
    result = models.JSONField(_("dữ liệu kết quả"), default=dict, blank=True)
    next_url = models.CharField(_("trang kết quả"), max_length=300, blank=True)
    worker = models.CharField(_("tiến trình chạy"), max_length=80, blank=True)
    created_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("báo tiến độ lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("việc chạy nền")
        verbose_name_plural = pgettext_lazy("plural", "việc chạy nền")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "heartbeat_at"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status not in (JobStatus.QUEUED, JobStatus.RUNNING)
