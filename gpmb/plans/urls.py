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
    path("worklist/", views.WorklistView.as_view(), name="worklist"),
    path("batches/<int:pk>/", views.BatchPlansView.as_view(), name="batch_plans"),
    path(
        "batches/<int:pk>/communes/<int:commune_pk>/post/",
        views.BatchPlanPostView.as_view(),
        name="batchplan_post",
    ),
    path("batch-plans/<int:pk>/", views.BatchPlanDetailView.as_view(), name="batchplan_detail"),
    path(
        "batch-plans/<int:pk>/cost-estimate/",
        views.CostEstimateView.as_view(),
        name="batchplan_cost_estimate",
    ),
    *(
        path(
            f"batch-plans/<int:pk>/{action}/",
            views.BatchPlanActView.as_view(action=action),
            name=f"batchplan_{action}",
        )
        for action in views.ACT_RULES
    ),
]
