from django.urls import path

from gpmb.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.ProjectListView.as_view(), name="project_list"),
    path("households.xlsx", views.HouseholdExportView.as_view(), name="household_export"),
    path("<slug:code>/", views.ProjectDetailView.as_view(), name="project_detail"),
]
