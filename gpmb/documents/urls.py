from django.urls import path

from gpmb.documents import payment_views, views

app_name = "documents"
urlpatterns = [
    path("plans/<int:pk>/sheet.<str:fmt>", views.PlanSheetView.as_view(), name="plan_sheet"),
    path(
        "projects/<slug:code>/summary.<str:fmt>",
        views.ProjectSummaryView.as_view(),
        name="project_summary",
    ),
    path(
        "cases/<int:pk>/inventory-record.<str:fmt>",
        views.InventoryRecordView.as_view(),
        name="inventory_record",
    ),
    path(
        "batch-plans/<int:pk>/approval-decision.<str:fmt>",
        views.ApprovalDecisionView.as_view(),
        name="approval_decision",
    ),
    path(
        "batch-plans/<int:pk>/plan.<str:fmt>",
        views.PlanOverviewView.as_view(),
        name="plan_overview",
    ),
    path(
        "batch-plans/<int:pk>/posting-list.<str:fmt>",
        views.PostingListView.as_view(),
        name="posting_list",
    ),
    path(
        "batches/<int:pk>/communes/<str:commune>/recovery-notice.<str:fmt>",
        views.RecoveryNoticeView.as_view(),
        name="recovery_notice",
    ),
    path(
        "recovery-decisions/<int:pk>.<str:fmt>",
        views.RecoveryDecisionView.as_view(),
        name="recovery_decision",
    ),
    path(
        "cases/<int:pk>/steps/<slug:code>.<str:fmt>",
        views.CaseStepDocumentView.as_view(),
        name="case_step_document",
    ),
    path("draws/<int:pk>/minutes.<str:fmt>", views.DrawMinutesView.as_view(), name="draw_minutes"),
    path(
        "draws/<int:pk>/allocation-decision.<str:fmt>",
        views.AllocationDecisionView.as_view(),
        name="allocation_decision",
    ),
    path(
        "allocations/<int:pk>/handover-minutes.<str:fmt>",
        views.PlotHandoverMinutesView.as_view(),
        name="plot_handover_minutes",
    ),
    path("acts/<int:pk>.<str:fmt>", views.ActDocumentView.as_view(), name="act_document"),
    path("plans/<int:pk>/notice.<str:fmt>", views.HouseholdNoticeView.as_view(), name="notice"),
    path("batch-plans/<int:pk>/notices/", views.NoticesStartView.as_view(), name="notices"),
    path("jobs/<int:pk>/notices.zip", views.JobFileView.as_view(), name="job_file"),
    path(
        "payments/<int:pk>/receipt.<str:fmt>",
        payment_views.PaymentReceiptView.as_view(),
        name="payment_receipt",
    ),
    path(
        "handovers/<int:pk>/minutes.<str:fmt>",
        payment_views.HandoverMinutesView.as_view(),
        name="handover_minutes",
    ),
    path("templates/", views.TemplateListView.as_view(), name="template_list"),
    path("templates/<slug:name>.docx", views.TemplateFileView.as_view(), name="template_file"),
]
