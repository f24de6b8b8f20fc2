from django.urls import path

from gpmb.parcels.views import imports, map, parcels

app_name = "parcels"
urlpatterns = [
    path("<int:pk>/", parcels.ParcelDetailView.as_view(), name="parcel_detail"),
    path("<int:pk>/edit/", parcels.ParcelEditView.as_view(), name="parcel_edit"),
    # The project map and its clearance boundary.
    path("map/<slug:code>/", map.parcel_map, name="parcel_map"),
    path("map/<slug:code>/features/", map.map_features, name="map_features"),
    path("map/<slug:code>/boundary/", map.map_boundary, name="map_boundary"),
    path("map/<slug:code>/search/", map.map_search, name="map_search"),
    path("map/<slug:code>/parcel/<int:pk>/", map.map_popup, name="map_popup"),
    path("map/<slug:code>/boundaries/", map.boundary_versions, name="boundary_versions"),
    # Cadastral files and boundaries from the web: upload → preview → confirm.
    path("import/<slug:code>/", imports.import_upload, name="import_upload"),
    path("import/job/<int:pk>/", imports.import_job, name="import_job"),
    path("import/job/<int:pk>/run/", imports.import_run, name="import_run"),
    path("import/job/<int:pk>/status/", imports.import_status, name="import_status"),
    path("map/<slug:code>/boundaries/upload/", imports.boundary_upload, name="boundary_upload"),
]
