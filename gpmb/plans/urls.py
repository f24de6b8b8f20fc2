from django.urls import path

from gpmb.plans import views

app_name = "plans"
urlpatterns = [
    path("calculator/", views.CalculatorView.as_view(), name="calculator"),
    path(
        "projects/<slug:code>/compute/",
        views.ProjectComputeView.as_view(),
        name="project_compute",
    ),
    path("cases/<int:pk>/compute/", views.CaseComputeView.as_view(), name="case_compute"),
    path("versions/<int:pk>/", views.PlanVersionDetailView.as_view(), name="planversion_detail"),
    path("versions/<int:pk>/diff/", views.PlanVersionDiffView.as_view(), name="planversion_diff"),
    path("versions/<int:pk>/submit/", views.PlanSubmitView.as_view(), name="planversion_submit"),
    path("lines/<int:pk>/decide/", views.LineDecideView.as_view(), name="line_decide"),
]
