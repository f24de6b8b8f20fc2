from django.urls import path

from gpmb.resettlement import views

app_name = "resettlement"
urlpatterns = [
    path("", views.SiteListView.as_view(), name="site_list"),
    path("projects/<slug:code>/", views.ProjectResettlementView.as_view(), name="project"),
    path("sites/<int:pk>/", views.SiteDetailView.as_view(), name="site_detail"),
    path("sites/<int:pk>/draws/", views.draw_publish_view, name="draw_publish"),
    path("draws/<int:pk>/", views.DrawDetailView.as_view(), name="draw_detail"),
    path("draws/<int:pk>/inputs.json", views.draw_inputs, name="draw_inputs"),
    path("draws/<int:pk>/run/", views.draw_run_view, name="draw_run"),
]
