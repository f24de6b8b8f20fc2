from django.urls import path

from gpmb.policy import views

app_name = "policy"
urlpatterns = [
    path("", views.PackListView.as_view(), name="policypack_list"),
    path("<int:pk>/", views.PackDetailView.as_view(), name="policypack_detail"),
]
