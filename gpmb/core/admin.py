from django.contrib import admin

from gpmb.core.models import AuditEvent, ObjectChange


@admin.register(ObjectChange)
class ObjectChangeAdmin(admin.ModelAdmin):
    list_display = ("time", "user", "action", "content_type", "object_repr")
    list_filter = ("action", "content_type")
    readonly_fields = [f.name for f in ObjectChange._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ObjectChangeAdmin):
    list_display = ("time", "user", "kind", "message")
    list_filter = ("kind",)
    readonly_fields = [f.name for f in AuditEvent._meta.fields]
