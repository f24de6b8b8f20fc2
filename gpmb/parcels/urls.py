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

# The web import wizard (issue 3).
from gpmb.parcels import importviews  # noqa: E402

urlpatterns += [
    path("import/<slug:code>/", importviews.import_upload, name="import_upload"),
    path("import/job/<int:pk>/", importviews.import_job, name="import_job"),
    path("import/job/<int:pk>/run/", importviews.import_run, name="import_run"),
    path("import/job/<int:pk>/status/", importviews.import_status, name="import_status"),
]
urlpatterns += [
    path("map/<slug:code>/boundaries/", mapviews.boundary_versions, name="boundary_versions"),
]
urlpatterns += [
    path("map/<slug:code>/boundaries/upload/", importviews.boundary_upload, name="boundary_upload"),
]
