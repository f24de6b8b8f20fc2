from django.urls import path

from gpmb.reports import dashboards
from gpmb.reports.queries import ScopeKind

app_name = "dashboard"
urlpatterns = [
    path("", dashboards.DashboardView.as_view(kind=ScopeKind.CITY), name="city"),
    path("wards/<slug:code>/", dashboards.DashboardView.as_view(kind=ScopeKind.WARD), name="ward"),
    path(
        "projects/<slug:code>/",
        dashboards.DashboardView.as_view(kind=ScopeKind.PROJECT),
        name="project",
    ),
    path("blockers/", dashboards.BlockedHouseholdsView.as_view(), name="blockers"),
    path("blockers/summary/", dashboards.BlockerSummaryView.as_view(), name="blocker_summary"),
    path("blockers/price-fix/", dashboards.PriceFixView.as_view(), name="price_fix"),
    path(
        "targets/template.xlsx", dashboards.TargetsTemplateView.as_view(), name="targets_template"
    ),
    path("targets/import/", dashboards.targets_upload, name="targets_upload"),
    path("targets/import/<int:pk>/", dashboards.targets_preview, name="targets_preview"),
    path("targets/", dashboards.TargetsView.as_view(), name="targets"),
    path("review/", dashboards.ReviewStartView.as_view(), name="review_start"),
    path("review/<int:pk>/file/", dashboards.ReviewFileView.as_view(), name="review_file"),
]
