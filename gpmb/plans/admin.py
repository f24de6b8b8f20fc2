"""Plans in the admin: readable, never editable. A posted or approved version is frozen
(Land Law 2024 Art. 87(3)) and every plan act is evidence; changes go through the
services (gpmb.plans.services), which check the roles and record the acts."""

from django.contrib import admin

from gpmb.core.admin import ReadOnlyAdmin
from gpmb.plans.models import BatchPlan, PlanAct, PlanVersion


@admin.register(PlanVersion)
class PlanVersionAdmin(ReadOnlyAdmin):
    list_display = ("case", "number", "status", "result_status", "net_amount", "created_at")
    list_filter = ("status", "result_status", "project")
    list_select_related = ("case__household", "case__batch")


@admin.register(BatchPlan)
class BatchPlanAdmin(ReadOnlyAdmin):
    list_display = ("batch", "commune", "status", "posting_start_date", "posting_end_date")
    list_filter = ("status", "project")
    list_select_related = ("batch__project", "commune")


@admin.register(PlanAct)
class PlanActAdmin(ReadOnlyAdmin):
    list_display = ("batch_plan", "kind", "document_number", "document_date", "actor", "created_at")
    list_filter = ("kind", "project")
    list_select_related = ("batch_plan__batch__project", "batch_plan__commune", "actor")
    exclude = ("versions",)
