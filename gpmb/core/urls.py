from django.urls import path

from gpmb.core import views

app_name = "core"
urlpatterns = [
    path(
        "history/<str:app_label>/<str:model>/<int:pk>/",
        views.ObjectHistoryView.as_view(),
        name="object_history",
    ),
]
