from django.urls import path

from gpmb.parties import views

app_name = "parties"
urlpatterns = [
    path("", views.HouseholdListView.as_view(), name="household_list"),
    path("<int:pk>/", views.HouseholdDetailView.as_view(), name="household_detail"),
]
