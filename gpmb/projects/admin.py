from django.contrib import admin

from gpmb.projects.models import AdminUnit, Batch, Project, Segment


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")


class SegmentInline(admin.TabularInline):
    model = Segment
    extra = 0
    autocomplete_fields = ("commune",)


class BatchInline(admin.TabularInline):
    model = Batch
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "crs_epsg", "approving_authority")
    search_fields = ("code", "name")
    autocomplete_fields = ("province",)
    inlines = [SegmentInline, BatchInline]
