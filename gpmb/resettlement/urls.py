from django.urls import path

from gpmb.resettlement import views

app_name = "resettlement"
urlpatterns = [
    path("", views.SiteListView.as_view(), name="site_list"),
    path("projects/<slug:code>/", views.ProjectResettlementView.as_view(), name="project"),
    path("sites/<int:pk>/", views.SiteDetailView.as_view(), name="site_detail"),
    path("sites/<int:pk>/draws/", views.draw_publish_view, name="draw_publish"),
    path("sites/<int:pk>/map/", views.SiteMapView.as_view(), name="site_map"),
    path("sites/<int:pk>/plots.geojson", views.site_plots, name="site_plots"),
    path("sites/<int:pk>/plots/import/", views.plots_upload, name="plots_upload"),
    path("plot-imports/<int:pk>/", views.plots_preview, name="plots_preview"),
    path("draws/<int:pk>/", views.DrawDetailView.as_view(), name="draw_detail"),
    path("draws/<int:pk>/inputs.json", views.draw_inputs, name="draw_inputs"),
    path("draws/<int:pk>/run/", views.draw_run_view, name="draw_run"),
    path(
        "batches/<int:pk>/entitlements/",
        views.BatchEntitlementsView.as_view(),
        name="batch_entitlements",
    ),
    path("cases/<int:pk>/answer/", views.entitlement_answer_view, name="entitlement_answer"),
    path("cases/<int:pk>/confirm/", views.entitlement_confirm_view, name="entitlement_confirm"),
    path("cases/<int:pk>/debt/", views.debt_request_view, name="debt_request"),
]
