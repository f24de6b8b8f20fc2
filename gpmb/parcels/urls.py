from django.urls import path

from gpmb.parcels import views

app_name = "parcels"
urlpatterns = [
    path("<int:pk>/", views.ParcelDetailView.as_view(), name="parcel_detail"),
    path("<int:pk>/edit/", views.ParcelEditView.as_view(), name="parcel_edit"),
]
