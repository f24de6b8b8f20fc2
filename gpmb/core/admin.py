from django.contrib import admin

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
    list_display = ("time", "user", "action", "content_type", "object_repr")
    list_filter = ("action", "content_type")


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("time", "user", "kind", "message")
    list_filter = ("kind",)


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "project", "commune", "active")
    list_filter = ("role", "active", "project")
    autocomplete_fields = ("commune",)
