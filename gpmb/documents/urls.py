from django.urls import path

from gpmb.documents import views

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
    path("templates/", views.TemplateListView.as_view(), name="template_list"),
    path("templates/<slug:name>.docx", views.TemplateFileView.as_view(), name="template_file"),
]
