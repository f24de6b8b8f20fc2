from django.urls import path

from gpmb.plans import views, views_pricing
from gpmb.plans import views_documents as docs

app_name = "plans"
urlpatterns = [
    path("calculator/", views.CalculatorView.as_view(), name="calculator"),
    path(
        "projects/<slug:code>/compute/",
        views.ProjectComputeView.as_view(),
        name="project_compute",
    ),
    path(
        "projects/<slug:code>/pricing/",
        views_pricing.PricingView.as_view(),
        name="project_pricing",
    ),
    path(
        "projects/<slug:code>/summary.<str:fmt>",
        docs.ProjectSummaryView.as_view(),
        name="project_summary",
    ),
    path("cases/<int:pk>/compute/", views.CaseComputeView.as_view(), name="case_compute"),
    path("versions/<int:pk>/", views.PlanVersionDetailView.as_view(), name="planversion_detail"),
    path("versions/<int:pk>/diff/", views.PlanVersionDiffView.as_view(), name="planversion_diff"),
    path("versions/<int:pk>/submit/", views.PlanSubmitView.as_view(), name="planversion_submit"),
    path("versions/<int:pk>/sheet.<str:fmt>", docs.PlanSheetView.as_view(), name="plan_sheet"),
    path("lines/<int:pk>/decide/", views.LineDecideView.as_view(), name="line_decide"),
]
