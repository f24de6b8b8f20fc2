from django.urls import path

from gpmb.parcels import views

app_name = "parcels"
urlpatterns = [
    path("<int:pk>/", views.ParcelDetailView.as_view(), name="parcel_detail"),
    path("<int:pk>/edit/", views.ParcelEditView.as_view(), name="parcel_edit"),
]

# The project map (issue 3).
from gpmb.parcels import mapviews  # noqa: E402

urlpatterns += [
    path("map/<slug:code>/", mapviews.parcel_map, name="parcel_map"),
    path("map/<slug:code>/features/", mapviews.map_features, name="map_features"),
    path("map/<slug:code>/boundary/", mapviews.map_boundary, name="map_boundary"),
    path("map/<slug:code>/search/", mapviews.map_search, name="map_search"),
    path("map/<slug:code>/parcel/<int:pk>/", mapviews.map_popup, name="map_popup"),
]
