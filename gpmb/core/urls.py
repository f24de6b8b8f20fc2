from django.urls import path

from gpmb.core import views

app_name = "core"
urlpatterns = [
    path(
        "history/<str:app_label>/<str:model>/<int:pk>/",
        views.ObjectHistoryView.as_view(),
        name="object_history",
    ),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/progress/", views.job_progress, name="job_progress"),
]
