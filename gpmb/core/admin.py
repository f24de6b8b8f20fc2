from typing import Any

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from gpmb.core.audit import mask_personal
from gpmb.core.models import Assignment, AuditEvent, ObjectChange


class ReadOnlyAdmin(admin.ModelAdmin):
    """The audit trail is evidence: nobody edits or deletes it, not even an administrator."""

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(ObjectChange)
class ObjectChangeAdmin(ReadOnlyAdmin):
    """Before and after with national IDs, phones and addresses masked: the audit trail
    is read to see who changed what, not to copy people's data (Decree 13/2023)."""

    list_display = ("time", "user", "action", "content_type", "object_repr")
    list_filter = ("action", "content_type")
    fields = (
        "time",
        "user",
        "request_id",
        "action",
        "content_type",
        "object_id",
        "object_repr",
        "changed_fields",
        "before_masked",
        "after_masked",
    )
    readonly_fields = fields

    @admin.display(description=_("trước"))
    def before_masked(self, obj: ObjectChange) -> Any:
        return mask_personal(obj.before)

    @admin.display(description=_("sau"))
    def after_masked(self, obj: ObjectChange) -> Any:
        return mask_personal(obj.after)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("time", "user", "kind", "message")
    list_filter = ("kind",)


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "project", "commune", "active")
    list_filter = ("role", "active", "project")
    autocomplete_fields = ("commune",)
