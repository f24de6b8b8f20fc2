from django.urls import path

from gpmb.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.HouseholdListView.as_view(), name="household_list"),
    path("<int:pk>/", views.HouseholdDetailView.as_view(), name="household_detail"),
]
