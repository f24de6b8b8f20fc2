"""Cases in Django's admin (superusers only): looked at, never moved. A case's status is
earned from its steps through gpmb.cases.services, so the admin shows it read-only, and
the steps themselves are recorded on the batch and household pages, not here."""

from django.contrib import admin

from gpmb.cases.models import BatchProcedure, Case, Step
from gpmb.core.admin import ReadOnlyAdmin


class StepInline(admin.TabularInline):
    model = Step
    fields = ("position", "title", "due_date", "done_date", "document_number", "not_applicable")
    readonly_fields = fields
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("household", "batch", "project", "commune", "status")
    list_filter = ("status", "project")
    fields = ("household", "batch", "project", "commune", "status")
    readonly_fields = fields
    inlines = [StepInline]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Step)
class StepAdmin(ReadOnlyAdmin):
    list_display = ("case", "position", "title", "due_date", "done_date", "not_applicable")
    list_filter = ("code", "project")


@admin.register(BatchProcedure)
class BatchProcedureAdmin(ReadOnlyAdmin):
    list_display = ("batch", "pack_code")
